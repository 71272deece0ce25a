package dev.lakeetl.streaming.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds the Kafka clients of Spark's Kafka source from the reader options the job sets for
 * source.kafka.authentication aws-msk-iam, in a JVM that {@link MskIamShadedJarIT} launches over
 * the shaded job jar and the runtime's class path only. Then it has the configured login module and
 * callback handler write the first SASL message to a broker, signed with the credentials the
 * environment holds. Prints a line per step that worked; a failure ends the JVM with exit code 1
 * and its stack trace.
 *
 * <p>Arguments: the bootstrap servers (nothing needs to listen there) and the broker host name the
 * first message is signed for.
 */
public final class MskIamProbe {
  static final String CONSUMER_BUILT = "consumer constructed";
  static final String ADMIN_BUILT = "admin client constructed";
  static final String FIRST_MESSAGE = "first SASL message: ";

  private static final String CLIENT_PREFIX = "kafka.";
  private static final String DESERIALIZER = ByteArrayDeserializer.class.getName();

  private MskIamProbe() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> reader =
        new KafkaSourceConfig(
                args[0],
                List.of("flights"),
                Optional.empty(),
                "earliest",
                Optional.empty(),
                true,
                KafkaAuthentication.AWS_MSK_IAM,
                Map.of())
            .readerOptions();

    // Executors read with a consumer; its SASL channel builder loads the JAAS login module and
    // the callback handler while the consumer is constructed.
    Map<String, Object> executor = clientProperties(reader);
    executor.put("key.deserializer", DESERIALIZER);
    executor.put("value.deserializer", DESERIALIZER);
    executor.put("auto.offset.reset", "none");
    executor.put("group.id", "spark-kafka-source-probe-executor");
    executor.put("enable.auto.commit", "false");
    new KafkaConsumer<byte[], byte[]>(executor).close(Duration.ZERO);
    System.out.println(CONSUMER_BUILT);

    // The driver lists partitions and offsets with an admin client.
    Map<String, Object> driver = clientProperties(reader);
    driver.put("key.deserializer", DESERIALIZER);
    driver.put("value.deserializer", DESERIALIZER);
    driver.put("auto.offset.reset", "earliest");
    driver.put("enable.auto.commit", "false");
    driver.put("max.poll.records", 1);
    Admin.create(driver).close(Duration.ZERO);
    System.out.println(ADMIN_BUILT);

    System.out.println(FIRST_MESSAGE + firstMessage(reader, args[1]));
  }

  /** As Spark's Kafka source makes client properties: the kafka.* options without the prefix. */
  private static Map<String, Object> clientProperties(Map<String, String> reader) {
    Map<String, Object> client = new HashMap<>();
    reader.forEach(
        (option, value) -> {
          if (option.toLowerCase(Locale.ROOT).startsWith(CLIENT_PREFIX)) {
            client.put(option.substring(CLIENT_PREFIX.length()), value);
          }
        });
    return client;
  }

  /**
   * What Kafka's SASL authenticator sends first on a new connection: it creates the mechanism's
   * client with the configured callback handler, which signs with the SDK's credentials.
   */
  private static String firstMessage(Map<String, String> reader, String brokerHost)
      throws Exception {
    String mechanism = reader.get("kafka.sasl.mechanism");
    List<AppConfigurationEntry> jaas =
        JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password(reader.get("kafka.sasl.jaas.config"))))
            .configurationEntries();
    // Loading the login module registers the library's SASL client provider.
    Class.forName(jaas.get(0).getLoginModuleName());
    AuthenticateCallbackHandler handler =
        Class.forName(reader.get("kafka.sasl.client.callback.handler.class"))
            .asSubclass(AuthenticateCallbackHandler.class)
            .getDeclaredConstructor()
            .newInstance();
    handler.configure(Map.of(), mechanism, jaas);
    SaslClient client =
        Sasl.createSaslClient(
            new String[] {mechanism}, null, "kafka", brokerHost, Map.of(), handler);
    if (client == null) {
      throw new IllegalStateException(
          "Cannot create a SASL client: no provider offers " + mechanism);
    }
    try {
      return new String(client.evaluateChallenge(new byte[0]), UTF_8);
    } finally {
      client.dispose();
      handler.close();
    }
  }
}
