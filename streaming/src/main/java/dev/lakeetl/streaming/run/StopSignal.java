package dev.lakeetl.streaming.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * A request to stop gracefully: SIGTERM (what YARN, EMR Serverless, Glue and {@code kill} send) or
 * a stop-marker file. The job checks it between batches; the marker is removed once acted on so the
 * next start runs normally.
 */
public final class StopSignal {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

  /** The marker's file name inside the checkpoint folder. */
  public static final String MARKER_NAME = "STOP";

  private final Path marker;
  private final Configuration hadoopConf;
  private final AtomicReference<String> reason = new AtomicReference<>();

  /**
   * @param checkpointPath the job's checkpoint folder (any Hadoop file system)
   * @param hadoopConf the session's Hadoop configuration
   */
  public StopSignal(String checkpointPath, Configuration hadoopConf) {
    requireNonNull(checkpointPath, "checkpointPath is null");
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    this.marker = new Path(checkpointPath, MARKER_NAME);
  }

  /** Where the stop marker is expected. */
  public String marker() {
    return marker.toString();
  }

  /**
   * Replaces the JVM's SIGTERM handler (which would run shutdown hooks and stop Spark mid-batch) by
   * one that only records the request.
   */
  public void handleSigterm() {
    try {
      Signal.handle(new Signal("TERM"), signal -> request("SIGTERM received"));
    } catch (IllegalArgumentException e) {
      LOG.warn("Cannot handle SIGTERM on this JVM ({}); use the stop marker {}", e, marker);
    }
  }

  /** Records a stop request; the first reason wins. */
  public void request(String why) {
    requireNonNull(why, "why is null");
    if (reason.compareAndSet(null, why)) {
      LOG.info("Graceful stop requested: {}", why);
    }
  }

  /** Whether a stop was requested, checking the marker file now. */
  public Optional<String> check() {
    if (reason.get() == null) {
      try {
        FileSystem fileSystem = marker.getFileSystem(hadoopConf);
        if (fileSystem.exists(marker)) {
          request("stop marker " + marker + " found");
        }
      } catch (IOException e) {
        LOG.warn("Cannot check the stop marker {}: {}", marker, e.getMessage());
      }
    }
    return Optional.ofNullable(reason.get());
  }

  /** Deletes the marker if present, so a restart does not stop at once. */
  public void clearMarker() {
    try {
      FileSystem fileSystem = marker.getFileSystem(hadoopConf);
      if (fileSystem.exists(marker)) {
        fileSystem.delete(marker, false);
        LOG.info("Removed the stop marker {}", marker);
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove the stop marker {}: {}", marker, e.getMessage());
    }
  }
}
