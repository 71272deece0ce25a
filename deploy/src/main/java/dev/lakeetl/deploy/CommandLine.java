package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.DurationText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line of {@code etl-deploy}.
 *
 * @param command {@code package}, {@code upload}, {@code glue deploy}, {@code glue run} or {@code
 *     emr run}
 * @param environment {@code --env}
 * @param jobs {@code --job} (repeatable) or the job named after {@code run}; empty means all jobs
 * @param version {@code --version}, else the git commit
 * @param dryRun {@code --dry-run}
 * @param region {@code --region}, overriding {@code aws.region}
 * @param endpoint {@code --endpoint}
 * @param runWait {@link RunWait#NONE} with {@code --no-wait}, else {@link RunWait#UNTIL_END}
 * @param pollInterval {@code --poll-interval}, a duration like {@code 10s}
 * @param repositoryRoot {@code --repo}, else the current folder
 * @param deployFolder {@code --deploy-config}, else {@code <repo>/deploy}
 * @param jobArguments everything after {@code --}: passed to the job run
 */
public record CommandLine(
    String command,
    String environment,
    List<DeployedJob> jobs,
    Optional<String> version,
    boolean dryRun,
    Optional<String> region,
    Optional<URI> endpoint,
    RunWait runWait,
    Duration pollInterval,
    Path repositoryRoot,
    Path deployFolder,
    List<String> jobArguments) {
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  static final String USAGE =
      String.join(
          "\n",
          "Usage: etl-deploy <command> --env <env> [options] [-- <job arguments>]",
          "Commands:",
          "  package            list the artifacts upload would put where (jars must be built)",
          "  upload             upload the job jars, conf/ and Glue entry scripts",
          "                     to s3://<artifacts.bucket>/<artifacts.prefix>/<version>/",
          "  glue deploy        point every Glue job (or --job) at this version; restart the",
          "                     streaming job on it (Terraform creates and owns the jobs)",
          "  glue run <job>     start a Glue job run, wait, report its status",
          "  emr run <job>      start an EMR Serverless job run, wait, report status and logs",
          "                     (a streaming run replaces the live one of the same name)",
          "Options:",
          "  --env <env>          environment: deploy/env/<env>.yaml and the jobs' --env",
          "  --job <job>          only this job (repeatable): "
              + String.join(", ", DeployedJob.ALL.stream().map(DeployedJob::name).toList()),
          "  --version <v>        artifact version; default: the git commit of the repository",
          "  --dry-run            print the API requests as JSON and call nothing",
          "  --region <region>    AWS region (default: aws.region, then the SDK's chain)",
          "  --endpoint <url>     endpoint override of the service the command calls",
          "  --no-wait            run commands return once the run is started",
          "  --poll-interval <d>  time between status polls, e.g. 10s (default 30s)",
          "  --repo <folder>      repository root (default: the current folder)",
          "  --deploy-config <f>  deployment settings folder (default: <repo>/deploy)",
          "Job arguments after -- are passed to the run, e.g. -- --run-date 2024-05-01");

  public CommandLine {
    requireNonNull(command, "command is null");
    requireNonNull(environment, "environment is null");
    jobs = List.copyOf(requireNonNull(jobs, "jobs is null"));
    requireNonNull(version, "version is null");
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(pollInterval, "pollInterval is null");
    requireNonNull(repositoryRoot, "repositoryRoot is null");
    requireNonNull(deployFolder, "deployFolder is null");
    jobArguments = List.copyOf(requireNonNull(jobArguments, "jobArguments is null"));
  }

  /**
   * Parses the arguments.
   *
   * @throws ConfigException on unknown commands or options, missing values or job names
   */
  public static CommandLine parse(String... args) {
    requireNonNull(args, "args is null");
    List<String> words = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    List<DeployedJob> jobs = new ArrayList<>();
    List<String> jobArguments = new ArrayList<>();
    boolean dryRun = false;
    RunWait runWait = RunWait.UNTIL_END;
    for (int position = 0; position < args.length; position++) {
      String argument = args[position];
      if (argument.equals("--")) {
        jobArguments.addAll(List.of(args).subList(position + 1, args.length));
        break;
      }
      switch (argument) {
        case "--dry-run":
          dryRun = true;
          break;
        case "--poll-seconds":
          throw new ConfigException(
              "Cannot parse arguments: --poll-seconds renamed to --poll-interval; write"
                  + " --poll-interval "
                  + secondsWithUnit(position + 1 < args.length ? args[position + 1] : ""));
        case "--no-wait":
          runWait = RunWait.NONE;
          break;
        case "--env":
        case "--version":
        case "--region":
        case "--endpoint":
        case "--poll-interval":
        case "--repo":
        case "--deploy-config":
        case "--job":
          if (position + 1 >= args.length || args[position + 1].startsWith("--")) {
            throw new ConfigException("Cannot parse arguments: " + argument + " needs a value");
          }
          String value = args[++position];
          if (argument.equals("--job")) {
            jobs.add(job(value));
          } else {
            options.put(argument.substring(2), value);
          }
          break;
        default:
          if (argument.startsWith("--")) {
            throw new ConfigException(
                "Cannot parse arguments: unknown option " + argument + "\n" + USAGE);
          }
          words.add(argument);
      }
    }
    String command = command(words, jobs);
    String environment = options.get("env");
    if (environment == null) {
      throw new ConfigException("Cannot run " + command + ": --env <env> is required");
    }
    if (command.endsWith(" run") && jobs.size() != 1) {
      throw new ConfigException(
          "Cannot run " + command + ": name exactly one job, e.g. " + command + " raw-to-refined");
    }
    Path repositoryRoot = Path.of(options.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    Path deployFolder =
        Optional.ofNullable(options.get("deploy-config"))
            .map(Path::of)
            .orElse(repositoryRoot.resolve("deploy"));
    return new CommandLine(
        command,
        environment,
        jobs,
        Optional.ofNullable(options.get("version")),
        dryRun,
        Optional.ofNullable(options.get("region")),
        Optional.ofNullable(options.get("endpoint")).map(CommandLine::endpoint),
        runWait,
        Optional.ofNullable(options.get("poll-interval"))
            .map(CommandLine::pollInterval)
            .orElse(DEFAULT_POLL_INTERVAL),
        repositoryRoot,
        deployFolder,
        jobArguments);
  }

  /** The selected jobs, or all jobs when none was named. */
  public List<DeployedJob> selectedJobs() {
    return jobs.isEmpty() ? DeployedJob.ALL : jobs;
  }

  /**
   * Job arguments as Glue run arguments: {@code --name value} pairs ({@code --name=value} too).
   *
   * @throws ConfigException for a value without a {@code --name} before it
   */
  public Map<String, String> glueArguments() {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (int position = 0; position < jobArguments.size(); position++) {
      String argument = jobArguments.get(position);
      if (!argument.startsWith("--")) {
        throw new ConfigException(
            "Cannot pass job argument '" + argument + "' to Glue: expected --<name> <value> pairs");
      }
      int equals = argument.indexOf('=');
      if (equals > 0) {
        arguments.put(argument.substring(0, equals), argument.substring(equals + 1));
      } else if (position + 1 < jobArguments.size()
          && !jobArguments.get(position + 1).startsWith("--")) {
        arguments.put(argument, jobArguments.get(++position));
      } else {
        arguments.put(argument, "true");
      }
    }
    return arguments;
  }

  private static String command(List<String> words, List<DeployedJob> jobs) {
    if (words.isEmpty()) {
      throw new ConfigException("Cannot run etl-deploy: no command given\n" + USAGE);
    }
    String first = words.get(0);
    if ((first.equals("package") || first.equals("upload")) && words.size() == 1) {
      return first;
    }
    if (words.size() >= 2) {
      String command = first + " " + words.get(1);
      boolean known =
          command.equals("glue deploy") || command.equals("glue run") || command.equals("emr run");
      if (known && command.endsWith(" run") && words.size() == 3) {
        jobs.add(job(words.get(2)));
        return command;
      }
      if (known && words.size() == 2) {
        return command;
      }
    }
    throw new ConfigException(
        "Cannot run etl-deploy: unknown command '" + String.join(" ", words) + "'\n" + USAGE);
  }

  private static DeployedJob job(String name) {
    try {
      return DeployedJob.require(name);
    } catch (DeployException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static URI endpoint(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new ConfigException(
            "Cannot use --endpoint '" + value + "': expected a URL like https://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("Cannot use --endpoint '" + value + "': " + e.getMessage());
    }
  }

  private static Duration pollInterval(String value) {
    return DurationText.parse(value)
        .orElseThrow(
            () ->
                new ConfigException(
                    "Cannot use --poll-interval '"
                        + value
                        + "': expected "
                        + DurationText.EXPECTED));
  }

  /** A former {@code --poll-seconds} value as {@code --poll-interval} takes it. */
  private static String secondsWithUnit(String value) {
    if (value.matches("\\d+")) {
      return value + "s";
    }
    return value.isEmpty() || value.startsWith("--") ? "<duration>" : value;
  }
}
