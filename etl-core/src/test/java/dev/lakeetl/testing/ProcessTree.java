package dev.lakeetl.testing;

import java.util.concurrent.TimeUnit;

/** Stops a process a test started, with everything it started in turn. */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Kills {@code process} and its descendants, then waits up to 30 seconds for it to end (a
   * launcher script's JVM would otherwise outlive the script).
   */
  public static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
