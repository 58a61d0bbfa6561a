package dev.echomesh.tools.doctor;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code echomesh doctor} found.
 *
 * @param findings what is wrong (problems) or worth knowing (notes), in the order checked
 * @param skipped checks that could not run, by name, with why (e.g. "nft is not installed")
 * @param agentRunning whether an agent answered on the data directory's control socket
 * @param ports the ports checked
 */
public record Diagnosis(List<Finding> findings, Map<String, String> skipped, boolean agentRunning,
    Ports ports) {

  public Diagnosis {
    findings = List.copyOf(findings);
    skipped = Map.copyOf(skipped);
  }

  /** Whether any finding keeps this device from its peers. */
  public boolean hasProblems() {
    return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.PROBLEM);
  }
}
