/**
 * The README's example of embedding the agent, built as a module so that it can use only what the
 * agent's module exports.
 */
module dev.echomesh.examples {
  requires dev.echomesh.agent;
}
