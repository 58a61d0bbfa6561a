package dev.echomesh.agent.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Linux's {@code /proc/net/arp}:
 *
 * <pre>
 * IP address       HW type     Flags       HW address            Mask     Device
 * 192.168.1.1      0x1         0x2         aa:bb:cc:dd:ee:ff     *        eth0
 * </pre>
 *
 * Only complete entries (flag {@code ATF_COM}, 0x2) count; incomplete ones show a zero MAC.
 * Lines that do not parse are skipped.
 */
final class ProcNetArp implements NeighbourTable {

  private static final Logger log = LoggerFactory.getLogger(ProcNetArp.class);

  /** The kernel's "entry is complete" flag (include/uapi/linux/if_arp.h). */
  private static final int ATF_COM = 0x02;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final int FIELDS = 6;

  private final Path file;
  private volatile boolean warned;

  ProcNetArp(Path file) {
    this.file = file;
  }

  @Override
  public Optional<String> macOf(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      return Optional.empty();
    }
    return Optional.ofNullable(read().get(address));
  }

  /** The table as it is now, fixed. */
  NeighbourTable snapshot() {
    Map<InetAddress, String> entries = read();
    return address -> Optional.ofNullable(entries.get(address));
  }

  private Map<InetAddress, String> read() {
    try {
      return parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (NoSuchFileException e) {
      return Map.of(); // not Linux: no table, nothing to warn about
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        log.warn("Cannot read the neighbour table {} ({}); announced MACs will not be checked", file, e.toString());
      }
      return Map.of();
    }
  }

  /** The complete entries of a {@code /proc/net/arp} text, by address. */
  static Map<InetAddress, String> parse(String text) {
    Map<InetAddress, String> entries = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] fields = WHITESPACE.split(line.strip());
      if (fields.length < FIELDS || !IPV4.matcher(fields[0]).matches()) {
        continue; // the header, a blank line, or garbage
      }
      String mac = fields[3].toLowerCase(Locale.ROOT);
      Optional<Integer> flags = hex(fields[2]);
      if (flags.isEmpty() || (flags.get() & ATF_COM) == 0 || !MAC.matcher(mac).matches()
          || mac.equals("00:00:00:00:00:00")) {
        continue;
      }
      ipv4(fields[0]).ifPresent(address -> entries.putIfAbsent(address, mac));
    }
    return entries;
  }

  private static Optional<Integer> hex(String field) {
    if (!field.startsWith("0x")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(field.substring(2), 16));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> ipv4(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always an IPv4 address", e);
    }
  }
}
