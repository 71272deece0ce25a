package dev.lakeetl.streaming.kinesis;

import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Creates the reader of one shard range in a task. */
final class KinesisPartitionReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final KinesisClientFactory clients;
  private final SourceClock clock;

  KinesisPartitionReaderFactory(KinesisClientFactory clients, SourceClock clock) {
    this.clients = Objects.requireNonNull(clients, "clients is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new KinesisPartitionReader((KinesisInputPartition) partition, clients, clock);
  }
}
