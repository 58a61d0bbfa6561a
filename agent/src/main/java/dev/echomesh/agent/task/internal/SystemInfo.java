package dev.echomesh.agent.task.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code sysinfo} reports, as written to JSON. Figures the platform does not offer are
 * null (and left out of the JSON).
 *
 * @param hostname the host's name
 * @param os operating system name and version, e.g. "Linux 6.1.0"
 * @param arch CPU architecture, e.g. "amd64"
 * @param cpus logical CPUs available to the agent
 * @param loadAverage 1, 5 and 15 minute load averages (1 minute only where that is all there is)
 * @param memory physical memory and the agent's heap
 * @param uptimeSeconds seconds since the host booted
 * @param agentUptimeSeconds seconds since the agent started
 * @param agentVersion the agent's version
 * @param javaVersion the JVM's version
 * @param interfaces network interfaces with their MAC and IP addresses
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemInfo(
    String hostname,
    String os,
    String arch,
    int cpus,
    List<Double> loadAverage,
    Memory memory,
    Long uptimeSeconds,
    long agentUptimeSeconds,
    String agentVersion,
    String javaVersion,
    List<Interface> interfaces) {

  /**
   * @param totalBytes physical memory
   * @param freeBytes physical memory free (available, on Linux)
   * @param heapUsedBytes the agent's heap in use
   * @param heapMaxBytes the agent's heap limit
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Memory(Long totalBytes, Long freeBytes, long heapUsedBytes, long heapMaxBytes) {}

  /**
   * @param name e.g. "eth0"
   * @param up whether it is up
   * @param loopback whether it is a loopback interface
   * @param mac "aa:bb:cc:dd:ee:ff"; empty when it has none
   * @param addresses its IPv4 and IPv6 addresses
   */
  public record Interface(String name, boolean up, boolean loopback, String mac, List<String> addresses) {}
}
