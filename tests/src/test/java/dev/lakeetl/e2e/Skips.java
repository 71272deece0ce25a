package dev.lakeetl.e2e;

import org.junit.jupiter.api.Assumptions;

/**
 * Skipping a test that cannot run on this machine: the reason is printed as one {@code SKIP} line
 * on standard output, which the build log shows, before JUnit records the test as skipped.
 */
final class Skips {
  private Skips() {}

  /** Prints {@code SKIP <test>: <reason>} and aborts the calling test as skipped. */
  static void skip(String test, String reason) {
    System.out.println("SKIP " + test + ": " + reason);
    System.out.flush();
    Assumptions.abort(reason);
  }
}
