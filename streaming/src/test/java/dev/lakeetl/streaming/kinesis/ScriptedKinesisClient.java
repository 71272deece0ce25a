package dev.lakeetl.streaming.kinesis;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A Kinesis service for one stream that answers the way AWS documents it, where the emulator
 * cannot: GetRecords may return empty pages while the shard still has records further on (with
 * MillisBehindLatest above zero), throttles ({@code ProvisionedThroughputExceededException}),
 * expires iterators after five minutes ({@code ExpiredIteratorException}), and trims records past
 * the retention period, after which TRIM_HORIZON starts at the oldest record still kept and a
 * closed shard whose records are all trimmed leaves the listing.
 *
 * <p>Time is a {@link FakeClock}; every call takes {@link #CALL_LATENCY} of it. It counts every
 * call and the records and bytes GetRecords returned, and when each GetRecords call was made. Used
 * from one thread at a time, as the tests drive the driver and the tasks in turn.
 */
final class ScriptedKinesisClient implements KinesisClient {
  static final Duration CALL_LATENCY = Duration.ofMillis(10);
  static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(5);

  private final String stream;
  private final FakeClock clock;
  private final Map<String, ScriptedShard> shards = new LinkedHashMap<>();
  private final Map<String, IteratorState> iterators = new HashMap<>();
  private final Deque<Supplier<RuntimeException>> getRecordsFailures = new ArrayDeque<>();
  private final Map<String, List<Answer>> answers = new HashMap<>();
  private long getRecordsCalls;
  private long getShardIteratorCalls;
  private long listShardsCalls;
  private long recordsReturned;
  private long bytesReturned;
  private int nextIterator;

  ScriptedKinesisClient(String stream, FakeClock clock) {
    this.stream = stream;
    this.clock = clock;
  }

  /** A factory handing this client to the driver and every task. */
  KinesisClientFactory factory() {
    return conf -> this;
  }

  FakeClock clock() {
    return clock;
  }

  /** Adds an open shard; children name their parents. */
  synchronized ScriptedShard addShard(String shardId, String parent, String adjacentParent) {
    ScriptedShard shard = new ScriptedShard(shardId, shards.size(), parent, adjacentParent);
    shards.put(shardId, shard);
    return shard;
  }

  synchronized ScriptedShard addShard(String shardId) {
    return addShard(shardId, null, null);
  }

  synchronized ScriptedShard shard(String shardId) {
    return shards.get(shardId);
  }

  /** The next {@code calls} GetRecords calls are throttled. */
  synchronized void throttleNextGetRecords(int calls) {
    for (int i = 0; i < calls; i++) {
      getRecordsFailures.add(
          () ->
              ProvisionedThroughputExceededException.builder()
                  .message("Rate exceeded for shard in stream " + stream)
                  .build());
    }
  }

  /** The next GetRecords call finds its iterator expired. */
  synchronized void expireNextIterator() {
    getRecordsFailures.add(
        () -> ExpiredIteratorException.builder().message("Iterator expired.").build());
  }

  synchronized long getRecordsCalls() {
    return getRecordsCalls;
  }

  synchronized long getShardIteratorCalls() {
    return getShardIteratorCalls;
  }

  synchronized long listShardsCalls() {
    return listShardsCalls;
  }

  synchronized long recordsReturned() {
    return recordsReturned;
  }

  synchronized long bytesReturned() {
    return bytesReturned;
  }

  /** One GetRecords answer: when it was given, how many records it held, how far behind. */
  record Answer(long nanos, int records, long millisBehindLatest) {}

  /** Every GetRecords answer for the shard (throttled calls are not answers), in order. */
  synchronized List<Answer> answers(String shardId) {
    return List.copyOf(answers.getOrDefault(shardId, List.of()));
  }

  @Override
  public synchronized ListShardsResponse listShards(ListShardsRequest request) {
    clock.advance(CALL_LATENCY);
    listShardsCalls++;
    if (request.streamName() != null && !stream.equals(request.streamName())) {
      throw ResourceNotFoundException.builder()
          .message("Stream " + request.streamName() + " under account 123456789012 not found.")
          .build();
    }
    List<Shard> listed = new ArrayList<>();
    for (ScriptedShard shard : shards.values()) {
      if (!shard.expired) {
        listed.add(shard.describe());
      }
    }
    return ListShardsResponse.builder().shards(listed).build();
  }

  @Override
  public synchronized GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    clock.advance(CALL_LATENCY);
    getShardIteratorCalls++;
    ScriptedShard shard = existing(request.shardId());
    int index;
    switch (request.shardIteratorType()) {
      case TRIM_HORIZON:
        index = shard.trimmed;
        break;
      case LATEST:
        index = shard.records.size();
        break;
      case AT_TIMESTAMP:
        index = shard.firstIndex(record -> !record.arrival.isBefore(request.timestamp()));
        break;
      case AT_SEQUENCE_NUMBER:
        index =
            shard.firstIndex(
                record ->
                    record.sequence.compareTo(new BigInteger(request.startingSequenceNumber()))
                        >= 0);
        break;
      case AFTER_SEQUENCE_NUMBER:
        index =
            shard.firstIndex(
                record ->
                    record.sequence.compareTo(new BigInteger(request.startingSequenceNumber()))
                        > 0);
        break;
      default:
        throw InvalidArgumentException.builder()
            .message("Unsupported iterator type " + request.shardIteratorType())
            .build();
    }
    // An iterator at a record's sequence number starts with that record: the empty answers
    // before a record come to iterators positioned before it (a timestamp, the trim horizon,
    // after the record before).
    boolean atTheRecord =
        request.shardIteratorType() == ShardIteratorType.AT_SEQUENCE_NUMBER
            && index < shard.records.size()
            && shard.sequenceNumber(index).equals(request.startingSequenceNumber());
    return GetShardIteratorResponse.builder()
        .shardIterator(newIterator(shard, index, atTheRecord ? shard.emptyPagesBefore(index) : 0))
        .build();
  }

  @Override
  public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
    clock.advance(CALL_LATENCY);
    getRecordsCalls++;
    IteratorState state = iterators.get(request.shardIterator());
    if (state == null) {
      throw InvalidArgumentException.builder()
          .message("Invalid ShardIterator: " + request.shardIterator())
          .build();
    }
    if (!getRecordsFailures.isEmpty()) {
      throw getRecordsFailures.poll().get();
    }
    if (clock.nanoTime() - state.createdNanos > ITERATOR_LIFETIME.toNanos()) {
      throw ExpiredIteratorException.builder()
          .message("Iterator expired. The iterator was created more than 5 minutes ago.")
          .build();
    }
    ScriptedShard shard = state.shard;
    if (shard.expired) {
      throw ResourceNotFoundException.builder()
          .message("Shard " + shard.shardId + " in stream " + stream + " does not exist")
          .build();
    }
    // Records trimmed since the iterator was made are gone: reading resumes at the oldest kept.
    int index = Math.max(state.index, shard.trimmed);
    int size = shard.records.size();
    if (index < size && state.emptyPagesServed < shard.emptyPagesBefore(index)) {
      return answer(
          shard,
          GetRecordsResponse.builder()
              .records(List.of())
              .millisBehindLatest(shard.millisBehind(index))
              .nextShardIterator(newIterator(shard, index, state.emptyPagesServed + 1))
              .build());
    }
    int limit = request.limit() == null ? 10_000 : request.limit();
    List<Record> page = new ArrayList<>();
    int next = index;
    while (next < size && page.size() < limit) {
      // Records after a stretch of empty pages come in a later answer.
      if (next > index && shard.emptyPagesBefore(next) > 0) {
        break;
      }
      ScriptedRecord record = shard.records.get(next++);
      page.add(record.toRecord());
      recordsReturned++;
      bytesReturned += record.data.length;
    }
    boolean end = shard.closed && next >= size;
    return answer(
        shard,
        GetRecordsResponse.builder()
            .records(page)
            .millisBehindLatest(next >= size ? 0L : shard.millisBehind(next))
            .nextShardIterator(end ? null : newIterator(shard, next, 0))
            .build());
  }

  private GetRecordsResponse answer(ScriptedShard shard, GetRecordsResponse response) {
    answers
        .computeIfAbsent(shard.shardId, id -> new ArrayList<>())
        .add(
            new Answer(clock.nanoTime(), response.records().size(), response.millisBehindLatest()));
    return response;
  }

  @Override
  public String serviceName() {
    return "kinesis";
  }

  @Override
  public void close() {
    // Shared by the driver and every task of a test: nothing to release.
  }

  private ScriptedShard existing(String shardId) {
    ScriptedShard shard = shards.get(shardId);
    if (shard == null || shard.expired) {
      throw ResourceNotFoundException.builder()
          .message(
              "Shard "
                  + shardId
                  + " in stream "
                  + stream
                  + " under account 123456789012 does not exist")
          .build();
    }
    return shard;
  }

  private String newIterator(ScriptedShard shard, int index, int emptyPagesServed) {
    String token = "iterator-" + nextIterator++;
    iterators.put(token, new IteratorState(shard, index, emptyPagesServed, clock.nanoTime()));
    return token;
  }

  private record IteratorState(
      ScriptedShard shard, int index, int emptyPagesServed, long createdNanos) {}

  private record ScriptedRecord(
      BigInteger sequence, String partitionKey, byte[] data, Instant arrival) {
    Record toRecord() {
      return Record.builder()
          .sequenceNumber(sequence.toString())
          .partitionKey(partitionKey)
          .data(SdkBytes.fromByteArray(data))
          .approximateArrivalTimestamp(arrival)
          .build();
    }
  }

  /** One shard: its records in sequence order, what is trimmed, and where empty pages come. */
  final class ScriptedShard {
    private final String shardId;
    private final BigInteger firstSequence;
    private final String parent;
    private final String adjacentParent;
    private final List<ScriptedRecord> records = new ArrayList<>();
    private final Map<Integer, Integer> emptyPages = new HashMap<>();
    private int trimmed;
    private boolean closed;
    private boolean expired;

    private ScriptedShard(String shardId, int number, String parent, String adjacentParent) {
      this.shardId = shardId;
      // Realistic 56-digit sequence numbers, increasing within the shard.
      this.firstSequence =
          new BigInteger("49590338271490256608559692538361571095921575989136588898")
              .add(BigInteger.valueOf(number).shiftLeft(64));
      this.parent = parent;
      this.adjacentParent = adjacentParent;
    }

    String shardId() {
      return shardId;
    }

    /** Appends records named {@code <prefix><n>}, arriving now, 1 ms of fake time apart. */
    ScriptedShard put(String prefix, int count) {
      for (int i = 0; i < count; i++) {
        put(prefix + i);
      }
      return this;
    }

    String put(String data) {
      clock.advance(Duration.ofMillis(1));
      BigInteger sequence = firstSequence.add(BigInteger.valueOf(records.size() * 7L + 3));
      records.add(
          new ScriptedRecord(
              sequence,
              "key-" + records.size() % 5,
              data.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              clock.instant()));
      return sequence.toString();
    }

    /** GetRecords answers {@code pages} empty pages (still behind) before the record at index. */
    ScriptedShard emptyPagesBefore(int index, int pages) {
      emptyPages.put(index, pages);
      return this;
    }

    /** Closes the shard (after a split or a merge): no more records, its end can be reached. */
    ScriptedShard close() {
      closed = true;
      return this;
    }

    /** Trims the first {@code count} records, as the retention period does. */
    ScriptedShard trimFirst(int count) {
      trimmed = Math.max(trimmed, Math.min(count, records.size()));
      return this;
    }

    /** The shard leaves the listing: a closed shard past the retention period. */
    ScriptedShard expire() {
      closed = true;
      trimmed = records.size();
      expired = true;
      return this;
    }

    /** The sequence number of the record at {@code index}. */
    String sequenceNumber(int index) {
      return records.get(index).sequence.toString();
    }

    int size() {
      return records.size();
    }

    private int emptyPagesBefore(int index) {
      return emptyPages.getOrDefault(index, 0);
    }

    private long millisBehind(int index) {
      Instant newest = records.get(records.size() - 1).arrival;
      return Math.max(1, Duration.between(records.get(index).arrival, newest).toMillis());
    }

    private int firstIndex(java.util.function.Predicate<ScriptedRecord> matches) {
      for (int i = trimmed; i < records.size(); i++) {
        if (matches.test(records.get(i))) {
          return i;
        }
      }
      return records.size();
    }

    private Shard describe() {
      SequenceNumberRange.Builder range =
          SequenceNumberRange.builder().startingSequenceNumber(firstSequence.toString());
      if (closed) {
        range.endingSequenceNumber(
            records.isEmpty()
                ? firstSequence.toString()
                : records.get(records.size() - 1).sequence.toString());
      }
      return Shard.builder()
          .shardId(shardId)
          .parentShardId(parent)
          .adjacentParentShardId(adjacentParent)
          .hashKeyRange(HashKeyRange.builder().startingHashKey("0").endingHashKey("1").build())
          .sequenceNumberRange(range.build())
          .build();
    }
  }
}
