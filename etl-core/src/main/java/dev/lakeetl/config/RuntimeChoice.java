package dev.lakeetl.config;

/** The {@code runtime} setting: a concrete runtime, or {@code auto} to detect it at start. */
public enum RuntimeChoice {
  /**
   * Glue when Glue's job arguments are present, EMR Serverless on a non-local master, else local.
   */
  AUTO,
  LOCAL,
  GLUE,
  EMR_SERVERLESS
}
