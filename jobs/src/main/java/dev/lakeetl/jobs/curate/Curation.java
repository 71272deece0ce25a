package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.incremental.BatchId;
import dev.lakeetl.incremental.PartitionSelection;
import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.job.RunContext;
import dev.lakeetl.job.RunFailedException;
import dev.lakeetl.job.RunTracker;
import dev.lakeetl.jobs.batch.BatchServices;
import dev.lakeetl.jobs.batch.ClaimedOutput;
import dev.lakeetl.jobs.batch.StagedOutput;
import dev.lakeetl.jobs.refine.QuarantineRecords;
import dev.lakeetl.report.DatasetCounts;
import dev.lakeetl.report.InputFile;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.report.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one refined-to-curated run: list and read the inputs, count their rows, build the
 * transform steps, then write each output, check it and announce it as published. Everything is
 * recorded in the run's tracker as soon as it is known, so a failed run reports how far it got.
 *
 * <p>Counting rule: rows read are counted per input after its filter (one extra, cheap pass per
 * input: Parquet answers from file footers when no filter applies); rows written are counted by the
 * write itself. An output with {@code reconcile-with: <input>} must write exactly as many rows as
 * that input has (read = written + 0 quarantined + 0 removed); other outputs (aggregates, joins)
 * are reported per dataset without a check. The report's top-level counts are the totals over all
 * inputs and all outputs.
 *
 * <p>Every output goes through write-audit-publish ({@link StagedOutput}), with quality rules
 * ({@code output.<name>.quality.*}) or without, and the run publishes all of them or none; rows
 * quarantined by a rule count as quarantined in the reconciliation. An output that quarantined a
 * larger share of its rows than {@code quarantine.max-ratio} allows fails the run once every
 * quarantine is written.
 */
final class Curation {
  private static final Logger LOG = LoggerFactory.getLogger(Curation.class);

  private final RefinedToCuratedConfig config;
  private final BatchServices services;
  private final List<DatasetCounts> datasets = new ArrayList<>();
  private final List<String> partitions = new ArrayList<>();
  private long quarantined;

  Curation(RefinedToCuratedConfig config, BatchServices services) {
    this.config = requireNonNull(config, "config is null");
    this.services = requireNonNull(services, "services is null");
  }

  /**
   * Runs the curation once.
   *
   * @return EMPTY when an input holds no data files, the incremental mode selected nothing of the
   *     incremental inputs, or every input is without rows after its filter (nothing is written),
   *     else SUCCEEDED
   */
  RunStatus run(RunContext context) throws Exception {
    requireNonNull(context, "context is null");
    context
        .tracker()
        .target(
            String.join(
                ", ", config.outputs().stream().map(output -> output.writer().path()).toList()));
    // This run alone writes its outputs (leases in name order), and finishes or undoes any publish
    // an earlier run left open before anything else.
    Map<String, ClaimedOutput> claims = new LinkedHashMap<>();
    for (OutputConfig output : config.outputs()) {
      claims.put(
          output.name(),
          services.claim(
              context, output.name(), output.writer(), output.quality(), output.quarantinePath()));
    }
    return ClaimedOutput.abandoningOnFailure(
        List.copyOf(claims.values()), () -> curate(context, claims));
  }

  private RunStatus curate(RunContext context, Map<String, ClaimedOutput> claims) throws Exception {
    SparkSession spark = context.spark();
    RunTracker tracker = context.tracker();
    PartitionSelection selection = selectPartitions(spark);
    Map<String, Optional<List<String>>> selected = selected(spark, selection);
    Map<String, List<SourceFile>> files = listInputs(spark, tracker, selected);
    // Without incremental inputs the batch is every file read.
    BatchId batch =
        selection
            .batch()
            .orElseGet(
                () -> BatchId.ofFiles(files.values().stream().flatMap(List::stream).toList()));
    for (InputConfig input : config.inputs()) {
      if (selected.get(input.name()).isEmpty() && files.get(input.name()).isEmpty()) {
        LOG.warn(
            "No data files under input.{}.path {}: nothing to curate, reporting EMPTY",
            input.name(),
            input.path());
        return RunStatus.EMPTY;
      }
    }
    boolean incremental =
        config.inputs().stream().anyMatch(input -> selected.get(input.name()).isPresent());
    if (incremental
        && config.inputs().stream()
            .filter(input -> selected.get(input.name()).isPresent())
            .allMatch(input -> files.get(input.name()).isEmpty())) {
      LOG.warn(
          "No partitions to read ({}) in the incremental inputs: nothing to curate, reporting"
              + " EMPTY",
          config.incremental().describe());
      return RunStatus.EMPTY;
    }
    Map<String, Dataset<Row>> read = readInputs(spark, tracker, selected, files);
    if (datasets.stream().allMatch(dataset -> dataset.rows() == 0)) {
      // Nothing to compute from: writing would at best publish nothing, at worst empty tables.
      LOG.warn(
          "Every input is empty after its selection and filter ({}): nothing to curate, reporting"
              + " EMPTY",
          config.inputs().stream().map(InputConfig::name).toList());
      return RunStatus.EMPTY;
    }
    Map<String, Dataset<Row>> built = CuratePipeline.run(spark, read, config.steps());
    tracker.step("transform");
    LOG.info("Built {} transform steps: {}", config.steps().size(), built.keySet());

    writeAuditPublish(context, claims, built, batch);
    return RunStatus.SUCCEEDED;
  }

