package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.config.Settings;
import dev.lakeetl.spark.StoragePaths;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which input a run processes, resolved from the {@link IncrementalKeys} and the arguments.
 *
 * <ul>
 *   <li>A run date ({@code --run-date} or {@code incremental.run-date}) always selects {@link
 *       IncrementalMode#RUN_DATE}: a backfill of given days, which neither reads nor commits the
 *       bookmark.
 *   <li>Glue's {@code --job-bookmark-option}: {@code job-bookmark-enable} selects bookmark mode,
 *       {@code job-bookmark-pause} bookmark mode without commit, {@code job-bookmark-disable} turns
 *       bookmark mode into full (run-date stays).
 * </ul>
 *
 * @param mode the resolved mode
 * @param runDates the days, present exactly in run-date mode
 * @param bookmarkPath the bookmark folder (used in bookmark mode)
 * @param bookmarkCommit bookmark mode: whether the run commits once its output is published
 */
public record IncrementalConfig(
    IncrementalMode mode,
    Optional<RunDates> runDates,
    String bookmarkPath,
    BookmarkCommit bookmarkCommit) {
  /** The argument selecting a run date, {@code --run-date 2001-01-02}. */
  public static final String RUN_DATE_ARGUMENT = "run-date";

  /** Glue's bookmark argument, mapped onto the modes. */
  public static final String GLUE_BOOKMARK_ARGUMENT = "job-bookmark-option";

  static final String BOOKMARK_FOLDER = "_bookmarks";

  /** The time partition columns that together name one day. */
  private static final List<String> DAY_COLUMNS = List.of("year", "month", "day");

  public IncrementalConfig {
    requireNonNull(mode, "mode is null");
    requireNonNull(runDates, "runDates is null");
    requireNonNull(bookmarkPath, "bookmarkPath is null");
    requireNonNull(bookmarkCommit, "bookmarkCommit is null");
    if ((mode == IncrementalMode.RUN_DATE) != runDates.isPresent()) {
      throw new IllegalArgumentException(
          "Cannot configure incremental processing: "
              + IncrementalKeys.MODE.name()
              + "=run-date needs a run date (--run-date YYYY-MM-DD or "
              + IncrementalKeys.RUN_DATE.name()
              + ")");
    }
  }

  /** Everything, every run: what a job does without incremental configuration. */
  public static IncrementalConfig full(String bookmarkPath) {
    return new IncrementalConfig(
        IncrementalMode.FULL, Optional.empty(), bookmarkPath, BookmarkCommit.AFTER_PUBLISH);
  }

  /** {@code <target>/_bookmarks/<job name>}. */
  public static String defaultBookmarkPath(String targetPath, String jobName) {
    requireNonNull(targetPath, "targetPath is null");
    requireNonNull(jobName, "jobName is null");
    return StoragePaths.child(targetPath, BOOKMARK_FOLDER + "/" + jobName);
  }

  /**
   * Resolves the mode from settings (of a schema including {@link IncrementalKeys#SCHEMA}) and
   * arguments.
   *
   * @param defaultBookmarkPath used when {@code incremental.bookmark.path} is unset
   * @throws ConfigException naming the key or argument that is wrong
   */
  public static IncrementalConfig from(
      Settings settings, JobArguments arguments, String defaultBookmarkPath) {
    requireNonNull(settings, "settings is null");
    requireNonNull(arguments, "arguments is null");
    requireNonNull(defaultBookmarkPath, "defaultBookmarkPath is null");
    IncrementalMode mode = settings.get(IncrementalKeys.MODE);
    BookmarkCommit bookmarkCommit =
        settings.get(IncrementalKeys.BOOKMARK_PAUSE)
            ? BookmarkCommit.PAUSED
            : BookmarkCommit.AFTER_PUBLISH;

    Optional<String> glueOption =
        Optional.ofNullable(arguments.ignored().get(GLUE_BOOKMARK_ARGUMENT));
    if (glueOption.isPresent()) {
      switch (glueOption.get().trim().toLowerCase(Locale.ROOT)) {
        case "job-bookmark-enable":
          mode = IncrementalMode.BOOKMARK;
          break;
        case "job-bookmark-pause":
          mode = IncrementalMode.BOOKMARK;
          bookmarkCommit = BookmarkCommit.PAUSED;
          break;
        case "job-bookmark-disable":
          mode = mode == IncrementalMode.BOOKMARK ? IncrementalMode.FULL : mode;
          break;
        default:
          throw new ConfigException(
              "Cannot parse argument --"
                  + GLUE_BOOKMARK_ARGUMENT
                  + " '"
                  + glueOption.get()
                  + "': expected job-bookmark-enable, job-bookmark-disable or job-bookmark-pause");
      }
    }

    Optional<String> runDateText =
        Optional.ofNullable(arguments.ignored().get(RUN_DATE_ARGUMENT))
            .or(() -> settings.find(IncrementalKeys.RUN_DATE))
            .filter(text -> !text.isBlank());
    Optional<RunDates> runDates = Optional.empty();
    if (runDateText.isPresent()) {
      String origin =
          arguments.ignored().containsKey(RUN_DATE_ARGUMENT)
              ? "argument --" + RUN_DATE_ARGUMENT
              : IncrementalKeys.RUN_DATE.name()
                  + " (from "
                  + settings.origin(IncrementalKeys.RUN_DATE.name())
                  + ")";
      try {
        runDates = Optional.of(RunDates.parse(runDateText.get()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(origin + ": " + e.getMessage());
      }
      mode = IncrementalMode.RUN_DATE;
    }
    String bookmarkPath =
        settings
            .find(IncrementalKeys.BOOKMARK_PATH)
            .filter(path -> !path.isBlank())
            .orElse(defaultBookmarkPath);
    try {
      return new IncrementalConfig(mode, runDates, bookmarkPath, bookmarkCommit);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Why an output that replaces the partitions it writes ({@code overwrite-partitions}) cannot be
   * written in this mode, or empty. A run-date or bookmark run reads some days, so each partition
   * it replaces must hold at most one day; refused are an unpartitioned output (the days would
   * replace the whole table) and time partitions coarser than a day (year or month without day, or
   * day without its year and month: the days would replace whole months or years with only their
   * own rows).
   *
   * @param partitionKey the key of the partition columns, e.g. {@code target.partition-by}
   * @param writeModeKey the key of the write mode, e.g. {@code target.write-mode}
   */
  public Optional<String> dayPartitionProblem(
      String partitionKey, String writeModeKey, List<String> partitionBy) {
    requireNonNull(partitionKey, "partitionKey is null");
    requireNonNull(writeModeKey, "writeModeKey is null");
    requireNonNull(partitionBy, "partitionBy is null");
    if (mode == IncrementalMode.FULL) {
      return Optional.empty();
    }
    String start =
        "Cannot run "
            + describe()
            + " with "
            + writeModeKey
            + "=overwrite-partitions: "
            + partitionKey;
    String fix =
        "; partition by day (e.g. "
            + partitionKey
            + ": [year, month, day]), or set "
            + writeModeKey
            + "=append, or "
            + IncrementalKeys.MODE.name()
            + "=full";
    if (partitionBy.isEmpty()) {
      return Optional.of(
          start
              + " is empty, so the days this run reads would replace the whole table with only"
              + " their own rows"
              + fix);
    }
    List<String> time = partitionBy.stream().filter(DAY_COLUMNS::contains).toList();
    if (!time.isEmpty() && !time.containsAll(DAY_COLUMNS)) {
      List<String> missing = DAY_COLUMNS.stream().filter(name -> !time.contains(name)).toList();
      return Optional.of(
          start
              + " "
              + partitionBy
              + " is coarser than a day (no "
              + String.join(", ", missing)
              + "): a partition holds several days, and the days this run reads would replace all"
              + " of them with only their own rows"
              + fix);
    }
    return Optional.empty();
  }

  /** One line for the log: {@code run-date 2001-01-02}, {@code bookmark (paused) at ...}. */
  public String describe() {
    switch (mode) {
      case RUN_DATE:
        return "run-date " + runDates.orElseThrow();
      case BOOKMARK:
        return "bookmark"
            + (bookmarkCommit == BookmarkCommit.PAUSED ? " (paused: no commit)" : "")
            + " at "
            + bookmarkPath;
      default:
        return "full";
    }
  }
}
