package dev.lakeetl.streaming.kinesis;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.Offset;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Read amplification of the Kinesis source: GetRecords calls and bytes fetched per record the
 * source delivers, against the Kinesis emulator (kinesis-local, from the streaming module's
 * test-jar). The source's Kinesis client is the emulator's, wrapped to count every GetRecords and
 * GetShardIterator call and the records and bytes of record data GetRecords returned; the stream is
 * driven batch by batch as Spark's micro-batch engine does (latest offset, offset written and read
 * back as JSON, partitions planned and read to their end, previous end committed), in this process,
 * so any build of the source that takes its client from outside (commit c40efbc and later) can be
 * measured: put its streaming jar first on the classpath.
 *
 * <p>Two phases on a stream of one shard: <b>backlog</b>, {@code records} records already in the
 * shard read from TRIM_HORIZON in batches of {@code max-records-per-shard} (a query behind, or
 * catching up after a restart); <b>tail</b>, {@code rounds} rounds of {@code per-round} new records
 * each read as they arrive (a query that has caught up).
 *
 * <p>Usage: {@code KinesisReadAmplification <label> <payload file> [records] [max per batch]
 * [rounds] [per round]}; the payload file's lines are the records' data, cycled.
 */
public final class KinesisReadAmplification {
  private KinesisReadAmplification() {}

  /** What the wrapped client counted. */
  static final class Counts {
    long getRecordsCalls;
    long fetchedRecords;
    long fetchedBytes;
    long getShardIteratorCalls;

    Counts minus(Counts other) {
      Counts difference = new Counts();
      difference.getRecordsCalls = getRecordsCalls - other.getRecordsCalls;
      difference.fetchedRecords = fetchedRecords - other.fetchedRecords;
      difference.fetchedBytes = fetchedBytes - other.fetchedBytes;
      difference.getShardIteratorCalls = getShardIteratorCalls - other.getShardIteratorCalls;
      return difference;
    }

    synchronized Counts copy() {
      return minus(new Counts());
    }
  }

