package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionTest {
  private static final String ACCESS = "AKIAEXAMPLEACCESS";
  private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN";
  private static final String HADOOP_SECRET = "hadoop-secret-value-123";
  private static final String DB_PASSWORD = "hunter2-but-longer";
  private static final ConfigKey<String> API_CREDENTIAL = ConfigKey.string("lookup.api-credential");
  private static final ConfigKey<String> WEBHOOK = ConfigKey.string("alerts.webhook").secret();
  private static final ConfigKey<Integer> PIN = ConfigKey.integer("alerts.pin").secret();
  private static final ConfigSchema SCHEMA =
      CoreKeys.SCHEMA.plus(ConfigSchema.of(API_CREDENTIAL, WEBHOOK, PIN));

  @TempDir Path directory;

  private Path spec(String... lines) throws IOException {
    Path file = directory.resolve("job.yaml");
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void describeNeverShowsSecrets() throws IOException {
    Path spec =
        spec(
            "job.name: j",
            "source: {path: in, format: json}",
            "target.path: out",
            "s3:",
            "  access-key: " + ACCESS,
            "  secret-key: " + SECRET,
            "spark.conf:",
            "  spark.hadoop.fs.s3a.secret.key: " + HADOOP_SECRET,
            "  spark.sql.shuffle.partitions: 8",
            "source.options.password: " + DB_PASSWORD,
            "lookup.api-credential: cred-value-1",
            "alerts.webhook: https://hooks.example.com/T000/B000/XXXX",
            "vars.session-token: " + TOKEN);

    Settings settings =
        ConfigLoader.load(
            JobArguments.parse("--config", spec.toString(), "--s3.session-token", TOKEN),
            SCHEMA,
            Map.of());

    List<String> described = settings.describe();
    assertThat(described)
        .contains(
            "s3.access-key = ****  (" + spec + ")",
            "s3.secret-key = ****  (" + spec + ")",
            "s3.session-token = ****  (argument --s3.session-token)",
            "spark.conf.spark.hadoop.fs.s3a.secret.key = ****  (" + spec + ")",
            "spark.conf.spark.sql.shuffle.partitions = 8  (" + spec + ")",
            "source.options.password = ****  (" + spec + ")",
            "lookup.api-credential = ****  (" + spec + ")",
            "alerts.webhook = ****  (" + spec + ")",
            "vars.session-token = ****  (" + spec + ")");
    String all = String.join("\n", described) + settings;
    for (String secret :
        List.of(
            ACCESS,
            SECRET,
            TOKEN,
            HADOOP_SECRET,
            DB_PASSWORD,
            "cred-value-1",
            "hooks.example.com")) {
      assertThat(all).doesNotContain(secret);
    }
    // The values themselves are intact for the job.
    assertThat(settings.get(CoreKeys.S3_SECRET_KEY)).isEqualTo(SECRET);
    assertThat(CoreConfigs.s3(settings).sessionToken()).contains(TOKEN);
  }

  @Test
  void exceptionTextNeverShowsSecrets() throws IOException {
    Path spec =
        spec(
            "job.name: j",
            "source: {path: '" + SECRET + "/in', format: json}",
            "target.path: out",
            "s3.secret-key: " + SECRET,
            "s3.secret-kye: " + TOKEN,
            "alerts.pin: " + DB_PASSWORD,
            "spark.conf.fs.s3a.access.key: " + ACCESS,
            "target.compression: ${" + ACCESS + "}");

    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    JobArguments.parse("--config", spec.toString()), SCHEMA, Map.of()));

    assertThat(error.problems())
        .contains(
            "s3.secret-kye (from " + spec + "): unknown key, did you mean 's3.secret-key'?",
            "alerts.pin (from " + spec + "): value (redacted) is not an integer");
    assertThat(error.getMessage())
        .contains("target.compression (from " + spec + "): cannot resolve variable ${****}")
        .doesNotContain(SECRET)
        .doesNotContain(TOKEN)
        .doesNotContain(DB_PASSWORD)
        .doesNotContain(ACCESS);
  }

  @Test
  void columnListsNamedKeyStayReadable() {
    ConfigKey<List<String>> dedupeKey = ConfigKey.list("transform.dedupe-key");
    Settings settings =
        Settings.of(
            CoreKeys.SCHEMA.plus(ConfigSchema.of(dedupeKey)),
            Map.of(
                "job.name", "j",
                "source.path", "in",
                "source.format", "json",
                "source.schema", "origin STRING, destination STRING",
                "target.path", "out",
                "transform.dedupe-key", "origin,destination"));
    assertThat(settings.describe())
        .contains(
            "transform.dedupe-key = [origin, destination]  (given value)",
            "source.schema = origin STRING, destination STRING  (given value)");
    assertThat(settings.get(dedupeKey)).containsExactly("origin", "destination");
  }

  @Test
  void secretNames() {
    assertThat(Redaction.isSecretName("s3.access-key")).isTrue();
    assertThat(Redaction.isSecretName("spark.conf.spark.hadoop.fs.s3a.secret.key")).isTrue();
    assertThat(Redaction.isSecretName("spark.conf.spark.hadoop.fs.s3a.access.key")).isTrue();
    assertThat(Redaction.isSecretName("db.PASSWORD")).isTrue();
    assertThat(Redaction.isSecretName("source.options.apiToken")).isTrue();
    assertThat(Redaction.isSecretName("x.aws-credentials-file")).isTrue();
    assertThat(Redaction.isSecretName("api-key")).isTrue();
    assertThat(Redaction.isSecretName("source.path")).isFalse();
    assertThat(Redaction.isSecretName("target.partition-by")).isFalse();
    assertThat(Redaction.isSecretName("secret.path")).isFalse();
    assertThat(Redaction.isSecretName("spark.conf.spark.sql.shuffle.partitions")).isFalse();

    assertThat(Redaction.isSecretName("x.aws_access_key")).isTrue();
    assertThat(Redaction.isSecretName("transform.dedupe-key")).isFalse();
  }
}
