package dev.lakeetl.catalog;

/**
 * A table cannot be registered as configured: its schema changed against the policy, it lives
 * elsewhere, or it is not an external Parquet table. The message says what and how to fix it.
 */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }
}
