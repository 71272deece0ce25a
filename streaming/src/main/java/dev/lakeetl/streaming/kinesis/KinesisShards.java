package dev.lakeetl.streaming.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The three Kinesis calls the source makes (ListShards, GetShardIterator, GetRecords) with
 * throttling retries and errors that name the stream, region and shard. Used on the driver (to list
 * shards and find batch ends) and in each task (to read a shard's range).
 */
final class KinesisShards implements AutoCloseable {
  /** GetRecords returns at most this many records per call. */
  static final int MAX_RECORDS_PER_CALL = 10_000;

  private final KinesisReadConf conf;
  private final KinesisClient client;
  private final ThrottlingRetry retry;

  KinesisShards(KinesisReadConf conf, KinesisClientFactory clients, SourceClock clock) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
    this.client = Objects.requireNonNull(clients, "clients is null").create(conf);
    this.retry = new ThrottlingRetry(conf.maxRetries(), conf.retryBackoff(), clock);
  }

  /** Every shard of the stream, open and closed (ListShards, following NextToken). */
  List<ShardInfo> list() {
    List<ShardInfo> shards = new ArrayList<>();
    String nextToken = null;
    do {
      // ListShards takes either the stream name or a NextToken, never both.
      ListShardsRequest request =
          nextToken == null
              ? ListShardsRequest.builder().streamName(conf.stream()).build()
              : ListShardsRequest.builder().nextToken(nextToken).build();
      ListShardsResponse response =
          call("list the shards of " + streamDescription(), () -> client.listShards(request));
      for (Shard shard : response.shards()) {
        shards.add(
            new ShardInfo(
                shard.shardId(),
                shard.parentShardId(),
                shard.adjacentParentShardId(),
                shard.sequenceNumberRange() != null
                    && shard.sequenceNumberRange().endingSequenceNumber() != null));
      }
      nextToken = response.nextToken();
    } while (nextToken != null);
    return List.copyOf(shards);
  }

  /** A shard iterator at the position (any kind but SHARD_END). */
  String iterator(String shardId, ShardPosition position) {
    GetShardIteratorRequest.Builder request =
        GetShardIteratorRequest.builder().streamName(conf.stream()).shardId(shardId);
    switch (position.type()) {
      case TRIM_HORIZON:
        request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
        break;
      case AT_TIMESTAMP:
        request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(position.timestamp());
        break;
      case AFTER_SEQUENCE_NUMBER:
        request
            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
            .startingSequenceNumber(position.sequenceNumber());
        break;
      case AT_SEQUENCE_NUMBER:
        request
            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
            .startingSequenceNumber(position.sequenceNumber());
        break;
      default:
        throw new IllegalArgumentException(
            "Cannot read shard " + shardId + " of " + streamDescription() + ": it is at its end");
    }
    GetShardIteratorRequest built = request.build();
    return call(
            "get an iterator for shard "
                + shardId
                + " of "
                + streamDescription()
                + " at "
                + position,
            () -> client.getShardIterator(built))
        .shardIterator();
  }

  /** One GetRecords call of at most {@code limit} records. */
  GetRecordsResponse records(String shardId, String iterator, int limit) {
    GetRecordsRequest request =
        GetRecordsRequest.builder()
            .shardIterator(iterator)
            .limit(Math.min(limit, MAX_RECORDS_PER_CALL))
            .build();
    return call(
        "read records of shard " + shardId + " of " + streamDescription(),
        () -> client.getRecords(request));
  }

  String streamDescription() {
    return String.format("Kinesis stream '%s' in %s", conf.stream(), conf.regionDescription());
  }

  private <T> T call(String action, Supplier<T> call) {
    try {
      return retry.call(action, call);
    } catch (ResourceNotFoundException e) {
      throw new KinesisReadException(
          String.format(
              "Cannot %s: the stream or shard does not exist%s (%s)",
              action,
              conf.endpointOverride().map(uri -> " at endpoint " + uri).orElse(""),
              e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()),
          e);
    } catch (KinesisReadException | ExpiredIteratorException e) {
      // An expired iterator is not an error: the reader asks for a new one where it stopped.
      throw e;
    } catch (AbortedException e) {
      throw Interrupts.interrupted("while calling Kinesis to " + action, e);
    } catch (SdkException e) {
      throw new KinesisReadException(String.format("Cannot %s: %s", action, e.getMessage()), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
