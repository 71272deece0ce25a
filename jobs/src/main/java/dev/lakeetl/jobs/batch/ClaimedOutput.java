package dev.lakeetl.jobs.batch;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.WriterConfig;
import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.quality.WriteAuditPublish;
import java.util.List;

/**
 * An output this run holds the lease of ({@link BatchServices#claim}): its write-audit-publish,
 * with any publish an earlier run left open already finished or undone, and this run's quarantine
 * folder, cleared of what an earlier attempt left. The run plans its checks and writes to the
 * staging target through {@link #gate}, then {@link #audit audits} what it wrote.
 *
 * @param name the output, as the run's listeners (catalog registration) name it
 * @param target where and how the output is published
 * @param gate stages, audits and publishes the output
 * @param quarantine where the output's quarantined rows go, published with it
 */
public record ClaimedOutput(
    String name, WriterConfig target, WriteAuditPublish gate, QuarantineFolder quarantine) {
  public ClaimedOutput {
    requireNonNull(name, "name is null");
    requireNonNull(target, "target is null");
    requireNonNull(gate, "gate is null");
    requireNonNull(quarantine, "quarantine is null");
  }

  /** The work of a run over its claimed outputs. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work}; when it fails, deletes whatever it staged for any of {@code claims} before
   * rethrowing, so a failed run leaves no staged output behind (a published one stays).
   */
  public static <T> T abandoningOnFailure(List<ClaimedOutput> claims, Work<T> work)
      throws Exception {
    requireNonNull(claims, "claims is null");
    requireNonNull(work, "work is null");
    try {
      return work.run();
    } catch (Exception | Error e) {
      // Spark throws checked exceptions undeclared, hence Exception.
      claims.forEach(claim -> claim.gate().abandon());
      throw e;
    }
  }

  /**
   * Evaluates the output's rules once the output {@code plan} planned is written to the staging
   * target.
   *
   * @param plan the checks planned by {@link WriteAuditPublish#plan}
   * @param written what was written to the staging target
   */
  public StagedOutput audit(QualityPlan plan, WriteResult written) {
    return new StagedOutput(this, plan, written, gate.audit(plan, written));
  }
}
