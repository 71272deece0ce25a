package dev.lakeetl.jobs.curate;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.io.SourceFile;
import dev.lakeetl.io.WriteResult;
import dev.lakeetl.io.parquet.PartitionedParquetWriter;
import dev.lakeetl.report.DatasetCounts;
import dev.lakeetl.report.InputFile;
import dev.lakeetl.report.ReconciliationException;
import dev.lakeetl.report.RunCounts;
import dev.lakeetl.report.RunInputs;
import dev.lakeetl.spark.StoragePaths;
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
 * transform steps, then write each output, tell the listeners, and check the pass-through outputs'
 * counts. What was done so far stays readable when a step fails, so a failed run reports it.
 *
 * <p>Counting rule: rows read are counted per input after its filter (one extra, cheap pass per
 * input: Parquet answers from file footers when no filter applies); rows written are counted by the
 * write itself. An output with {@code reconcile-with: <input>} must write exactly as many rows as
 * that input has (read = written, nothing quarantined or removed); other outputs (aggregates,
 * joins) are reported per dataset without a check.
 */
final class Curation {
  private static final Logger LOG = LoggerFactory.getLogger(Curation.class);

  private final RefinedToCuratedConfig config;
  private final List<OutputListener> listeners;
  private final Map<String, Long> inputRows = new LinkedHashMap<>();
  private final List<DatasetCounts> datasets = new ArrayList<>();
  private final List<String> partitions = new ArrayList<>();
  private RunInputs inputs = RunInputs.NONE;

  Curation(RefinedToCuratedConfig config, List<OutputListener> listeners) {
    this.config = requireNonNull(config, "config is null");
    this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
  }

  /**
   * Runs the curation.
   *
   * @return false when an input holds no data files: nothing was written
   */
  boolean run(SparkSession spark) {
    requireNonNull(spark, "spark is null");
    Map<String, Dataset<Row>> read = readInputs(spark);
    if (read.isEmpty()) {
      return false;
    }
    Map<String, Dataset<Row>> built = CuratePipeline.run(spark, read, config.steps());
    LOG.info("Built {} transform steps: {}", config.steps().size(), built.keySet());
    PartitionedParquetWriter writer = new PartitionedParquetWriter();
    boolean several = config.outputs().size() > 1;
    for (OutputConfig output : config.outputs()) {
      Dataset<Row> dataset = built.get(output.name());
      WriteResult written = writer.write(dataset, output.writer());
      String location =
          StoragePaths.resolve(output.writer().path(), spark.sparkContext().hadoopConfiguration());
      datasets.add(
          DatasetCounts.output(
              output.name(), output.writer().path(), written.rowsWritten(), written.partitions()));
      written
          .partitions()
          .forEach(
              partition -> partitions.add(several ? output.name() + "/" + partition : partition));
      LOG.info(
          "Output {}: {} rows in {} partitions written to {}",
          output.name(),
          written.rowsWritten(),
          written.partitions().size(),
          location);
      reconcile(output, written);
      PublishedOutput published = new PublishedOutput(output, location, dataset.schema(), written);
      // The seam for catalog registration and bookmarks: after the write, before the report.
      listeners.forEach(listener -> listener.published(published));
    }
    return true;
  }

  private Map<String, Dataset<Row>> readInputs(SparkSession spark) {
    List<InputFile> files = new ArrayList<>();
    Map<String, List<SourceFile>> listed = new LinkedHashMap<>();
    for (InputConfig input : config.inputs()) {
      List<SourceFile> found = CurateInputs.list(spark, input);
      found.forEach(file -> files.add(new InputFile(file.path(), file.size())));
      listed.put(input.name(), found);
    }
    inputs = RunInputs.of(files);
    Optional<String> empty =
        listed.entrySet().stream()
            .filter(entry -> entry.getValue().isEmpty())
            .map(Map.Entry::getKey)
            .findFirst();
    if (empty.isPresent()) {
      InputConfig input =
          config.inputs().stream()
              .filter(candidate -> candidate.name().equals(empty.get()))
              .findFirst()
              .orElseThrow();
      LOG.warn(
          "No data files under input.{}.path {}: nothing to curate, reporting EMPTY",
          input.name(),
          input.path());
      return Map.of();
    }
    Map<String, Dataset<Row>> read = new LinkedHashMap<>();
    for (InputConfig input : config.inputs()) {
      Dataset<Row> rows = CurateInputs.read(spark, input);
      long count = rows.count();
      inputRows.put(input.name(), count);
      datasets.add(DatasetCounts.input(input.name(), input.path(), count));
      LOG.info(
          "Input {}: {} rows from {} {} files under {}{}",
          input.name(),
          count,
          listed.get(input.name()).size(),
          input.format().configName(),
          input.path(),
          input.filter().map(filter -> " where " + filter).orElse(""));
      read.put(input.name(), rows);
    }
    return read;
  }

  private void reconcile(OutputConfig output, WriteResult written) {
    if (output.reconcileWith().isEmpty()) {
      return;
    }
    String input = output.reconcileWith().get();
    RunCounts counts = new RunCounts(inputRows.get(input), written.rowsWritten(), 0, 0);
    try {
      counts.reconcile();
    } catch (ReconciliationException e) {
      throw new IllegalStateException(
          "Cannot reconcile output."
              + output.name()
              + " with input "
              + input
              + ": read "
              + counts.read()
              + " rows but wrote "
              + counts.written(),
          e);
    }
    LOG.info("Output {} reconciles with input {}: {} rows", output.name(), input, counts.read());
  }

  /** The files listed so far. */
  RunInputs inputs() {
    return inputs;
  }

  /** Rows per input and output so far, inputs first. */
  List<DatasetCounts> datasets() {
    return List.copyOf(datasets);
  }

  /** Partitions written so far; prefixed with the output name when there are several outputs. */
  List<String> partitions() {
    return List.copyOf(partitions);
  }

  /** Total rows read over all inputs and written over all outputs (not reconciled). */
  RunCounts totals() {
    long read = 0;
    long written = 0;
    for (DatasetCounts dataset : datasets) {
      if (dataset.role() == DatasetCounts.Role.INPUT) {
        read += dataset.rows();
      } else {
        written += dataset.rows();
      }
    }
    return new RunCounts(read, written, 0, 0);
  }
}
