/**
 * Helpers for the agent's log: {@link dev.echomesh.agent.logging.LogThrottle} keeps a flood of one
 * kind of event to one line a minute. Depends on nothing of the agent.
 */
package dev.echomesh.agent.logging;
