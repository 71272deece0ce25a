package dev.lakeetl.deploy;

/** Whether a run command returns once the run has started or once it has ended. */
public enum RunWait {
  /** Return as soon as the run is started ({@code --no-wait}). */
  NONE,
  /** Poll until the run ends and report its final state. */
  UNTIL_END
}
