package dev.lakeetl.streaming;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.streaming.decode.DecodeSchemas;
import dev.lakeetl.streaming.decode.RecordDecoder;
import dev.lakeetl.streaming.quality.BatchQuality;
import dev.lakeetl.streaming.run.BatchGate;
import dev.lakeetl.streaming.sink.OnePassSink;
import dev.lakeetl.streaming.sink.RefinedRows;
import dev.lakeetl.streaming.source.StreamSample;
import dev.lakeetl.streaming.source.StreamSources;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts the job's one query, {@value #REFINED}: it reads and decodes every record once
 * and writes refined rows, quarantined records and, when configured, the windows they complete
 * through the {@link OnePassSink}.
 *
 * <p>The sink's log (commit markers keyed by batch id, and the open windows) lives inside the
 * query's checkpoint folder, so resetting the query's checkpoint resets the log with it and a batch
 * id that starts again at 0 is never mistaken for one committed before the reset.
 */
final class StreamingTopology {
  /** The query's name; also its checkpoint sub-folder. */
  static final String REFINED = StreamingPaths.QUERY;

  private static final Logger LOG = LoggerFactory.getLogger(StreamingTopology.class);

  private final StreamingConfig config;
  private final StreamingPaths paths;
  private final BatchQuality quality;
  private final OnePassSink sink;
  private final BatchGate gate = new BatchGate();

  StreamingTopology(StreamingConfig config, StreamingPaths paths, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.paths = requireNonNull(paths, "paths is null");
    this.quality = new BatchQuality(config.quality(), config.rejectLimit());
    this.sink =
        new OnePassSink(
            new OnePassSink.Layout(
                paths.target(),
                paths.quarantine(),
                paths.sinkLog(),
                config.decode().eventTime(),
                config.partitioning(),
                config.compression(),
                config.maxRecordsPerFile()),
            config.window().map(window -> window.withPath(paths.windows().orElseThrow())),
            quality,
            clock);
  }

  /** Spark query name to the short name used in logs and the report. */
  Map<String, String> queryNames() {
    return Map.of(config.jobName() + "-" + REFINED, REFINED);
  }

  /** The quality rules checked on every batch, for their tallies. */
  BatchQuality quality() {
    return quality;
  }

  /** The refined and quarantine sink, for its counts. */
  OnePassSink sink() {
    return sink;
  }

  /** The gate the sink is behind, for a stop between batches. */
  BatchGate gate() {
    return gate;
  }

  /**
   * Resolves the record schema and starts the query.
   *
   * @throws TimeoutException when Spark cannot start the query
   */
  List<StreamingQuery> start(SparkSession spark) throws TimeoutException {
    paths.moveLegacySinkLog(spark.sparkContext().hadoopConfiguration());
    StructType schema = schema(spark);
    DecodeSchemas.validate(schema, config.decode().eventTime(), RefinedRows.RESERVED);
    LOG.info("Record schema ({}): {}", config.decode().format().configName(), schema.toDDL());
    Dataset<Row> decoded =
        RecordDecoder.decode(
            StreamSources.records(spark, config.source()), config.decode(), schema);
    quality.checkAgainst(
        spark,
        RefinedRows.refinedWithPayload(decoded, config.decode().eventTime(), config.partitioning())
            .schema());
    sink.loadTotals(spark.sparkContext().hadoopConfiguration());
    return List.of(
        decoded
            .writeStream()
            .queryName(config.jobName() + "-" + REFINED)
            .option("checkpointLocation", config.checkpoint(REFINED))
            .trigger(trigger())
            .foreachBatch(gate.around(sink))
            .start());
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
