package dev.lakeetl.incremental;

import dev.lakeetl.job.RunFailedException;

/** Another run (or a reset or rewind) committed the bookmark after this one read it. */
public final class BookmarkConflictException extends RunFailedException {
  private static final long serialVersionUID = 1L;

  BookmarkConflictException(String message) {
    super(message);
  }
}
