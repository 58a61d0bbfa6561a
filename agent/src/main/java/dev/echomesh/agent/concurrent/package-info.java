/**
 * Small concurrency helpers shared by the agent's packages; depends on nothing of the
 * agent but its monotonic {@link dev.echomesh.agent.time.Ticker}.
 */
package dev.echomesh.agent.concurrent;
