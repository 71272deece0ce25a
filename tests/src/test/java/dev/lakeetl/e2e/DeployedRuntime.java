package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.s3.AmazonS3;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeetl.deploy.DeployCli;
import dev.lakeetl.deploy.DeployedJob;
import dev.lakeetl.testing.S3Proxy;
import dev.lakeetl.testing.SecretsManagerServer;
import dev.lakeetl.testing.SlackWebhookServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What Glue 5 and EMR Serverless 7 give a job, stood in for on this machine, and the two ways the
 * services start one.
 *
 * <ul>
 *   <li>S3: s3proxy behind an {@link S3RequestLog}; the runtime's Hadoop settings for it ({@code
 *       core-site.xml}, as the services ship theirs) are on the job's classpath, so {@code s3://}
 *       paths work without a single job argument for them.
 *   <li>The Glue Data Catalog: a Hive metastore in an embedded Derby database ({@code
 *       hive-site.xml}), whose audit log records every catalog call a run makes.
 *   <li>AWS Secrets Manager (the Slack webhook secret) and Slack: local servers, reached through
 *       the AWS SDK's endpoint setting; the job role's credentials and region come from the
 *       environment, as the services give them.
 *   <li>Glue: the job's entry script compiled with Scala 2.12, and Spark started on the class
 *       {@code --class} names with Glue's arguments. EMR Serverless: {@code spark-submit} with the
 *       request's {@code sparkSubmitParameters}, entry point and {@code entryPointArguments}.
 * </ul>
 *
 * Spark runs on {@code local[2]}; everything else a run is given comes from the deployed
 * definitions.
 */
final class DeployedRuntime implements AutoCloseable {
  static final String ACCESS_KEY = "lakeetl-contract";
  static final String SECRET_KEY = "contractSecret-3Hk9Wq2Zp";

  private static final Pattern AUDIT_FUNCTION = Pattern.compile("[a-z_]+");
  private static final Pattern AUDIT_TABLE = Pattern.compile("db=(\\S+) tbl=(\\S+)");
  private static final Pattern AUDIT_CREATED_TABLE =
      Pattern.compile("tableName:([^,]+), dbName:([^,]+)");
  private static final Pattern AUDIT_CREATED_DATABASE = Pattern.compile("Database\\(name:([^,]+)");

  private final Path work;
  private final S3Proxy s3proxy;
  private final S3RequestLog s3Requests;
  private final Path configuration;
  private final Path metastore;
  private final String region;
  private final SecretsManagerServer secretsManager = SecretsManagerServer.start();
  private final SlackWebhookServer slack = SlackWebhookServer.start();
  private int runs;

  /**
   * One catalog call of a run, from the metastore's audit log.
   *
   * @param function the metastore function, e.g. {@code get_table}
   * @param database the database it names, empty when none
   * @param table the table it names, empty when none
   */
  record CatalogCall(String function, String database, String table) {}

  /**
   * What one run did.
   *
   * @param name names the log file
   * @param result exit code and log
   * @param s3 the S3 requests the run sent
   * @param catalog the catalog calls the run made
   * @param secrets the ARNs of the Secrets Manager secrets the run read
   * @param slackPosts the run summaries the run posted to Slack
   */
  record Run(
      String name,
      EtlSubmit.Result result,
      List<S3RequestLog.Request> s3,
      List<CatalogCall> catalog,
      List<String> secrets,
      List<String> slackPosts) {
    /** Exit code and where to read the log, for assertion messages. */
    String describe() {
      return name + ": " + result.describe();
    }
  }

  private DeployedRuntime(
      Path work,
      S3Proxy s3proxy,
      S3RequestLog s3Requests,
      Path configuration,
      Path metastore,
      String region) {
    this.work = work;
    this.s3proxy = s3proxy;
    this.s3Requests = s3Requests;
    this.configuration = configuration;
    this.metastore = metastore;
    this.region = region;
  }

