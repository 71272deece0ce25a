package dev.lakeetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakeetl.config.ConfigKey;
import dev.lakeetl.config.ConfigSchema;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.jobs.curate.CurateKeys;
import dev.lakeetl.jobs.refine.RefineKeys;
import dev.lakeetl.streaming.StreamingKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Terraform (parsed offline by hcl2json), the deploy tool and the build agree: job names, jar
 * names, main classes, argument keys (config keys must exist in the job's config schema), and the
 * per-environment names of buckets, roles, jobs and the EMR Serverless application.
 */
class InfrastructureMatchesBuildTest {
  private static final Path REPOSITORY = Cli.repositoryRoot();
  private static final List<String> ENVIRONMENTS = List.of("dev", "qa", "staging", "prod");

  @Test
  void everyModuleAndEnvironmentParses() throws Exception {
    JsonNode files = Terraform.files();

    List<String> names = new ArrayList<>();
    files.fieldNames().forEachRemaining(names::add);
    for (String module :
        List.of(
            "lakeetl_environment",
            "data_lake_buckets",
            "iam_roles",
            "glue_catalog",
            "glue_jobs",
            "emr_serverless")) {
      assertThat(names)
          .contains("modules/" + module + "/main.tf", "modules/" + module + "/variables.tf");
    }
    for (String environment : ENVIRONMENTS) {
      assertThat(names).contains("environments/" + environment + "/main.tf");
    }
  }

  @Test
  void terraformJobsAreTheDeployedJobs() throws Exception {
    JsonNode jobs = Terraform.files().at("/modules~1glue_jobs~1main.tf/locals/0/jobs");

    List<String> names = new ArrayList<>();
    jobs.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyElementsOf(DeployedJob.ALL.stream().map(DeployedJob::name).toList());
    for (DeployedJob job : DeployedJob.ALL) {
      JsonNode declared = jobs.get(job.name());
      assertThat(declared.get("main_class").asText()).as(job.name()).isEqualTo(job.mainClass());
      assertThat(declared.get("config_file").asText()).as(job.name()).isEqualTo(job.configFile());
      assertThat(declared.get("streaming").asBoolean()).as(job.name()).isEqualTo(job.streaming());
    }
  }

  @Test
  void shadedJarsOfTheBuildHaveTheDeployedNamesAndMainClasses() throws Exception {
    Map<String, String> built = new LinkedHashMap<>();
    for (String module : List.of("jobs", "streaming")) {
      built.putAll(shadedJars(REPOSITORY.resolve(module).resolve("pom.xml")));
    }

    assertThat(built.keySet())
        .containsExactlyInAnyOrderElementsOf(
            DeployedJob.ALL.stream().map(DeployedJob::name).toList());
    for (Map.Entry<String, String> jar : built.entrySet()) {
      DeployedJob job = DeployedJob.require(jar.getKey());
      assertThat(jar.getValue()).as("Main-Class of " + jar.getKey()).isEqualTo(job.mainClass());
    }
  }

  @Test
  void aDeployChangesExactlyTheFieldsTerraformLeavesToIt() throws Exception {
    JsonNode job = Terraform.files().at("/modules~1glue_jobs~1main.tf/resource/aws_glue_job/job/0");
    List<String> ignored = new ArrayList<>();
    job.at("/lifecycle/0/ignore_changes")
        .forEach(field -> ignored.add(field.asText().replaceAll("^\\$\\{(.*)}$", "$1")));

    assertThat(ignored).containsExactlyElementsOf(GlueRequests.TERRAFORM_VERSION_FIELDS);
    GlueRequests tool =
        new GlueRequests(
            DeployConfigLoader.load(REPOSITORY.resolve("deploy"), "dev"),
            new ArtifactLayout("b", "p", "v"));
    for (DeployedJob deployed : DeployedJob.ALL) {
      for (String argument : tool.versionArguments(deployed).keySet()) {
        assertThat(job.at("/default_arguments").has(argument))
            .as("Terraform creates the job with " + argument)
            .isTrue();
      }
    }
    // Terraform writes the description a deploy writes, so a new job shows its version too.
    assertThat(job.get("description").asText())
        .isEqualTo("lakeetl ${each.key} (${var.artifact_version})");
  }

  @Test
  void configKeysPassedAsArgumentsExistInTheJobsSchema() throws Exception {
    JsonNode terraformArguments =
        Terraform.files()
            .at("/modules~1glue_jobs~1main.tf/resource/aws_glue_job/job/0/default_arguments");
    for (String environment : ENVIRONMENTS) {
      DeployConfig config = DeployConfigLoader.load(REPOSITORY.resolve("deploy"), environment);
      ArtifactLayout layout = ArtifactLayout.of(config, "v1");
      for (DeployedJob job : DeployedJob.ALL) {
        List<String> glueTerraform = new ArrayList<>();
        terraformArguments
            .fields()
            .forEachRemaining(
                field -> {
                  glueTerraform.add(field.getKey());
                  glueTerraform.add(field.getValue().asText());
                });
        // The default arguments after a deploy: Terraform's with this version's artifacts.
        List<String> glueTool = new ArrayList<>(glueTerraform);
        new GlueRequests(config, layout)
            .versionArguments(job)
            .forEach(
                (name, value) -> {
                  glueTool.add(name);
                  glueTool.add(value);
                });
        List<String> emrTool = new EmrRequests(config, layout).entryPointArguments(job, List.of());

        for (List<String> arguments : List.of(glueTerraform, glueTool, emrTool)) {
          // Parsed exactly as the job parses its program arguments.
          JobArguments parsed = JobArguments.parse(arguments.toArray(String[]::new));
          assertThat(parsed.configFile()).as(job.name()).isPresent();
          assertThat(parsed.overrides())
              .as(job.name() + " passes --runtime")
              .containsKey("runtime");
          ConfigSchema schema = schema(job);
          for (String key : parsed.overrides().keySet()) {
            assertThat(declares(schema, key))
                .as("--" + key + " of " + job.name() + " in its config schema")
                .isTrue();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "qa", "staging", "prod"})
  void environmentNamesAgree(String environment) throws Exception {
    JsonNode files = Terraform.files();
    JsonNode root = files.get("environments/" + environment + "/main.tf");
    JsonNode sizes = root.at("/module/lakeetl/0");
    String bucketPrefix =
        files
            .at("/environments~1" + environment + "~1variables.tf/variable/bucket_prefix/0/default")
            .asText();
    assertThat(root.at("/locals/0/environment").asText()).isEqualTo(environment);
    assertThat(sizes.get("source").asText()).isEqualTo("../../modules/lakeetl_environment");
    assertThat(sizes.get("environment").asText()).isEqualTo("${local.environment}");

    // The shared wiring names everything after lakeetl-<env>.
    JsonNode wiring = files.get("modules/lakeetl_environment/main.tf");
    JsonNode locals = wiring.at("/locals/0");
    assertThat(locals.get("name").asText()).isEqualTo("lakeetl-${var.environment}");
    JsonNode glueJobs = wiring.at("/module/glue_jobs/0");
    JsonNode emr = wiring.at("/module/emr_serverless/0");
    assertThat(glueJobs.get("job_prefix").asText()).isEqualTo("${local.name}-");
    assertThat(glueJobs.get("log_group_prefix").asText())
        .isEqualTo("${local.glue_log_group_prefix}");
    assertThat(locals.get("glue_log_group_prefix").asText()).isEqualTo("/aws-glue/${local.name}");
    assertThat(emr.get("application_name").asText()).isEqualTo("${local.name}");
    String name = "lakeetl-" + environment;

    DeployConfig deploy = DeployConfigLoader.load(REPOSITORY.resolve("deploy"), environment);
    assertThat(deploy.artifactsBucket()).isEqualTo(bucketPrefix + "-" + environment + "-artifacts");
    assertThat(deploy.artifactsPrefix()).isEqualTo(locals.get("artifacts_prefix").asText());
    assertThat(deploy.glue().jobPrefix()).isEqualTo(name + "-");
    assertThat(deploy.emr().applicationName()).isEqualTo(name);
    String account =
        files
            .at("/environments~1" + environment + "~1variables.tf/variable/account_id/0/default")
            .asText();
    assertThat(deploy.emr().executionRoleArn())
        .isEqualTo("arn:aws:iam::" + account + ":role/" + name + "-emr-serverless");
    assertThat(deploy.emr().logUri())
        .startsWith("s3://" + bucketPrefix + "-" + environment + "-temp/emr-serverless/");

    // The jobs' own overlay reads and writes the buckets Terraform creates.
    JsonNode overlay =
        new ObjectMapper(new YAMLFactory())
            .readTree(REPOSITORY.resolve("conf/env/" + environment + ".yaml").toFile());
    for (String layer : List.of("raw", "refined", "quarantine")) {
      assertThat(overlay.at("/vars/" + layer + "-root").asText())
          .isEqualTo("s3://" + bucketPrefix + "-" + environment + "-" + layer);
    }
  }

  /** The config schema of the job's main class: what its arguments must be declared in. */
  private static ConfigSchema schema(DeployedJob job) {
    return switch (job.name()) {
      case "raw-to-refined" -> RefineKeys.SCHEMA;
      case "refined-to-curated" -> CurateKeys.SCHEMA;
      case "streaming" -> StreamingKeys.SCHEMA;
      default -> throw new AssertionError("No config schema known for job " + job.name());
    };
  }

  private static boolean declares(ConfigSchema schema, String keyName) {
    for (ConfigKey<?> key : schema.keys()) {
      if (key.name().equals(keyName) || (key.isMap() && keyName.startsWith(key.name() + "."))) {
        return true;
      }
    }
    return false;
  }

  /** shadedClassifierName -> Main-Class of each shade execution in a module's pom. */
  private static Map<String, String> shadedJars(Path pom) throws Exception {
    Map<String, String> jars = new LinkedHashMap<>();
    if (!Files.isRegularFile(pom)) {
      return jars;
    }
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList executions = document.getElementsByTagName("execution");
    for (int index = 0; index < executions.getLength(); index++) {
      Element execution = (Element) executions.item(index);
      NodeList classifiers = execution.getElementsByTagName("shadedClassifierName");
      NodeList mainClasses = execution.getElementsByTagName("mainClass");
      if (classifiers.getLength() == 1 && mainClasses.getLength() == 1) {
        jars.put(
            classifiers.item(0).getTextContent().trim(),
            mainClasses.item(0).getTextContent().trim());
      }
    }
    return jars;
  }
}
