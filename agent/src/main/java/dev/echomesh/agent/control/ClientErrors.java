package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpObject;
import java.io.IOException;

/** How the client turns what went wrong into {@link ControlException}s. */
final class ClientErrors {

  private ClientErrors() {}

  static ControlException protocol(String message) {
    return new ControlException(ControlError.PROTOCOL, message);
  }

  static void checkDecoded(HttpObject object) throws ControlException {
    if (object.decoderResult().isFailure()) {
      throw protocol("the agent's answer is not valid HTTP: " + object.decoderResult().cause());
    }
  }

  /**
   * The error an error response carries ({@code {"error": code, "message": text}}), or PROTOCOL
   * when the body is not such an object.
   */
  static ControlException fromResponse(HttpConnection.Response response) {
    try {
      JsonNode body = ApiJson.read(response.body());
      JsonNode code = body.get("error");
      JsonNode message = body.get("message");
      if (code != null && code.isTextual()) {
        return new ControlException(
            ControlError.fromCode(code.asText()), message == null ? "" : message.asText());
      }
    } catch (IOException e) {
      // Not JSON: described below.
    }
    return protocol("the agent answered HTTP " + response.status() + " without an error body");
  }
}