  /** Rows the source delivered. */
  static final class Delivered {
    long records;
    long bytes;
    long batches;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "Usage: KinesisReadAmplification <label> <payload file> [records] [max per batch]"
              + " [rounds] [per round]");
      System.exit(1);
    }
    String label = args[0];
    List<String> payloads =
        Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isBlank())
            .toList();
    int records = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    int maxPerBatch = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int perRound = args.length > 5 ? Integer.parseInt(args[5]) : 50;

    try (KinesisEmulator emulator = KinesisEmulator.start()) {
      Counts counts = new Counts();
      KinesisClient counting = counting(emulator.client(), counts);
      String stream = "bench";
      emulator.createStream(stream, 1);
      Path checkpoint = Files.createTempDirectory("kinesis-bench-checkpoint");
      Map<String, String> options = new HashMap<>();
      options.put("stream", stream);
      options.put("region", KinesisEmulator.REGION);
      options.put("endpoint", emulator.endpoint().toString());
      options.put("starting-position", "TRIM_HORIZON");
      options.put("max-records-per-shard", Integer.toString(maxPerBatch));
      options.put("idle-poll-interval", "0s");
      KinesisMicroBatchStream source =
          new KinesisMicroBatchStream(
              KinesisReadConf.of(options),
              checkpoint.toString(),
              new Configuration(),
              conf -> counting,
              SourceClock.SYSTEM);
      Driver driver = new Driver(source);

      int next = put(emulator, stream, payloads, 0, records);
      Counts before = counts.copy();
      long started = System.nanoTime();
      Delivered backlog = driver.untilIdle();
      double backlogSeconds = (System.nanoTime() - started) / 1e9;
      Counts backlogCounts = counts.copy().minus(before);

      before = counts.copy();
      Delivered tail = new Delivered();
      for (int round = 0; round < rounds; round++) {
        next = put(emulator, stream, payloads, next, perRound);
        Delivered delivered = driver.untilIdle();
        tail.records += delivered.records;
        tail.bytes += delivered.bytes;
        tail.batches += delivered.batches;
      }
      Counts tailCounts = counts.copy().minus(before);
      source.stop();

      if (backlog.records != records || tail.records != (long) rounds * perRound) {
        throw new IllegalStateException(
            String.format(
                "Delivered %d + %d records, expected %d + %d",
                backlog.records, tail.records, records, (long) rounds * perRound));
      }
      // Marked: Spark's and Hadoop's log lines may go to standard output too.
      System.out.println(
          "RESULT\tbuild\tphase\trecords\tbatches\tdelivered bytes\tGetRecords calls\tfetched records"
              + "\tfetched bytes\tGetShardIterator calls\tGetRecords calls per 1,000 records"
              + "\tfetched records per record\tfetched bytes per delivered byte"
              + "\trecords/s (emulator)");
      print(label, "backlog", backlog, backlogCounts, backlogSeconds);
      print(label, "tail", tail, tailCounts, Double.NaN);
    }
  }

  private static void print(
      String label, String phase, Delivered delivered, Counts counts, double seconds) {
    System.out.println(
        String.join(
            "\t",
            "RESULT",
            label,
            phase,
            Long.toString(delivered.records),
            Long.toString(delivered.batches),
            Long.toString(delivered.bytes),
            Long.toString(counts.getRecordsCalls),
            Long.toString(counts.fetchedRecords),
            Long.toString(counts.fetchedBytes),
            Long.toString(counts.getShardIteratorCalls),
            format(1000.0 * counts.getRecordsCalls / delivered.records),
            format((double) counts.fetchedRecords / delivered.records),
            format((double) counts.fetchedBytes / delivered.bytes),
            Double.isNaN(seconds)
                ? "n/a"
                : String.format(Locale.ROOT, "%.0f", delivered.records / seconds)));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** Puts {@code count} records from payload {@code from} on (cycled); returns the next index. */
  private static int put(
      KinesisEmulator emulator, String stream, List<String> payloads, int from, int count) {
    int index = from;
    int left = count;
    while (left > 0) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < Math.min(100, left); i++, index++) {
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey("key-" + index % 97)
                .data(SdkBytes.fromUtf8String(payloads.get(index % payloads.size())))
                .build());
      }
      int failed =
          emulator
              .client()
              .putRecords(request -> request.streamName(stream).records(entries))
              .failedRecordCount();
      if (failed != 0) {
        throw new IllegalStateException(failed + " records were not put");
      }
      left -= entries.size();
    }
    return index;
  }

  /** The emulator's client, counting GetRecords and GetShardIterator calls and what they return. */
  private static KinesisClient counting(KinesisClient delegate, Counts counts) {
    return (KinesisClient)
        Proxy.newProxyInstance(
            KinesisClient.class.getClassLoader(),
            new Class<?>[] {KinesisClient.class},
            (proxy, method, methodArgs) -> {
              if (method.getName().equals("close")) {
                return null; // shared by the driver and the tasks of this process
              }
              Object result;
              try {
                result = method.invoke(delegate, methodArgs);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              synchronized (counts) {
                if (methodArgs != null && methodArgs.length == 1) {
                  if (methodArgs[0] instanceof GetRecordsRequest) {
                    counts.getRecordsCalls++;
                    for (Record record : ((GetRecordsResponse) result).records()) {
                      counts.fetchedRecords++;
                      counts.fetchedBytes += record.data().asByteArrayUnsafe().length;
                    }
                  } else if (methodArgs[0] instanceof GetShardIteratorRequest) {
                    counts.getShardIteratorCalls++;
                  }
                }
              }
              return result;
            });
  }

  /** Spark's micro-batch loop over one source, without Spark. */
  private static final class Driver {
    private final KinesisMicroBatchStream source;
    private String lastEnd;

    Driver(KinesisMicroBatchStream source) {
      this.source = source;
    }

    /** Runs batches until a poll finds nothing new. */
    Delivered untilIdle() throws IOException {
      Delivered delivered = new Delivered();
      while (true) {
        Offset start = lastEnd == null ? source.initialOffset() : source.deserializeOffset(lastEnd);
        Offset latest = source.latestOffset(start, source.getDefaultReadLimit());
        if (latest == null || latest.json().equals(start.json())) {
          return delivered;
        }
        String end = latest.json();
        if (lastEnd != null) {
          source.commit(source.deserializeOffset(lastEnd));
        }
        InputPartition[] partitions =
            source.planInputPartitions(
                source.deserializeOffset(start.json()), source.deserializeOffset(end));
        PartitionReaderFactory factory = source.createReaderFactory();
        for (InputPartition partition : partitions) {
          try (PartitionReader<InternalRow> reader = factory.createReader(partition)) {
            while (reader.next()) {
              delivered.records++;
              delivered.bytes += reader.get().getBinary(0).length;
            }
          }
        }
        delivered.batches++;
        lastEnd = end;
      }
    }
  }
}
