package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a run wrote.
 *
 * @param target table root of the refined output
 * @param quarantine folder the quarantined rows of this run went to; empty when nothing was
 *     quarantined
 * @param report the run report file itself
 */
public record RunOutputs(String target, Optional<String> quarantine, String report) {
  public RunOutputs {
    requireNonNull(target, "target is null");
    requireNonNull(quarantine, "quarantine is null");
    requireNonNull(report, "report is null");
  }
}
