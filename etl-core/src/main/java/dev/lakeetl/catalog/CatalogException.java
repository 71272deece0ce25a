package dev.lakeetl.catalog;

import dev.lakeetl.job.RunFailedException;

/**
 * A table cannot be registered as configured: its schema changed against the policy, it lives
 * elsewhere, or it is not an external Parquet table. The message says what and how to fix it, so a
 * run failing with it reports the message without a stack trace.
 */
public final class CatalogException extends RunFailedException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
