package dev.lakeetl.streaming.sink;

/**
 * What the windows of some batches came to.
 *
 * @param rows window rows written
 * @param late refined rows older than the windows' watermark when they arrived, published to the
 *     refined table but counted in no window
 */
public record WindowCounts(long rows, long late) {
  public static final WindowCounts ZERO = new WindowCounts(0, 0);

  public WindowCounts {
    if (rows < 0 || late < 0) {
      throw new IllegalArgumentException(
          "Cannot count windows: negative count " + rows + " / " + late);
    }
  }

  public WindowCounts plus(WindowCounts other) {
    return new WindowCounts(rows + other.rows, late + other.late);
  }
}
