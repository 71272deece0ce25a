package dev.lakeetl.streaming.source;

import java.util.Locale;
import java.util.Map;

/**
 * How the Kafka source authenticates to the brokers (source.kafka.authentication), as the reader
 * options it sets on Spark's Kafka source.
 */
public enum KafkaAuthentication {
  /** No security options of the job's own: plaintext, unless source.kafka.options sets some. */
  NONE(Map.of()),
  /**
   * Amazon MSK's IAM access control (the brokers' SASL_SSL listener, port 9098) with the settings
   * the {@code aws-msk-iam-auth} library documents. Its login module signs with the credentials of
   * the AWS SDK's default chain: on Glue and EMR Serverless, the job's role.
   */
  AWS_MSK_IAM(
      Map.of(
          "kafka.security.protocol", "SASL_SSL",
          "kafka.sasl.mechanism", "AWS_MSK_IAM",
          "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
          "kafka.sasl.client.callback.handler.class",
              "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));

  private final Map<String, String> readerOptions;

  KafkaAuthentication(Map<String, String> readerOptions) {
    this.readerOptions = readerOptions;
  }

  /** The reader options this authentication sets; pass-through options must not set them too. */
  public Map<String, String> readerOptions() {
    return readerOptions;
  }

  /** Whether this authentication sets {@code option}, ignoring case as Spark's source does. */
  public boolean sets(String option) {
    return readerOptions.keySet().stream().anyMatch(option::equalsIgnoreCase);
  }

  /** The spelling used in configuration: none, aws-msk-iam. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
