package dev.lakeetl.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rows of one named dataset a run read or wrote, for jobs with several inputs or outputs. Only the
 * rows of a pass-through output reconcile with an input; an aggregate's counts are reported as they
 * are.
 *
 * @param name the dataset name in the job configuration
 * @param role read or written
 * @param path where it was read from or written to
 * @param rows rows read (after the input's filter) or written
 * @param partitions partitions written, e.g. {@code flight_date=2001-01-01}; empty for inputs and
 *     unpartitioned outputs
 */
public record DatasetCounts(
    String name, Role role, String path, long rows, List<String> partitions) {
  /** Whether the run read or wrote the dataset. */
  public enum Role {
    INPUT,
    OUTPUT
  }

  public DatasetCounts {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(path, "path is null");
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    if (rows < 0) {
      throw new IllegalArgumentException(
          "Cannot create dataset counts: rows of " + name + " is negative: " + rows);
    }
  }

  /** An input's rows. */
  public static DatasetCounts input(String name, String path, long rows) {
    return new DatasetCounts(name, Role.INPUT, path, rows, List.of());
  }

  /** An output's rows and partitions. */
  public static DatasetCounts output(String name, String path, long rows, List<String> partitions) {
    return new DatasetCounts(name, Role.OUTPUT, path, rows, partitions);
  }
}
