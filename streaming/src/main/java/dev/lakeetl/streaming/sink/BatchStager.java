package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.lakeetl.quality.QualityPlan;
import dev.lakeetl.quality.QualityResults;
import dev.lakeetl.spark.ObservedMetrics;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.quality.BatchRejectedException;
import dev.lakeetl.streaming.source.SourceRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark part of the one-pass sink: writes one micro-batch's refined rows and quarantined
 * records into its staging folders, decoding each record once, and checks the batch's quality rules
 * on the way.
 */
final class BatchStager {
  private final OnePassSink.Layout layout;
  private final BatchQuality quality;
  private final Clock clock;
  private final StagedParquet files;

  BatchStager(OnePassSink.Layout layout, BatchQuality quality, Clock clock) {
    this.layout = requireNonNull(layout, "layout is null");
    this.files = new StagedParquet(layout.compression(), layout.maxRecordsPerFile());
    this.quality = requireNonNull(quality, "quality is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Writes the batch under {@link OnePassSink#staging} of the refined table and the quarantine.
   *
   * @return the records written to each
   * @throws BatchRejectedException when the batch breaks a {@code fail} quality rule, or
   *     quarantines more than {@code quarantine.max-ratio} of its records with {@code
   *     stream.stop-on-max-ratio}; the staged files are then left for the caller to delete
   */
  BatchCounts stage(Dataset<Row> decoded, long batchId) {
    Dataset<Row> cached = decoded.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // Counted while the refined rows are written: no pass of its own.
      Observation observation =
          new Observation("lakeetl-batch-" + batchId + "-" + UUID.randomUUID());
      Dataset<Row> observed =
          cached.observe(
              observation,
              count(lit(1)).as("records"),
              count(when(RefinedRows.isRefined(layout.eventTime()), lit(1))).as("refined"));
      Dataset<Row> refined =
          RefinedRows.refinedWithPayload(observed, layout.eventTime(), layout.partitioning());
      Optional<QualityPlan> plan =
          quality.enabled() ? Optional.of(quality.plan(refined)) : Optional.empty();
      String refinedStaging = OnePassSink.staging(layout.target(), batchId);
      write(
          plan.map(QualityPlan::output).orElse(refined).drop(SourceRecords.PAYLOAD),
          refinedStaging,
          layout.partitioning().partitionColumns());
      Map<String, Object> counts =
          ObservedMetrics.await(observation, ObservedMetrics.TIMEOUT, "count batch " + batchId);
      long records = ((Number) counts.get("records")).longValue();
      long decodedRows = ((Number) counts.get("refined")).longValue();

      long failedQuality = 0;
      Dataset<Row> quarantine = null;
      if (plan.isPresent()) {
        QualityResults results =
            quality.evaluate(plan.get(), written(refined, refinedStaging), clock.instant());
        if (!results.publishable()) {
          throw new BatchRejectedException(batchId, results.error().orElseThrow());
        }
        failedQuality = results.rowsQuarantined();
        if (failedQuality > 0) {
          quarantine =
              RefinedRows.quarantined(
                  plan.get().quarantined().orElseThrow(), col(QualityPlan.REASON));
        }
      }
      if (records > decodedRows) {
        Dataset<Row> undecoded = RefinedRows.quarantined(cached, layout.eventTime());
        quarantine = quarantine == null ? undecoded : undecoded.unionByName(quarantine);
      }
      if (quarantine != null) {
        write(
            quarantine,
            OnePassSink.staging(layout.quarantine(), batchId),
            List.of(RefinedRows.ARRIVAL_DATE));
      }
      BatchCounts written =
          new BatchCounts(decodedRows - failedQuality, records - decodedRows + failedQuality);
      quality.checkRejectedShare(batchId, records, written.quarantined());
      return written;
    } finally {
      cached.unpersist();
    }
  }

  private void write(Dataset<Row> rows, String path, List<String> partitionBy) {
    // The batch's counts are observed below this write: they must report without refined rows.
    ObservedMetrics.deliveredBy(rows.sparkSession(), () -> files.write(rows, path, partitionBy));
  }

  /**
   * The staged refined rows read back, with the schema they were written with (a batch without
   * refined rows leaves a folder without data files).
   */
  static Dataset<Row> written(Dataset<Row> refined, String staging) {
    StructType schema = refined.drop(SourceRecords.PAYLOAD).schema();
    SparkSession spark = refined.sparkSession();
    Path folder = new Path(staging);
    try {
      if (folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder)) {
        return spark.read().schema(schema).parquet(staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the staged rows in " + staging, e);
    }
    return spark.createDataFrame(List.of(), schema);
  }
}
