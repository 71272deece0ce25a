package dev.lakeetl.deploy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a job run ended (or that it was only started).
 *
 * @param runId the service's run id
 * @param state the last state the service reported, e.g. SUCCEEDED, FAILED, RUNNING
 * @param succeeded whether the run ended successfully
 * @param error the service's error message of a failed run
 * @param logs where the run's logs are
 */
public record RunOutcome(
    String runId, String state, boolean succeeded, Optional<String> error, String logs) {
  public RunOutcome {
    requireNonNull(runId, "runId is null");
    requireNonNull(state, "state is null");
    requireNonNull(error, "error is null");
    requireNonNull(logs, "logs is null");
  }

  /** A run that was started and not waited for: {@code state} is what the service said then. */
  public static RunOutcome started(String runId, String state, String logs) {
    return new RunOutcome(runId, state, true, Optional.empty(), logs);
  }

  /** One line for the console: {@code run <id>: <state>[: <error>] (logs: <where>)}. */
  public String summary() {
    return "run "
        + runId
        + ": "
        + state
        + error.map(message -> ": " + message).orElse("")
        + " (logs: "
        + logs
        + ")";
  }
}
