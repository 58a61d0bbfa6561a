package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the figures of {@link SystemInfo} from the JVM and, on Linux, from /proc. Reading
 * interfaces and /proc sends nothing on the network.
 */
final class SystemInfoCollector {

  private static final Logger log = LoggerFactory.getLogger(SystemInfoCollector.class);
  private static final Path PROC = Path.of("/proc");

  private final String agentVersion;
  private final Ticker ticker;
  private final long agentStartNanos;
  private final Path proc;

  SystemInfoCollector(String agentVersion, Ticker ticker, long agentStartNanos) {
    this(agentVersion, ticker, agentStartNanos, PROC);
  }

  SystemInfoCollector(String agentVersion, Ticker ticker, long agentStartNanos, Path proc) {
    this.agentVersion = agentVersion;
    this.ticker = ticker;
    this.agentStartNanos = agentStartNanos;
    this.proc = proc;
  }

  SystemInfo collect() throws SocketException {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return new SystemInfo(
        hostname(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(os),
        memory(os),
        uptimeSeconds(),
        Math.max(0, Duration.ofNanos(ticker.read() - agentStartNanos).toSeconds()),
        agentVersion,
        System.getProperty("java.version"),
        interfaces());
  }

  private String hostname() {
    String fromProc = readFirstLine(proc.resolve("sys/kernel/hostname"));
    if (fromProc != null && !fromProc.isBlank()) {
      return fromProc.trim();
    }
    String fromEnv = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : System.getenv("COMPUTERNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private List<Double> loadAverage(OperatingSystemMXBean os) {
    String line = readFirstLine(proc.resolve("loadavg"));
    if (line != null) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 3) {
        try {
          return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
        } catch (NumberFormatException e) {
          log.debug("Unexpected /proc/loadavg: {}", line);
        }
      }
    }
    double oneMinute = os.getSystemLoadAverage();
    return oneMinute < 0 ? null : List.of(oneMinute);
  }

  private static SystemInfo.Memory memory(OperatingSystemMXBean os) {
    Long total = null;
    Long free = null;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      total = sun.getTotalMemorySize();
      free = sun.getFreeMemorySize();
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new SystemInfo.Memory(total, free, heap.getUsed(), heap.getMax());
  }

  private Long uptimeSeconds() {
    String line = readFirstLine(proc.resolve("uptime"));
    if (line == null) {
      return null;
    }
    try {
      return (long) Double.parseDouble(line.trim().split("\\s+")[0]);
    } catch (NumberFormatException e) {
      log.debug("Unexpected /proc/uptime: {}", line);
      return null;
    }
  }

  private static List<SystemInfo.Interface> interfaces() throws SocketException {
    List<SystemInfo.Interface> result = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      List<String> addresses = new ArrayList<>();
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        addresses.add(address.getHostAddress());
      }
      result.add(new SystemInfo.Interface(nic.getName(), nic.isUp(), nic.isLoopback(),
          mac(nic.getHardwareAddress()), addresses));
    }
    result.sort((a, b) -> a.name().compareTo(b.name()));
    return result;
  }

  /** "aa:bb:cc:dd:ee:ff", or "" for none. */
  static String mac(byte[] address) {
    if (address == null || address.length == 0) {
      return "";
    }
    StringBuilder text = new StringBuilder(address.length * 3);
    for (byte b : address) {
      if (text.length() > 0) {
        text.append(':');
      }
      text.append(String.format(Locale.ROOT, "%02x", b & 0xFF));
    }
    return text.toString();
  }

  private static String readFirstLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return lines.isEmpty() ? null : lines.get(0);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
