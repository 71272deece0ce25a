package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The status poll interval of the run commands: {@code --poll-interval <duration>}. */
class CommandLineTest {
  @Test
  void pollIntervalIsADuration() {
    assertThat(CommandLine.parse("glue", "run", "raw-to-refined", "--env", "dev").pollInterval())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            CommandLine.parse(
                    "glue", "run", "raw-to-refined", "--env", "dev", "--poll-interval", "10s")
                .pollInterval())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(
            CommandLine.parse("emr", "run", "streaming", "--env", "dev", "--poll-interval", "2m")
                .pollInterval())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(
            CommandLine.parse(
                    "glue", "run", "raw-to-refined", "--env", "dev", "--poll-interval", "0s")
                .pollInterval())
        .isZero();
  }

  @Test
  void pollIntervalWithoutUnitIsRefused() {
    assertThatThrownBy(
            () ->
                CommandLine.parse(
                    "glue", "run", "raw-to-refined", "--env", "dev", "--poll-interval", "20"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Cannot use --poll-interval '20': expected a duration like 30s, 5m or 2h");
  }

  @Test
  void pollSecondsSaysWhatToWriteInstead() {
    assertThatThrownBy(
            () ->
                CommandLine.parse(
                    "glue", "run", "raw-to-refined", "--env", "dev", "--poll-seconds", "20"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot parse arguments: --poll-seconds renamed to --poll-interval; write"
                + " --poll-interval 20s");
    assertThatThrownBy(() -> CommandLine.parse("glue", "run", "raw-to-refined", "--poll-seconds"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Cannot parse arguments: --poll-seconds renamed to --poll-interval; write"
                + " --poll-interval <duration>");
  }
}
