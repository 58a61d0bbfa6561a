package dev.echomesh.agent.control;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Builds the complete responses of the local API. */
final class Responses {

  static final String JSON = "application/json";

  private Responses() {}

  /** A response with a body of {@code contentType}. */
  static FullHttpResponse full(
      HttpResponseStatus status, byte[] body, String contentType, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  /** A JSON body, followed by a newline so that curl's output ends its line. */
  static FullHttpResponse json(HttpResponseStatus status, Object tree, boolean keepAlive) {
    return full(status, ApiJson.bytesWithNewline(tree), JSON, keepAlive);
  }

  /** The error body {@code {"error": code, "message": one line}} with the error's status. */
  static FullHttpResponse error(ControlException e, boolean keepAlive) {
    FullHttpResponse response =
        json(
            HttpResponseStatus.valueOf(e.error().httpStatus()),
            ApiJson.error(e.error(), e.getMessage()),
            keepAlive);
    if (e instanceof MethodNotAllowedException wrongMethod) {
      response.headers().set(HttpHeaderNames.ALLOW, wrongMethod.allowed());
    }
    return response;
  }
}
