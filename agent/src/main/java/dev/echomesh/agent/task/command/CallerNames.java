package dev.echomesh.agent.task.command;

import dev.echomesh.agent.identity.NodeId;
import java.util.Optional;

/**
 * Looks up the name a node announced, for {@code ECHOMESH_CALLER_NAME}. Declared here so this
 * package needs nothing from the layers above it; the agent answers from its peer table.
 * Names are informational: they are chosen by each node and never grant access.
 */
@FunctionalInterface
public interface CallerNames {

  /** A lookup that knows no names: {@code ECHOMESH_CALLER_NAME} is then empty. */
  CallerNames NONE = caller -> Optional.empty();

  /** The name {@code caller} announced, if known. Must not block. */
  Optional<String> nameOf(NodeId caller);
}
