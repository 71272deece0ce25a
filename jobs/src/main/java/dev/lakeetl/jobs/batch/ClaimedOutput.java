package dev.lakeetl.jobs.batch;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.quality.QualityEvaluator;
import dev.lakeetl.quality.WriteAuditPublish;
import java.util.List;

/**
 * An output this run holds the lease of ({@link BatchServices#claim}): its write-audit-publish,
 * with any publish an earlier run left open already finished or undone, and this run's quarantine
 * folder, cleared of what an earlier attempt left.
 *
 * @param gate stages, audits and publishes the output
 * @param quarantine where the output's quarantined rows go, published with it
 */
public record ClaimedOutput(WriteAuditPublish gate, QuarantineFolder quarantine) {
  public ClaimedOutput {
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
   * Moves the staged output into its table, then its quarantine where readers look. A run that does
   * not get that far leaves the quarantine unpublished, and its retry quarantines the same records
   * again.
   *
   * @param written what was written to the staging target
   * @param audit the audit of the staged output
   * @param batch the input the run read (an append replaces an earlier publish of it)
   */
  public void publish(WriteResult written, QualityEvaluator.Evaluation audit, BatchId batch) {
    gate.publish(written, audit, batch);
    quarantine.publish();
  }
}
