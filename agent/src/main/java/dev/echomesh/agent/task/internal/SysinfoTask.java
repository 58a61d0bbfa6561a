package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.time.Ticker;

/**
 * The built-in {@code sysinfo}: host name, OS, architecture, CPUs, load, memory, uptime, agent
 * version and network interfaces with their IPs and MACs, as JSON ({@link SystemInfo}).
 */
public final class SysinfoTask implements TaskHandler {

  private final SystemInfoCollector collector;

  /**
   * @param agentVersion reported as {@code agentVersion}
   * @param ticker the agent's ticker, that its uptime is measured on
   * @param agentStartNanos when the agent started, on {@code ticker}
   */
  public SysinfoTask(String agentVersion, Ticker ticker, long agentStartNanos) {
    this.collector = new SystemInfoCollector(agentVersion, ticker, agentStartNanos);
  }

  @Override
  public String name() {
    return "sysinfo";
  }

  @Override
  public String description() {
    return "Host name, OS, CPUs, load, memory, uptime, agent version, interfaces with IPs and MACs (JSON)";
  }

  @Override
  public TaskResult handle(TaskRequest request) throws Exception {
    return TaskResult.ok(Json.bytes(collector.collect()));
  }
}
