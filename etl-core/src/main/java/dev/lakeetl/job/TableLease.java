package dev.lakeetl.job;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.config.CoreKeys;
import dev.lakeetl.config.DurationText;
import dev.lakeetl.io.AtomicFiles;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lease of one run on one table, {@code <table>/_lease.json}: taken before the run
 * selects its input, renewed while it runs, released when it is over. A second run of the table
 * fails at start instead of interleaving its publish with the first one's; a lease whose holder
 * died expires and the next run takes it over.
 *
 * <pre>{@code
 * {"owner": "20261123T160102Z-3f9a1c/6b0e...", "job": "flights-raw-to-refined",
 *  "runId": "20261123T160102Z-3f9a1c", "acquired": "2026-11-23T16:01:05Z",
 *  "expires": "2026-11-23T16:11:05Z"}
 * }</pre>
 *
 * <p>Creating the file is exclusive where {@link AtomicFiles#createExclusively} is: local disks and
 * HDFS. On S3 (S3A in Hadoop 3.3.4, EMRFS) it is an existence check and an upload; the lease is
 * read back at once and again after {@code settle}, which catches a racing run whose upload landed
 * meanwhile, but two runs starting within the same moment can still both hold it.
 */
public final class TableLease implements AutoCloseable {
  /** The lease file's name in the table folder (hidden from readers by its underscore). */
  public static final String FILE = "_lease.json";

  /**
   * How a lease is timed.
   *
   * @param ttl how long a lease lasts without renewal: how long a dead run's lease blocks the table
   * @param renewEvery how often a held lease is renewed
   * @param settle on object stores, how long to wait before reading a new lease once more
   * @param maxWait how long a run waits for a lease another run holds before it fails
   */
  public record Timing(Duration ttl, Duration renewEvery, Duration settle, Duration maxWait) {
    /** 3 minutes without renewal, renewed every 30 seconds, read back after 2 seconds, no wait. */
    public static final Timing DEFAULT =
        new Timing(
            Duration.ofMinutes(3), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ZERO);

    public Timing {
      requireNonNull(ttl, "ttl is null");
      requireNonNull(renewEvery, "renewEvery is null");
      requireNonNull(settle, "settle is null");
      requireNonNull(maxWait, "maxWait is null");
    }

    /** These timings, waiting up to {@code maxWait} for a held lease. */
    public Timing withMaxWait(Duration maxWait) {
      return new Timing(ttl, renewEvery, settle, maxWait);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(TableLease.class);
  private static final int ATTEMPTS = 3;
  // How often a waiting run looks at a held lease again.
  private static final Duration POLL = Duration.ofSeconds(2);

  private final FileSystem fs;
  private final Path file;
  private final Clock clock;
  private final Duration ttl;
  private final boolean tableExisted;
  private final ScheduledExecutorService renewal;
  private volatile Holder holder;
  private volatile Optional<String> lost = Optional.empty();

  private TableLease(
      FileSystem fs,
      Path file,
      boolean tableExisted,
      Clock clock,
      Duration ttl,
      Holder holder,
      Duration every) {
    this.fs = fs;
    this.tableExisted = tableExisted;
    this.file = file;
    this.clock = clock;
    this.ttl = ttl;
    this.holder = holder;
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "lakeetl-lease-" + file.getParent().getName());
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, every.toMillis());
    renewal.scheduleWithFixedDelay(this::renew, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease on {@code table}: creates its lease file, or takes it over when its holder's
   * lease expired (the holder died). While another live run holds it, waits up to {@code
   * timing.maxWait()} for it to be released or to expire.
   *
   * @throws RunFailedException when another live run still holds it after the wait, naming that run
   *     and when its lease expires
   * @throws UncheckedIOException when the lease file cannot be read or written
   */
  public static TableLease acquire(
      Configuration hadoopConf,
      String table,
      String job,
      String runId,
      Clock clock,
      Timing timing) {
    requireNonNull(hadoopConf, "hadoopConf is null");
    requireNonNull(table, "table is null");
    requireNonNull(job, "job is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(timing, "timing is null");
    Duration ttl = timing.ttl();
    long waitUntil = System.nanoTime() + timing.maxWait().toNanos();
    boolean waiting = false;
    Path file = new Path(table, FILE);
    try {
      FileSystem fs = file.getFileSystem(hadoopConf);
      file = fs.makeQualified(file);
      boolean tableExisted = fs.exists(file.getParent());
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Instant now = clock.instant();
        Holder mine = new Holder(runId + "/" + UUID.randomUUID(), job, runId, now, now.plus(ttl));
        if (AtomicFiles.createExclusively(fs, file, mine.json())) {
          if (confirmed(fs, file, mine, timing.settle())) {
            LOG.info(
                "Took the lease on {} until {} (renewed while the run lasts)", table, mine.expires);
            return new TableLease(fs, file, tableExisted, clock, ttl, mine, timing.renewEvery());
          }
          continue;
        }
        Optional<Holder> held = read(fs, file);
        if (held.isEmpty()) {
          continue; // Released meanwhile: try again.
        }
        if (held.get().expires.isAfter(now)) {
          long left = waitUntil - System.nanoTime();
          if (left > 0) {
            if (!waiting) {
              LOG.info(
                  "Waiting up to {} ({}) for the lease on {}: run {} of {} holds it until {}",
                  DurationText.format(timing.maxWait()),
                  CoreKeys.LEASE_WAIT.name(),
                  table,
                  held.get().runId,
                  held.get().job,
                  held.get().expires);
              waiting = true;
            }
            sleep(Math.min(left, POLL.toNanos()));
            attempt--; // Waiting is not a lost race.
            continue;
          }
          throw new RunFailedException(
              "Cannot start: run "
                  + held.get().runId
                  + " of "
                  + held.get().job
                  + " holds the lease on "
                  + table
                  + " (taken "
                  + held.get().acquired
                  + ", renewed until "
                  + held.get().expires
                  + ")"
                  + (timing.maxWait().isZero()
                      ? ""
                      : " after waiting "
                          + DurationText.format(timing.maxWait())
                          + " ("
                          + CoreKeys.LEASE_WAIT.name()
                          + ")")
                  + ", so it is still selecting, writing or publishing; run this job again once"
                  + " it is over. If that run is dead, its lease expires at "
                  + held.get().expires
                  + "; or delete "
                  + file
                  + " if it surely is");
        }
        // Its holder died: move its lease out of the way. Of two runs doing so, one renames it.
        LOG.warn(
            "Taking over the lease on {}: run {} of {} held it until {} and did not renew it (its"
                + " run died)",
            table,
            held.get().runId,
            held.get().job,
            held.get().expires);
        Path expired = new Path(file.getParent(), "." + FILE + ".expired-" + UUID.randomUUID());
        if (fs.rename(file, expired)) {
          fs.delete(expired, false);
        }
      }
      throw new RunFailedException(
          "Cannot start: could not take the lease on "
              + table
              + " in "
              + ATTEMPTS
              + " attempts: other runs of it are starting at the same time");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot take the lease on " + table + " (" + file + "): " + e.getMessage(), e);
    }
  }

  /**
   * Checks, just before publishing, that this run still holds the lease.
   *
   * @throws RunFailedException when it was lost: it expired unrenewed, or another run took it over
   */
  public void check() {
    Optional<String> why = lost;
    if (why.isEmpty()) {
      try {
        why = whyNotHeld();
        if (why.isEmpty() && !holder.expires.isAfter(clock.instant())) {
          why = Optional.of("it expired at " + holder.expires + " without being renewed");
        }
      } catch (IOException e) {
        why = Optional.of("it cannot be read: " + e.getMessage());
      }
    }
    if (why.isPresent()) {
      throw new RunFailedException(
          "Cannot publish: this run no longer holds the lease on "
              + file.getParent()
              + " ("
              + why.get()
              + "); nothing was published");
    }
  }

  /** Stops renewing and deletes the lease file if this run still holds it. */
  @Override
  public void close() {
    renewal.shutdownNow();
    try {
      if (isMine(fs, file, holder)) {
        fs.delete(file, false);
        LOG.info("Released the lease on {}", file.getParent());
        Path table = file.getParent();
        if (!tableExisted && fs.exists(table) && fs.listStatus(table).length == 0) {
          // The lease made the folder and the run wrote nothing into it (an EMPTY run).
          fs.delete(table, false);
        }
      }
    } catch (IOException e) {
      LOG.warn(
          "Cannot release the lease {}: {}; it expires at {}",
          file,
          e.getMessage(),
          holder.expires);
    }
  }

  private void renew() {
    try {
      Optional<String> why = whyNotHeld();
      if (why.isPresent()) {
        lost = why;
        LOG.error("Lost the lease on {}: {}", file.getParent(), why.get());
        renewal.shutdown();
        return;
      }
      Holder renewed = holder.until(clock.instant().plus(ttl));
      AtomicFiles.replace(fs, file, renewed.json());
      holder = renewed;
    } catch (IOException | RuntimeException e) {
      // The next renewal tries again; check() fails the publish if the lease ran out meanwhile.
      LOG.warn("Cannot renew the lease {}: {}", file, e.toString());
    }
  }

  /**
   * Why the lease file no longer names this run ("run ... of ... holds it now", "the lease file is
   * gone"); empty while it does.
   */
  private Optional<String> whyNotHeld() throws IOException {
    Optional<Holder> held = read(fs, file);
    if (held.isPresent() && held.get().owner.equals(holder.owner)) {
      return Optional.empty();
    }
    return Optional.of(
        held.map(other -> "run " + other.runId + " of " + other.job + " holds it now")
            .orElse("the lease file is gone"));
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailedException("Cannot start: interrupted while waiting for a table lease");
    }
  }

  private static boolean confirmed(FileSystem fs, Path file, Holder mine, Duration settle)
      throws IOException {
    if (!isMine(fs, file, mine)) {
      return false;
    }
    if (!AtomicFiles.objectStore(fs) || settle.isZero()) {
      return true;
    }
    // Not exclusive there: a run whose existence check passed before our upload landed uploads its
    // own lease a moment later. Whoever reads the other's lease after the wait backs off.
    try {
      Thread.sleep(settle.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while taking the lease", e);
    }
    return isMine(fs, file, mine);
  }

  private static boolean isMine(FileSystem fs, Path file, Holder mine) throws IOException {
    return read(fs, file).map(held -> held.owner.equals(mine.owner)).orElse(false);
  }

  private static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
    String json;
    try (InputStream input = fs.open(file)) {
      json = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    try {
      StateJson lease = StateJson.parse(json, "lease", file.toString());
      JsonNode root = lease.root();
      return Optional.of(
          new Holder(
              lease.text(root, "owner"),
              lease.text(root, "job"),
              lease.text(root, "runId"),
              lease.instant(root, "acquired"),
              lease.instant(root, "expires")));
    } catch (IllegalArgumentException e) {
      // A writer that died halfway leaves a damaged lease; once no run is going on, it can go.
      throw new IOException(e.getMessage() + "; delete it if no run of this table is going on", e);
    }
  }

  /** Who holds a lease, since when and until when. */
  private record Holder(String owner, String job, String runId, Instant acquired, Instant expires) {
    Holder until(Instant later) {
      return new Holder(owner, job, runId, acquired, later);
    }

    byte[] json() {
      ObjectNode root = StateJson.newDocument();
      root.put("owner", owner);
      root.put("job", job);
      root.put("runId", runId);
      root.put("acquired", acquired.toString());
      root.put("expires", expires.toString());
      return StateJson.write(root, Layout.LINE).getBytes(StandardCharsets.UTF_8);
    }
  }
}
