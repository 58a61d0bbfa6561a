package dev.echomesh.agent.task;

import java.time.Clock;
import java.time.Instant;

/**
 * The built-in {@code sysinfo}: host name, OS, architecture, CPUs, load, memory, uptime, agent
 * version and network interfaces with their IPs and MACs, as JSON ({@link SystemInfo}).
 */
public final class SysinfoTask implements TaskHandler {

  private final SystemInfoCollector collector;

  /**
   * @param agentVersion reported as {@code agentVersion}
   * @param clock for the agent's uptime
   * @param agentStart when the agent started
   */
  public SysinfoTask(String agentVersion, Clock clock, Instant agentStart) {
    this.collector = new SystemInfoCollector(agentVersion, clock, agentStart);
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
