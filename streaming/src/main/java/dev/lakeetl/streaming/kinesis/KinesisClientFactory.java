package dev.lakeetl.streaming.kinesis;

import java.io.Serializable;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Creates the Kinesis client of one driver or task. Serializable because the reader factory carries
 * it to the executors; tests pass a scripted client that replays documented service answers.
 */
@FunctionalInterface
interface KinesisClientFactory extends Serializable {
  /** The SDK client {@link KinesisClients} builds from the options. */
  KinesisClientFactory STANDARD = KinesisClients::create;

  KinesisClient create(KinesisReadConf conf);
}