  /**
   * Every output's schema is checked against its catalog table first, then every output is written
   * to its staging folder and audited (outputs without rules too); only when no output breaks a
   * {@code fail} rule are quarantines written, the counts reconciled and, when no output
   * quarantined more than {@code quarantine.max-ratio} of its rows, the outputs published one after
   * another, each announced to the listeners (catalog registration) as soon as it is in place.
   * Otherwise, or when anything else fails on the way, nothing more is published and the caller
   * leaves no staged output behind.
   */
  private void writeAuditPublish(
      RunContext context,
      Map<String, ClaimedOutput> claims,
      Map<String, Dataset<Row>> built,
      BatchId batch)
      throws Exception {
    RunTracker tracker = context.tracker();
    // A schema change one of the tables refuses fails the run before any output is written.
    for (OutputConfig output : config.outputs()) {
      services
          .catalog()
          .checkBeforeWrite(
              context.spark(), output.name(), output.writer(), built.get(output.name()).schema());
    }
    Map<String, StagedOutput> staged = new LinkedHashMap<>();
    for (OutputConfig output : config.outputs()) {
      StagedOutput stage =
          StagedOutput.stage(claims.get(output.name()), built.get(output.name()), tracker);
      staged.put(output.name(), stage);
      written(output, stage.written(), tracker);
      tracker.quality(staged.values().stream().flatMap(each -> each.report().stream()).toList());
    }
    List<String> failures =
        staged.values().stream().flatMap(stage -> stage.failures().stream()).toList();
    if (!failures.isEmpty()) {
      staged.values().forEach(StagedOutput::reject);
      throw new RunFailedException(
          "Quality check failed, no output published: " + String.join("; ", failures));
    }
    List<String> quarantines = new ArrayList<>();
    for (OutputConfig output : config.outputs()) {
      StagedOutput stage = staged.get(output.name());
      if (stage.rowsQuarantined() > 0) {
        quarantines.add(
            stage.quarantine(
                QuarantineRecords.ofQualityFailures(
                    stage.plan(), tracker.runId(), tracker.startedAt())));
        quarantined += stage.rowsQuarantined();
        tracker.step("quarantine " + output.name());
        tracker.quarantineOutput(String.join(", ", quarantines));
        record(tracker);
      }
      reconcile(output, stage.written(), stage.rowsQuarantined());
    }
    List<String> overLimit =
        staged.values().stream()
            .flatMap(stage -> stage.quarantinedOverLimit(config.quarantineMaxRatio()).stream())
            .toList();
    if (!overLimit.isEmpty()) {
      staged.values().forEach(StagedOutput::reject);
      throw new RunFailedException(String.join("; ", overLimit));
    }
    services.checkBeforePublish();
    List<String> published = new ArrayList<>();
    for (OutputConfig output : config.outputs()) {
      StagedOutput stage = staged.get(output.name());
      stage.publish(batch);
      tracker.step("publish " + output.name());
      if (stage.rowsQuarantined() > 0) {
        published.add(stage.claim().quarantine().published());
        tracker.quarantineOutput(String.join(", ", published));
      }
      stage.announce(context);
    }
    LOG.info("Published {} outputs", staged.size());
  }

  private void written(OutputConfig output, WriteResult written, RunTracker tracker) {
    datasets.add(
        DatasetCounts.output(
            output.name(), output.writer().path(), written.rowsWritten(), written.partitions()));
    boolean severalOutputs = config.outputs().size() > 1;
    for (String partition : written.partitions()) {
      partitions.add(severalOutputs ? output.name() + "/" + partition : partition);
    }
    record(tracker);
  }

