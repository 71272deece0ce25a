package dev.lakeetl.streaming.kinesis;

import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Creates the reader of one shard range in a task. Carries the session's Hadoop configuration, with
 * which tasks record the ends of their reads in the checkpoint (on S3 as on a local disk).
 */
final class KinesisPartitionReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final KinesisClientFactory clients;
  private final SourceClock clock;
  private final SerializableConfiguration hadoopConf;

  KinesisPartitionReaderFactory(
      KinesisClientFactory clients, SourceClock clock, SerializableConfiguration hadoopConf) {
    this.clients = Objects.requireNonNull(clients, "clients is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.hadoopConf = Objects.requireNonNull(hadoopConf, "hadoopConf is null");
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new KinesisPartitionReader(
        (KinesisInputPartition) partition, clients, clock, hadoopConf.value());
  }
}
