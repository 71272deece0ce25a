/**
 * Data-quality rules declared in job configuration (natively or in AWS Glue DQDL) that decide what
 * a run may publish.
 *
 * <p>{@link dev.lakeetl.quality.QualityGate} plans the checks that cost no extra pass (observed
 * while the output is written); {@link dev.lakeetl.quality.QualityEvaluator} turns them, one Deequ
 * pass for what needs it and the {@link dev.lakeetl.quality.MetricsHistory} into results; {@link
 * dev.lakeetl.quality.WriteAuditPublish} stages, audits and publishes one output. The rule model is
 * in {@code rules}, the DQDL parser in {@code dqdl}, the folder moves in {@code publish}.
 */
package dev.lakeetl.quality;
