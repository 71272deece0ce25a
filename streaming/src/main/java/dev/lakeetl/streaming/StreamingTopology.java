package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.run.ProgressListener;
import dev.lakeetl.streaming.sink.OnePassSink;
import dev.lakeetl.streaming.sink.RefinedRows;
import dev.lakeetl.streaming.sink.WindowedAggregation;
import dev.lakeetl.streaming.source.StreamSample;
import dev.lakeetl.streaming.source.StreamSources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts the job's queries: {@value #REFINED} reads and decodes every record once and
 * writes refined rows and quarantined records through the {@link OnePassSink}; {@value #WINDOWS},
 * when configured, is a stateful query of its own writing windowed aggregates through Spark's file
 * sink.
 */
final class StreamingTopology {
  /** Query names; also the checkpoint sub-folders and observation names. */
  static final String REFINED = "refined";

  static final String WINDOWS = "windows";

  /** Checkpoint sub-folder of the one-pass sink's batch log. */
  static final String SINK_LOG = "sink";

  private static final Logger LOG = LoggerFactory.getLogger(StreamingTopology.class);

  private final StreamingConfig config;
  private final StreamingPaths paths;
  private final BatchQuality quality;
  private final OnePassSink sink;

  StreamingTopology(StreamingConfig config, StreamingPaths paths, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.paths = requireNonNull(paths, "paths is null");
    this.quality = new BatchQuality(config.quality());
    this.sink =
        new OnePassSink(
            new OnePassSink.Settings(
                paths.target(),
                paths.quarantine(),
                config.checkpoint(SINK_LOG),
                config.decode().eventTime(),
                config.hourly(),
                config.compression(),
                config.maxRecordsPerFile()),
            quality,
            clock);
  }

  /** Spark query name to the short name used in logs and the report. */
  Map<String, String> queryNames() {
    return Map.of(
        config.jobName() + "-" + REFINED, REFINED, config.jobName() + "-" + WINDOWS, WINDOWS);
  }

  /** The quality rules checked on every batch, for their tallies. */
  BatchQuality quality() {
    return quality;
  }

  /** The refined and quarantine sink, for its counts. */
  OnePassSink sink() {
    return sink;
  }

  /**
   * Resolves the record schema and starts the queries.
   *
   * @throws TimeoutException when Spark cannot start a query
   */
  List<StreamingQuery> start(SparkSession spark) throws TimeoutException {
    StructType schema = schema(spark);
    DecodeSchemas.validate(schema, config.decode().eventTime(), RefinedRows.RESERVED);
    LOG.info("Record schema ({}): {}", config.decode().format().configName(), schema.toDDL());
    Dataset<Row> decoded =
        RecordDecoder.decode(
            StreamSources.records(spark, config.source()), config.decode(), schema);
    quality.checkAgainst(
        spark,
        RefinedRows.refinedWithPayload(decoded, config.decode().eventTime(), config.hourly())
            .schema());
    sink.loadTotals(spark.sparkContext().hadoopConfiguration());
    List<StreamingQuery> queries = new ArrayList<>();
    queries.add(
        decoded
            .writeStream()
            .queryName(config.jobName() + "-" + REFINED)
            .option("checkpointLocation", config.checkpoint(REFINED))
            .trigger(trigger())
            .foreachBatch(sink)
            .start());
    if (config.window().isPresent()) {
      Dataset<Row> windows =
          WindowedAggregation.aggregate(
              quality.withoutQuarantined(
                  RefinedRows.refined(decoded, config.decode().eventTime(), config.hourly())),
              config.decode().eventTime(),
              config.window().get());
      queries.add(
          windows
              .observe(WINDOWS, count(lit(1)).as(ProgressListener.ROWS))
              .writeStream()
              .queryName(config.jobName() + "-" + WINDOWS)
              .format("parquet")
              .outputMode(OutputMode.Append())
              .option("path", paths.windows().orElseThrow())
              .option("checkpointLocation", config.checkpoint(WINDOWS))
              .option("compression", config.compression())
              .option("maxRecordsPerFile", config.maxRecordsPerFile())
              .partitionBy(WindowedAggregation.WINDOW_DATE)
              .trigger(trigger())
              .start());
    }
    return List.copyOf(queries);
  }

  private StructType schema(SparkSession spark) {
    if (!config.decode().inferSchema()) {
      return DecodeSchemas.declared(config.decode());
    }
    int size = config.decode().inferSampleSize();
    LOG.info("Inferring the record schema from up to {} records of the stream", size);
    List<byte[]> sample = StreamSample.payloads(spark, config.source(), size);
    StructType inferred = DecodeSchemas.infer(spark, config.decode(), sample);
    LOG.warn(
        "Inferred the record schema from {} records; pin it for production runs with"
            + " decode.schema: \"{}\"",
        sample.size(),
        inferred.toDDL());
    return inferred;
  }

  private Trigger trigger() {
    return Trigger.ProcessingTime(config.triggerInterval().toMillis());
  }
}
