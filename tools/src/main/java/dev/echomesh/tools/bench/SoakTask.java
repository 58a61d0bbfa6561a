package dev.echomesh.tools.bench;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The task every soak agent offers: prints {@code run MILLIS CALL_ID CALLER} when a run starts and
 * {@code ran MILLIS CALL_ID} when it ends, and takes {@link #RUN_TIME} in between, so that a kill
 * or a cut often finds a run in progress. The payload is the caller's call ID; the bench counts
 * the runs of each ID over every host's output to find duplicated runs.
 */
final class SoakTask implements TaskHandler {

  static final String NAME = "soak.run";
  /** How long one run takes: long enough that a kill once a minute often lands mid-call. */
  static final Duration RUN_TIME = Duration.ofMillis(200);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "soak benchmark: records its run, waits " + RUN_TIME.toMillis() + " ms, answers the payload";
  }

  @Override
  public TaskResult handle(TaskRequest request) throws InterruptedException {
    String callId = new String(request.payload(), StandardCharsets.US_ASCII);
    LanAgentMain.event("run", System.currentTimeMillis(), callId + " " + request.caller());
    Thread.sleep(RUN_TIME.toMillis());
    LanAgentMain.event("ran", System.currentTimeMillis(), callId);
    return TaskResult.ok(request.payload());
  }
}