  /**
   * Starts the stand-ins in {@code work}.
   *
   * @param region the AWS region the jobs run in
   */
  static DeployedRuntime start(Path work, String region) throws IOException {
    requireNonNull(work, "work is null");
    requireNonNull(region, "region is null");
    S3Proxy s3proxy =
        S3Proxy.start(work, ACCESS_KEY, SECRET_KEY, Repository.logFolder().resolve("s3proxy.log"));
    S3RequestLog requests = S3RequestLog.start(s3proxy.endpoint());
    Path configuration = Files.createDirectories(work.resolve("runtime-conf"));
    // The jobs reach the stand-in through the request log.
    Map<String, String> s3a = new LinkedHashMap<>(s3proxy.s3aSettings());
    s3a.put("fs.s3a.endpoint", requests.endpoint());
    Path metastore = work.resolve("metastore");
    Files.writeString(configuration.resolve("core-site.xml"), xml(s3a), StandardCharsets.UTF_8);
    Files.writeString(
        configuration.resolve("hive-site.xml"),
        xml(
            Map.of(
                "javax.jdo.option.ConnectionURL",
                    "jdbc:derby:;databaseName="
                        + metastore.resolve("metastore_db")
                        + ";create=true",
                "datanucleus.schema.autoCreateAll", "true",
                "hive.metastore.schema.verification", "false",
                "hive.stats.autogather", "false",
                "hive.metastore.warehouse.dir", metastore.resolve("warehouse").toUri().toString())),
        StandardCharsets.UTF_8);
    Files.writeString(
        configuration.resolve("catalog-audit-log4j2.properties"),
        String.join(
            "\n",
            "appender.catalogAudit.type = File",
            "appender.catalogAudit.name = catalogAudit",
            "appender.catalogAudit.fileName = ${sys:lakeetl.catalog.audit}",
            "appender.catalogAudit.layout.type = PatternLayout",
            "appender.catalogAudit.layout.pattern = %m%n",
            "logger.catalogAudit.name = org.apache.hadoop.hive.metastore.HiveMetaStore.audit",
            "logger.catalogAudit.level = info",
            "logger.catalogAudit.additivity = false",
            "logger.catalogAudit.appenderRef.file.ref = catalogAudit",
            ""),
        StandardCharsets.UTF_8);
    return new DeployedRuntime(work, s3proxy, requests, configuration, metastore, region);
  }

  /** A client of the S3 stand-in, bypassing the request log. */
  AmazonS3 s3() {
    return S3Clients.of(s3proxy);
  }

  /**
   * Creates catalog databases, as Terraform does before any job runs.
   *
   * @throws AssertionError naming the log when it fails
   */
  void createDatabases(List<String> databases) {
    Path testClasses =
        Path.of(CatalogSetup.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Run setup =
        run(
            "catalog-setup",
            List.of(testClasses),
            GlueScripts.shadedJar(DeployedJob.require("raw-to-refined")),
            List.of("--class", CatalogSetup.class.getName()),
            databases);
    if (setup.result().exitCode() != 0) {
      throw new AssertionError("Cannot create the catalog databases: " + setup.describe());
    }
  }

  /**
   * Runs an {@code etl-deploy} command of the repository against the S3 stand-in, as a deploy
   * would, and returns the S3 requests it sent.
   *
   * @throws AssertionError with its output when it fails
   */
  List<S3RequestLog.Request> deploy(String command, String environment) {
    s3Requests.clear();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode =
          DeployCli.execute(
              new String[] {
                command,
                "--env",
                environment,
                "--version",
                Terraform.ARTIFACT_VERSION,
                "--repo",
                Repository.root().toString(),
                "--region",
                "us-east-1",
                "--endpoint",
                s3Requests.endpoint()
              },
              out,
              StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
              duration -> {});
    }
    if (exitCode != 0) {
      throw new AssertionError(
          "etl-deploy " + command + " --env " + environment + " failed: " + output);
    }
    return s3Requests.requests();
  }

  /**
   * Creates a Secrets Manager secret holding the Slack stand-in's webhook URL, as a user puts the
   * webhook into the secret Terraform creates.
   *
   * @return the secret's ARN
   */
  String addSlackWebhookSecret(String name) {
    return secretsManager.addSecret(region, name, slack.url());
  }

  /** Uploads a local file. */
  void put(String bucket, String key, Path file) {
    s3().putObject(bucket, key, file.toFile());
  }

  /**
   * Starts a job the way Glue 5 does: compiles its entry script, then runs the class {@code
   * --class} names with {@code sysArgs}, Glue's arguments followed by the job's.
   */
  Run glue(String name, DeployedJob job, String entryClass, List<String> sysArgs) {
    Path script = GlueScripts.compile(job, work.resolve("glue-scripts").resolve(job.name()));
    List<String> submit = new ArrayList<>(List.of("--class", entryClass));
    return run(name, List.of(script), GlueScripts.shadedJar(job), submit, sysArgs);
  }

  /**
   * Starts a job the way EMR Serverless 7 does: {@code spark-submit <sparkSubmitParameters>
   * <entryPoint> <entryPointArguments>}, the entry point the job's jar as uploaded.
   */
  Run emrServerless(
      String name, DeployedJob job, String sparkSubmitParameters, List<String> arguments) {
    List<String> submit = Arrays.asList(sparkSubmitParameters.trim().split("\\s+"));
    return run(name, List.of(), GlueScripts.shadedJar(job), submit, arguments);
  }

