/** Small stream helpers shared by the agent's packages; depends on nothing of the agent. */
package dev.echomesh.agent.io;
