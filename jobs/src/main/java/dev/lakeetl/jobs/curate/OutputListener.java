package dev.lakeetl.jobs.curate;

/**
 * Called once per output right after it is written and before the run report, in output order. A
 * listener that throws fails the run (the report says why); outputs written before stay written.
 */
@FunctionalInterface
public interface OutputListener {
  /** The output is written completely. */
  void published(PublishedOutput output);
}