  private Run run(
      String name,
      List<Path> extraClasspath,
      Path jar,
      List<String> submitOptions,
      List<String> applicationArguments) {
    Path folder = work.resolve("runs").resolve(String.format("%02d-%s", ++runs, name));
    Path audit = folder.resolve("catalog-audit.log");
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    List<Path> classpath = new ArrayList<>();
    classpath.add(configuration);
    classpath.addAll(extraClasspath);
    classpath.add(jar);
    classpath.addAll(GlueScripts.sparkClasspath());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(java17Flags().split("\\s+")));
    command.add("-Xmx1g");
    command.add("-XX:+UseParallelGC");
    command.add(
        "-Dlog4j2.configurationFile="
            + Repository.root().resolve("conf/log4j2.properties")
            + ","
            + configuration.resolve("catalog-audit-log4j2.properties"));
    command.add("-Dlakeetl.catalog.audit=" + audit);
    command.add("-Dderby.stream.error.file=" + folder.resolve("derby.log"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(
        List.of(
            "--master",
            "local[2]",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.sql.shuffle.partitions=4",
            "--conf",
            "spark.sql.warehouse.dir=" + metastore.resolve("warehouse").toUri()));
    command.addAll(submitOptions);
    command.add(jar.toString());
    command.addAll(applicationArguments);

    s3Requests.clear();
    int secretsBefore = secretsManager.requests().size();
    int postsBefore = slack.posts().size();
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    // What the services give a job's AWS SDK: the role's credentials and the region.
    environment.put("AWS_REGION", region);
    environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    environment.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString());
    EtlSubmit.Result result =
        EtlSubmit.start("contract-" + folder.getFileName(), command, folder, environment).await();
    List<SecretsManagerServer.Request> secretRequests = secretsManager.requests();
    List<String> secrets = new ArrayList<>();
    for (SecretsManagerServer.Request request :
        secretRequests.subList(secretsBefore, secretRequests.size())) {
      secrets.add(secretArn(request));
    }
    List<String> posts = slack.posts();
    return new Run(
        name,
        result,
        s3Requests.requests(),
        catalogCalls(audit),
        secrets,
        List.copyOf(posts.subList(postsBefore, posts.size())));
  }

  /** The ARN of the secret a GetSecretValue request asked for (by name or ARN). */
  private String secretArn(SecretsManagerServer.Request request) {
    try {
      String id = new ObjectMapper().readTree(request.body()).path("SecretId").asText();
      return id.startsWith("arn:")
          ? id
          : "arn:aws:secretsmanager:"
              + region
              + ":"
              + SecretsManagerServer.ACCOUNT
              + ":secret:"
              + id
              + "-AbCdEf";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse a GetSecretValue request: " + request.body(), e);
    }
  }

  /**
   * The catalog calls of the metastore's audit log ({@code cmd=<function>[: <names>]}). Calls that
   * name no table ({@code add_partitions}) are about the table the run read just before, as Spark
   * reads a table before changing it.
   */
  private static List<CatalogCall> catalogCalls(Path audit) {
    if (!Files.isRegularFile(audit)) {
      return List.of();
    }
    List<CatalogCall> calls = new ArrayList<>();
    String database = "";
    String table = "";
    for (String line : EtlSubmit.read(audit).split("\n")) {
      int command = line.indexOf("cmd=");
      if (command < 0) {
        continue;
      }
      String text = line.substring(command + 4).strip();
      if (text.startsWith("Cleaning up") || text.startsWith("Done cleaning")) {
        continue;
      }
      Matcher function = AUDIT_FUNCTION.matcher(text);
      if (!function.lookingAt()) {
        continue;
      }
      String rest = text.substring(function.end());
      Matcher names = AUDIT_TABLE.matcher(rest);
      Matcher created = AUDIT_CREATED_TABLE.matcher(rest);
      Matcher createdDatabase = AUDIT_CREATED_DATABASE.matcher(rest);
      if (names.find()) {
        database = names.group(1);
        table = names.group(2);
      } else if (created.find()) {
        table = created.group(1);
        database = created.group(2);
      } else if (createdDatabase.find()) {
        database = createdDatabase.group(1);
        table = "";
      } else if (rest.startsWith(":") && !rest.substring(1).isBlank()) {
        database = rest.substring(1).strip();
        table = "";
      }
      calls.add(new CatalogCall(function.group(), database, table));
    }
    return List.copyOf(calls);
  }

  private static String java17Flags() {
    String flags = System.getProperty("lakeetl.spark.java17.flags");
    if (flags == null || flags.isBlank()) {
      throw new IllegalStateException(
          "Cannot start a job: system property lakeetl.spark.java17.flags is not set; run the"
              + " tests through Maven (./mvnw verify)");
    }
    return flags.trim();
  }

  private static String xml(Map<String, String> properties) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    properties.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            property ->
                xml.append("  <property><name>")
                    .append(property.getKey())
                    .append("</name><value>")
                    .append(property.getValue())
                    .append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  @Override
  public void close() {
    s3Requests.close();
    s3proxy.close();
    secretsManager.close();
    slack.close();
  }
}
