package dev.lakeetl.incremental;

import static java.util.Objects.requireNonNull;

import dev.lakeetl.config.ConfigException;
import dev.lakeetl.config.ConfigLoader;
import dev.lakeetl.config.JobArguments;
import dev.lakeetl.spark.StoragePaths;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Inspects and changes a job's bookmark from the command line ({@code bin/etl-bookmarks}):
 *
 * <pre>
 * show    --path FOLDER                     the newest version
 * history --path FOLDER                     every version, one line each
 * reset   --path FOLDER                     commit an empty version: the next run reads everything
 * rewind  --path FOLDER --to-version N      commit a copy of version N
 * rewind  --path FOLDER --to-date YYYY-MM-DD  commit a copy of the newest version committed
 *                                           before that day (UTC): runs since are forgotten
 * </pre>
 *
 * Reset and rewind add a version (history is kept) with the same conflict rule as a run's commit.
 * {@code --s3.*} and {@code --spark.conf.spark.hadoop.*} arguments configure the filesystem, as for
 * reading a job's config. Exit codes: 0 done, 1 failed, 2 wrong arguments.
 */
public final class BookmarkTool {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private static final String TOOL_RUN_ID = "etl-bookmarks";
  private static final String USAGE =
      "Usage: etl-bookmarks show|history|reset|rewind --path FOLDER"
          + " [--to-version N | --to-date YYYY-MM-DD]";

  private final Configuration hadoopConf;
  private final PrintStream out;
  private final Clock clock;

  BookmarkTool(Configuration hadoopConf, PrintStream out, Clock clock) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    this.out = requireNonNull(out, "out is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Runs one command and exits with its code. */
  public static void main(String[] args) {
    int code;
    try {
      code = execute(args);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      code = EXIT_USAGE;
    }
    System.exit(code);
  }

  private static int execute(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      System.err.println(USAGE);
      return EXIT_USAGE;
    }
    Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
    List<String> filesystem = new ArrayList<>();
    options.forEach(
        (key, value) -> {
          if (key.contains(".")) {
            filesystem.add("--" + key);
            filesystem.add(value);
          }
        });
    Configuration conf =
        ConfigLoader.hadoopConfiguration(JobArguments.parse(filesystem.toArray(String[]::new)));
    return new BookmarkTool(conf, System.out, Clock.systemUTC()).run(args[0], options);
  }

  /**
   * Options as {@code --key value} or {@code --key=value}.
   *
   * @throws ConfigException for a value without a key or a key without a value
   */
  static Map<String, String> options(String... args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String argument = args[i];
      if (!argument.startsWith("--")) {
        throw new ConfigException(
            "Cannot parse options: '" + argument + "' is a value without a --key before it");
      }
      int equals = argument.indexOf('=');
      if (equals >= 0) {
        options.put(argument.substring(2, equals), argument.substring(equals + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        options.put(argument.substring(2), args[++i]);
      } else {
        throw new ConfigException("Cannot parse options: " + argument + " needs a value");
      }
    }
    return Map.copyOf(options);
  }

  /** Runs {@code command} with its {@link #options}; errors go to {@code out} as one line. */
  int run(String command, Map<String, String> given) {
    requireNonNull(command, "command is null");
    requireNonNull(given, "given is null");
    Optional<String> path = Optional.ofNullable(given.get("path")).filter(p -> !p.isBlank());
    if (path.isEmpty()) {
      out.println("Cannot run " + command + ": --path FOLDER is missing. " + USAGE);
      return EXIT_USAGE;
    }
    BookmarkStore store =
        BookmarkStore.open(StoragePaths.resolve(path.get(), hadoopConf), hadoopConf);
    try {
      switch (command) {
        case "show":
          return show(store);
        case "history":
          return history(store);
        case "reset":
          return reset(store);
        case "rewind":
          return rewind(store, given);
        default:
          out.println("Cannot run " + command + ": unknown command. " + USAGE);
          return EXIT_USAGE;
      }
    } catch (BookmarkConflictException | IllegalArgumentException | UncheckedIOException e) {
      out.println(e.getMessage());
      return EXIT_FAILED;
    }
  }

  private int show(BookmarkStore store) {
    latest(store, "the next run reads everything")
        .ifPresent(
            state -> {
              out.println(line(state));
              state.entries().forEach(entry -> out.println("  " + entry.path()));
            });
    return EXIT_OK;
  }

  private int history(BookmarkStore store) {
    List<Integer> versions = store.versions();
    if (versions.isEmpty()) {
      out.println("No bookmark at " + store.location());
    }
    versions.forEach(version -> out.println(line(store.read(version))));
    return EXIT_OK;
  }

  private int reset(BookmarkStore store) {
    latest(store, "nothing to reset")
        .ifPresent(
            state -> out.println("Reset: " + line(commit(store, state, "reset", List.of()))));
    return EXIT_OK;
  }

  private int rewind(BookmarkStore store, Map<String, String> given) {
    String toVersion = given.get("to-version");
    String toDate = given.get("to-date");
    if ((toVersion == null) == (toDate == null)) {
      out.println("Cannot rewind: give exactly one of --to-version N and --to-date YYYY-MM-DD");
      return EXIT_USAGE;
    }
    Optional<BookmarkState> latest = store.latest();
    if (latest.isEmpty()) {
      out.println("Cannot rewind " + store.location() + ": no version committed yet");
      return EXIT_FAILED;
    }
    BookmarkState target;
    if (toVersion != null) {
      int version;
      try {
        version = Integer.parseInt(toVersion.trim());
      } catch (NumberFormatException e) {
        out.println("Cannot rewind: --to-version '" + toVersion + "' is not a version number");
        return EXIT_USAGE;
      }
      target = store.read(version);
    } else {
      Instant before;
      try {
        before = LocalDate.parse(toDate.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        out.println("Cannot rewind: --to-date '" + toDate + "' is not YYYY-MM-DD");
        return EXIT_USAGE;
      }
      Optional<BookmarkState> found = Optional.empty();
      for (int version : store.versions()) {
        BookmarkState state = store.read(version);
        if (state.committedAt().isBefore(before)) {
          found = Optional.of(state);
        }
      }
      if (found.isEmpty()) {
        out.println(
            "Cannot rewind "
                + store.location()
                + " to "
                + toDate
                + ": no version was committed before "
                + before
                + "; use reset to read everything again");
        return EXIT_FAILED;
      }
      target = found.get();
    }
    BookmarkState rewound =
        commit(store, latest.get(), "rewind to version " + target.version(), target.entries());
    out.println("Rewound: " + line(rewound));
    return EXIT_OK;
  }

  /** The newest version; when there is none, says so and what that means ({@code meaning}). */
  private Optional<BookmarkState> latest(BookmarkStore store, String meaning) {
    Optional<BookmarkState> latest = store.latest();
    if (latest.isEmpty()) {
      out.println("No bookmark at " + store.location() + ": " + meaning);
    }
    return latest;
  }

  /** Commits {@code entries} as the tool's version on top of {@code latest}. */
  private BookmarkState commit(
      BookmarkStore store, BookmarkState latest, String action, List<BookmarkEntry> entries) {
    return store.commit(
        latest.version(), latest.job(), TOOL_RUN_ID, action, entries, clock.instant());
  }

  private static String line(BookmarkState state) {
    return "version "
        + state.version()
        + " of "
        + state.job()
        + ": "
        + state.action()
        + " by "
        + state.runId()
        + " at "
        + state.committedAt()
        + ", "
        + state.entries().size()
        + " entries";
  }
}
