package dev.lakeetl.streaming.kinesis;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis emulator with the retention period simulated, as the emulator keeps every record
 * forever: every call goes to the emulator, and only what expiry changes is applied on the way
 * back. A shard can be trimmed up to a sequence number (GetRecords no longer returns the records
 * before it and iterators positioned before it start there, as Kinesis does past the retention
 * period), and a closed shard can expire (ListShards leaves it out; GetShardIterator and GetRecords
 * answer ResourceNotFoundException, as Kinesis does once it deleted it). Time moves with {@link
 * ShiftedClock}: record arrival times are the emulator's own.
 */
final class ExpiringKinesisClient implements KinesisClient {
  private final KinesisClient emulator;
  private final Map<String, BigInteger> trimmedBefore = new HashMap<>();
  private final Set<String> horizonIsARecord = new HashSet<>();
  private final Set<String> expired = new HashSet<>();
  private final Map<String, String> iteratorShards = new HashMap<>();
  private long getRecordsCalls;
  private long fetchedRecords;
  private long fetchedBytes;

  ExpiringKinesisClient(KinesisClient emulator) {
    this.emulator = emulator;
  }

  /** A factory handing this client to the driver and every task. */
  KinesisClientFactory factory() {
    return conf -> this;
  }

  /** Records of the shard before {@code sequenceNumber} are gone, as past the retention period. */
  synchronized void trimBefore(String shardId, String sequenceNumber) {
    trimmedBefore.put(shardId, new BigInteger(sequenceNumber));
    horizonIsARecord.add(shardId);
  }

  /** Every record of the shard up to now is gone. */
  synchronized void trimAll(String shardId, String lastSequenceNumber) {
    trimmedBefore.put(shardId, new BigInteger(lastSequenceNumber).add(BigInteger.ONE));
    horizonIsARecord.remove(shardId);
  }

  /** The (closed) shard is gone with its records, as past the retention period after it closed. */
  synchronized void expire(String shardId) {
    expired.add(shardId);
  }

  synchronized long getRecordsCalls() {
    return getRecordsCalls;
  }

  @Override
  public synchronized ListShardsResponse listShards(ListShardsRequest request) {
    ListShardsResponse response = emulator.listShards(request);
    return response.toBuilder()
        .shards(
            response.shards().stream().filter(shard -> !expired.contains(shard.shardId())).toList())
        .build();
  }

  @Override
  public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    String shardId = request.shardId();
    if (expired.contains(shardId)) {
      throw notFound(shardId);
    }
    BigInteger horizon = trimmedBefore.get(shardId);
    GetShardIteratorRequest sent = request;
    // An iterator before the oldest record kept starts there (for a horizon past every record,
    // GetRecords leaves the trimmed records out instead).
    if (horizon != null && horizonIsARecord.contains(shardId) && startsBefore(request, horizon)) {
      sent =
          request.toBuilder()
              .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
              .startingSequenceNumber(horizon.toString())
              .timestamp(null)
              .build();
    }
    GetShardIteratorResponse response = emulator.getShardIterator(sent);
    iteratorShards.put(response.shardIterator(), shardId);
    return response;
  }

  @Override
  public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
    String shardId = iteratorShards.get(request.shardIterator());
    if (shardId != null && expired.contains(shardId)) {
      throw notFound(shardId);
    }
    GetRecordsResponse response = emulator.getRecords(request);
    getRecordsCalls++;
    if (response.nextShardIterator() != null && shardId != null) {
      iteratorShards.put(response.nextShardIterator(), shardId);
    }
    BigInteger horizon = shardId == null ? null : trimmedBefore.get(shardId);
    List<Record> kept =
        response.records().stream()
            .filter(
                record ->
                    horizon == null
                        || new BigInteger(record.sequenceNumber()).compareTo(horizon) >= 0)
            .toList();
    for (Record record : kept) {
      fetchedRecords++;
      fetchedBytes += record.data().asByteArrayUnsafe().length;
    }
    return response.toBuilder().records(kept).build();
  }

  private static boolean startsBefore(GetShardIteratorRequest request, BigInteger horizon) {
    return switch (request.shardIteratorType()) {
      case TRIM_HORIZON -> true;
      case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER ->
          new BigInteger(request.startingSequenceNumber()).compareTo(horizon) < 0;
      default -> false;
    };
  }

  private static ResourceNotFoundException notFound(String shardId) {
    return ResourceNotFoundException.builder()
        .message("Shard " + shardId + " in stream under account 000000000000 does not exist")
        .build();
  }

  @Override
  public String serviceName() {
    return "kinesis";
  }

  @Override
  public void close() {
    // The emulator's client is shared by the test: it closes it.
  }

  /** The system clock moved on by a settable amount: waits take real time. */
  static final class ShiftedClock implements SourceClock {
    private static final long serialVersionUID = 1L;
    private volatile long shiftNanos;

    void shift(Duration by) {
      shiftNanos += by.toNanos();
    }

    @Override
    public Instant instant() {
      return Instant.now().plusNanos(shiftNanos);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime() + shiftNanos;
    }

    @Override
    public void sleep(long millis, String during) {
      Interrupts.sleep(millis, during);
    }
  }
}