  /**
   * The partitions of the incremental inputs this run reads; the bookmark committer gets the
   * selection to commit once the run succeeded.
   */
  private PartitionSelection selectPartitions(SparkSession spark) {
    List<String> roots =
        config.inputs().stream()
            .filter(InputConfig::incremental)
            .map(input -> CurateInputs.root(spark, input))
            .toList();
    PartitionSelection selection =
        PartitionSelection.select(
            spark, roots, PartitionSelection.DEFAULT_LAYOUT, config.incremental());
    services.bookmarks().selected(selection);
    return selection;
  }

  /** The partition folders each input reads, by input name (empty: the whole input). */
  private Map<String, Optional<List<String>>> selected(
      SparkSession spark, PartitionSelection selection) {
    Map<String, Optional<List<String>>> selected = new LinkedHashMap<>();
    for (InputConfig input : config.inputs()) {
      selected.put(
          input.name(),
          input.incremental()
              ? selection.partitions(CurateInputs.root(spark, input))
              : Optional.empty());
    }
    return selected;
  }

  private Map<String, List<SourceFile>> listInputs(
      SparkSession spark, RunTracker tracker, Map<String, Optional<List<String>>> selected) {
    Map<String, List<SourceFile>> listed = new LinkedHashMap<>();
    List<InputFile> all = new ArrayList<>();
    for (InputConfig input : config.inputs()) {
      List<SourceFile> found = CurateInputs.list(spark, input, selected.get(input.name()));
      found.forEach(file -> all.add(new InputFile(file.path(), file.size())));
      listed.put(input.name(), found);
    }
    tracker.inputs(RunInputs.of(all));
    return listed;
  }

  private Map<String, Dataset<Row>> readInputs(
      SparkSession spark,
      RunTracker tracker,
      Map<String, Optional<List<String>>> selected,
      Map<String, List<SourceFile>> files) {
    Map<String, Dataset<Row>> read = new LinkedHashMap<>();
    for (InputConfig input : config.inputs()) {
      List<SourceFile> inputFiles = files.get(input.name());
      // Selected folders without data files are read as no rows with the table's columns.
      Optional<List<String>> partitions =
          selected.get(input.name()).map(folders -> inputFiles.isEmpty() ? List.of() : folders);
      Dataset<Row> rows = CurateInputs.read(spark, input, partitions);
      long count = rows.count();
      datasets.add(DatasetCounts.input(input.name(), input.path(), count));
      record(tracker);
      LOG.info(
          "Input {}: {} rows from {} {} files under {}{}{}",
          input.name(),
          count,
          inputFiles.size(),
          input.format().configName(),
          input.path(),
          partitions
              .map(
                  folders ->
                      " in "
                          + folders.size()
                          + " partitions ("
                          + config.incremental().describe()
                          + ")")
              .orElse(""),
          input.filter().map(filter -> " where " + filter).orElse(""));
      read.put(input.name(), rows);
    }
    tracker.step("read");
    return read;
  }

  /** Puts what is known so far into the tracker, so a failure later still reports it. */
  private void record(RunTracker tracker) {
    long read = 0;
    long written = 0;
    for (DatasetCounts dataset : datasets) {
      if (dataset.role() == DatasetCounts.Role.INPUT) {
        read += dataset.rows();
      } else {
        written += dataset.rows();
      }
    }
    tracker.counts(new RunCounts(read, written, quarantined, 0));
    tracker.datasets(datasets);
    tracker.partitions(partitions);
  }

  private void reconcile(OutputConfig output, WriteResult written, long quarantinedRows) {
    if (output.reconcileWith().isEmpty()) {
      return;
    }
    String input = output.reconcileWith().get();
    long read =
        datasets.stream()
            .filter(dataset -> dataset.role() == DatasetCounts.Role.INPUT)
            .filter(dataset -> dataset.name().equals(input))
            .mapToLong(DatasetCounts::rows)
            .sum();
    if (new RunCounts(read, written.rowsWritten(), quarantinedRows, 0).difference() != 0) {
      throw new RunFailedException(
          "Cannot reconcile output."
              + output.name()
              + " with input "
              + input
              + " (output."
              + output.name()
              + ".reconcile-with): read "
              + read
              + " rows but wrote "
              + written.rowsWritten()
              + (quarantinedRows > 0 ? " and quarantined " + quarantinedRows : ""));
    }
    LOG.info("Output {} reconciles with input {}: {} rows", output.name(), input, read);
  }
}
