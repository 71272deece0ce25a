package dev.lakeetl.streaming.kinesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * Drives a {@link KinesisMicroBatchStream} the way Spark's micro-batch engine does, without Spark:
 * the initial offset, then per batch the latest offset from the previous end, the offset written to
 * the log as JSON and read back, the partitions planned from the two, every partition read to its
 * end, and the previous batch's end committed once the next one is written. A restart is a new
 * stream over the same checkpoint folder, resuming from the last end; {@link #reRunLastBatch}
 * replays the last batch from its offsets as Spark does when its commit was lost.
 */
final class MicroBatchRunner {
  /** One row as a task produced it. */
  record Row(String shardId, String sequenceNumber, String data) {}

  /** One batch: its number (from 0), its offsets and its rows. */
  record Batch(long batchId, String start, String end, List<Row> rows) {}

  private final Path checkpoint;
  private final KinesisClientFactory clients;
  private final SourceClock clock;
  private final Map<String, String> options;
  private final List<Batch> batches = new ArrayList<>();
  private KinesisMicroBatchStream stream;
  private String committed;
  private String lastEnd;
  private boolean availableNow;

  MicroBatchRunner(Path checkpoint, ScriptedKinesisClient client, Map<String, String> options) {
    this(checkpoint, client.factory(), client.clock(), options);
  }

  /** A runner over any Kinesis API (the emulator, say) and clock. */
  MicroBatchRunner(
      Path checkpoint,
      KinesisClientFactory clients,
      SourceClock clock,
      Map<String, String> options) {
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint is null");
    this.clients = Objects.requireNonNull(clients, "clients is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.options = Map.copyOf(options);
    this.stream = newStream();
  }

  KinesisMicroBatchStream stream() {
    return stream;
  }

  List<Batch> batches() {
    return List.copyOf(batches);
  }

  /** Every row of every batch, in order. */
  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    batches.forEach(batch -> rows.addAll(batch.rows()));
    return rows;
  }

  List<String> data() {
    return rows().stream().map(Row::data).toList();
  }

  /** As {@code Trigger.AvailableNow} does before its first batch. */
  void prepareForAvailableNow() {
    availableNow = true;
    stream.prepareForTriggerAvailableNow();
  }

  /** Runs one trigger; the batch it ran, or null when the source had nothing new. */
  Batch trigger() {
    Offset start = lastEnd == null ? stream.initialOffset() : stream.deserializeOffset(lastEnd);
    Offset latest = stream.latestOffset(start, stream.getDefaultReadLimit());
    if (latest == null || latest.json().equals(start.json())) {
      return null;
    }
    String end = latest.json();
    if (lastEnd != null) {
      stream.commit(stream.deserializeOffset(lastEnd));
      committed = lastEnd;
    }
    Batch batch = run(start.json(), end);
    lastEnd = end;
    return batch;
  }

  /** Runs triggers until {@code count} batches ran or {@code maxTriggers} found nothing. */
  List<Batch> triggers(int maxTriggers) {
    List<Batch> ran = new ArrayList<>();
    for (int i = 0; i < maxTriggers; i++) {
      Batch batch = trigger();
      if (batch != null) {
        ran.add(batch);
      }
    }
    return ran;
  }

  /** Runs triggers until one finds nothing new; fails after {@code maxBatches} batches. */
  List<Batch> untilIdle(int maxBatches) {
    List<Batch> ran = new ArrayList<>();
    Batch batch;
    while ((batch = trigger()) != null) {
      ran.add(batch);
      if (ran.size() > maxBatches) {
        throw new AssertionError("Still finding new data after " + maxBatches + " batches");
      }
    }
    return ran;
  }

  /** Stops the stream and starts a new one over the same checkpoint, as a restart does. */
  void restart() {
    stream.stop();
    stream = newStream();
    if (availableNow) {
      stream.prepareForTriggerAvailableNow();
    }
  }

  /** Replays the last batch from its logged offsets (its commit was lost in a crash). */
  Batch reRunLastBatch() {
    Batch last = batches.get(batches.size() - 1);
    return run(last.start(), last.end());
  }

  /** Plans a batch from logged offsets without running it, as a crash before its tasks ran. */
  void logBatchWithoutRunning() {
    Offset start = lastEnd == null ? stream.initialOffset() : stream.deserializeOffset(lastEnd);
    Offset latest = stream.latestOffset(start, stream.getDefaultReadLimit());
    if (latest == null || latest.json().equals(start.json())) {
      throw new AssertionError("Nothing new to log a batch for");
    }
    batches.add(new Batch(batches.size(), start.json(), latest.json(), List.of()));
    lastEnd = latest.json();
  }

  /** Runs a batch from offsets written by another build (a checkpoint made by older code). */
  Batch runLogged(String start, String end) {
    Batch batch = run(start, end);
    lastEnd = end;
    return batch;
  }

  private Batch run(String startJson, String endJson) {
    Offset start = stream.deserializeOffset(startJson);
    Offset end = stream.deserializeOffset(endJson);
    InputPartition[] partitions = stream.planInputPartitions(start, end);
    PartitionReaderFactory factory = stream.createReaderFactory();
    List<Row> rows = new ArrayList<>();
    for (InputPartition partition : partitions) {
      try (PartitionReader<InternalRow> reader = factory.createReader(partition)) {
        while (reader.next()) {
          InternalRow row = reader.get();
          rows.add(
              new Row(
                  row.getUTF8String(2).toString(),
                  row.getUTF8String(3).toString(),
                  new String(row.getBinary(0), StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Batch batch = new Batch(batches.size(), startJson, endJson, List.copyOf(rows));
    batches.add(batch);
    return batch;
  }

  private KinesisMicroBatchStream newStream() {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.putIfAbsent("stream", "s");
    all.putIfAbsent("region", "eu-west-1");
    return new KinesisMicroBatchStream(
        KinesisReadConf.of(all), checkpoint.toString(), new Configuration(), clients, clock);
  }

  String committed() {
    return committed;
  }
}
