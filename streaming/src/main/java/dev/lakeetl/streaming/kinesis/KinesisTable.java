package dev.lakeetl.streaming.kinesis;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A Kinesis stream as a table Spark can read in micro-batches. */
final class KinesisTable implements SupportsRead {
  private final KinesisReadConf conf;

  KinesisTable(KinesisReadConf conf) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
  }

  @Override
  public String name() {
    return "kinesis:" + conf.stream();
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return KinesisSourceProvider.SCHEMA;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    // The scan's options win over the table's (they are the same map for readStream().load()).
    KinesisReadConf scanConf =
        options.isEmpty() ? conf : KinesisReadConf.of(Map.copyOf(options.asCaseSensitiveMap()));
    return () -> new KinesisScan(scanConf);
  }
}
