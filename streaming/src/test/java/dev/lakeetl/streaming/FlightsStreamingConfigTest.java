package dev.lakeetl.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.streaming.source.KafkaAuthentication;
import dev.lakeetl.streaming.source.KafkaSourceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped conf/flights-streaming.yaml with each environment overlay of conf/env. */
class FlightsStreamingConfigTest {
  private static KafkaSourceConfig kafka(String environment) {
    JobArguments arguments =
        JobArguments.parse("--config", "../conf/flights-streaming.yaml", "--env", environment);
    StreamingConfig config =
        StreamingConfig.from(
            ConfigLoader.load(arguments, StreamingKeys.SCHEMA, Map.of()), arguments, Map.of());
    assertThat(config.source()).isInstanceOf(KafkaSourceConfig.class);
    return (KafkaSourceConfig) config.source();
  }

  @Test
  void localRunsReadTheLocalBrokerInPlaintext() {
    KafkaSourceConfig kafka = kafka("local");

    assertThat(kafka.authentication()).isEqualTo(KafkaAuthentication.NONE);
    assertThat(kafka.readerOptions())
        .containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
        .doesNotContainKeys("kafka.security.protocol", "kafka.sasl.mechanism");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void awsEnvironmentsAuthenticateToMskWithIam(String environment) {
    KafkaSourceConfig kafka = kafka(environment);

    assertThat(kafka.bootstrapServers()).endsWith(".amazonaws.com:9098");
    assertThat(kafka.authentication()).isEqualTo(KafkaAuthentication.AWS_MSK_IAM);
    assertThat(kafka.readerOptions())
        .containsAllEntriesOf(KafkaAuthentication.AWS_MSK_IAM.readerOptions());
  }
}
