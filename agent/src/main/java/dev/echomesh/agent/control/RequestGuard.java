package dev.echomesh.agent.control;

import io.netty.handler.codec.http.HttpRequest;

/**
 * Decides whether one listener of the local API takes a request, before it is routed or its body
 * read. The Unix socket admits every request (its file permission is the check); the TCP listener
 * checks Host, Origin and the API token ({@link LoopbackGuard}).
 */
@FunctionalInterface
interface RequestGuard {

  /** Admits every request. */
  RequestGuard NONE = (request, path) -> {};

  /**
   * @param path the request's raw path, without query
   * @throws ControlException FORBIDDEN or UNAUTHORIZED when the request is refused
   */
  void admit(HttpRequest request, String path) throws ControlException;
}
