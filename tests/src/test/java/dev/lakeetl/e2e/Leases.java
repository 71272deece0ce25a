package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The table lease a killed run leaves behind ({@code <table>/_lease.json}). */
final class Leases {
  private Leases() {}

  /**
   * Moves the expiry of the lease a killed run left on {@code table} into the past, as if its three
   * minutes without renewal had passed, so the retry can take it over instead of failing.
   */
  static void expire(Path table) {
    Path lease = table.resolve("_lease.json");
    assertThat(lease).as("the lease the killed run left").exists();
    try {
      Files.writeString(
          lease,
          Files.readString(lease)
              .replaceAll("\"expires\":\"[^\"]+\"", "\"expires\":\"2001-01-01T00:00:00Z\""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
