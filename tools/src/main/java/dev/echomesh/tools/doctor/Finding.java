package dev.echomesh.tools.doctor;

import java.util.Objects;

/**
 * One thing {@code echomesh doctor} found.
 *
 * @param code stable identifier for scripts, e.g. {@code firewall-link-port}
 * @param severity whether it keeps peers apart ({@link Severity#PROBLEM}) or is worth knowing
 * @param problem what is wrong, in one line
 * @param fix what to do about it, in one line
 */
public record Finding(String code, Severity severity, String problem, String fix) {

  /** How much a finding matters. */
  public enum Severity {
    /** Keeps this device from seeing or reaching peers; makes doctor exit non-zero. */
    PROBLEM,
    /** Worth knowing, but echomesh works around it; exit code unaffected. */
    NOTE
  }

  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(fix, "fix");
  }

  static Finding problem(String code, String problem, String fix) {
    return new Finding(code, Severity.PROBLEM, problem, fix);
  }

  static Finding note(String code, String problem, String fix) {
    return new Finding(code, Severity.NOTE, problem, fix);
  }
}
