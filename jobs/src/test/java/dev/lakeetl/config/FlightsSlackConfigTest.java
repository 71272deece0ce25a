package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeetl.jobs.curate.CurateKeys;
import dev.lakeetl.jobs.refine.RefineKeys;
import dev.lakeetl.notify.SlackConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped batch job configs with each environment overlay: the AWS environments post to Slack
 * with the webhook from their own secret, local runs post nothing.
 */
class FlightsSlackConfigTest {
  private static final Map<String, ConfigSchema> JOBS =
      Map.of(
          "../conf/flights-raw-to-refined.yaml", RefineKeys.SCHEMA,
          "../conf/flights-refined-to-curated.yaml", CurateKeys.SCHEMA);

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void awsEnvironmentsPostWithTheirOwnSecret(String environment) {
    JOBS.forEach(
        (config, schema) -> {
          SlackConfig slack = slack(config, schema, environment);

          assertThat(slack.enabled()).as(config).isTrue();
          assertThat(slack.webhook()).as(config).isEmpty();
          assertThat(slack.webhookSecret())
              .as(config)
              .contains("lakeetl-" + environment + "/slack-webhook");
        });
  }

  @Test
  void localRunsPostNothing() {
    JOBS.forEach(
        (config, schema) ->
            assertThat(slack(config, schema, "local").enabled()).as(config).isFalse());
  }

  private static SlackConfig slack(String config, ConfigSchema schema, String environment) {
    JobArguments arguments = JobArguments.parse("--config", config, "--env", environment);
    return SlackConfig.from(ConfigLoader.load(arguments, schema, Map.of()));
  }
}
