package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The built-in {@code reverse}, the echoSocket classic: reverses a UTF-8 string by code points
 * (a character outside the BMP stays whole). A payload that is not valid UTF-8 is INVALID.
 */
public final class ReverseTask implements TaskHandler {

  /** Payloads up to this size are reversed inline: a few microseconds of work. */
  static final int INLINE_MAX_BYTES = 4096;

  @Override
  public String name() {
    return "reverse";
  }

  @Override
  public String description() {
    return "Reverses a UTF-8 string, code point by code point";
  }

  @Override
  public TaskResult handle(TaskRequest request) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(request.payload()))
          .toString();
    } catch (CharacterCodingException e) {
      return TaskResult.error(TaskStatus.INVALID, "the payload is not valid UTF-8");
    }
    // StringBuilder.reverse keeps surrogate pairs together: a reversal by code points.
    return TaskResult.ok(new StringBuilder(text).reverse().toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Small payloads only: the work grows with the payload, up to the 16 MiB frame limit. */
  @Override
  public boolean runsInline(TaskRequest request) {
    return request.payload().length <= INLINE_MAX_BYTES;
  }
}
