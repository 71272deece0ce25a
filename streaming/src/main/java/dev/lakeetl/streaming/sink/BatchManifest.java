package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a staged batch still has to do: move each staged file to its place in the table.
 *
 * @param counts the records the batch wrote
 * @param moves staged file to final file, in order
 * @param windows window rows the batch wrote, and its rows too late for any window
 * @param watermark the windows' watermark after the batch; empty without windows
 */
public record BatchManifest(
    BatchCounts counts, List<Move> moves, WindowCounts windows, Optional<Instant> watermark) {
  /** One staged file and where it goes. */
  public record Move(String staged, String destination) {
    public Move {
      requireNonNull(staged, "staged is null");
      requireNonNull(destination, "destination is null");
    }
  }

  public BatchManifest {
    requireNonNull(counts, "counts is null");
    moves = List.copyOf(requireNonNull(moves, "moves is null"));
    requireNonNull(windows, "windows is null");
    requireNonNull(watermark, "watermark is null");
  }

  /** A batch without windows. */
  public BatchManifest(BatchCounts counts, List<Move> moves) {
    this(counts, moves, WindowCounts.ZERO, Optional.empty());
  }

  /** Lines: the counts, the windows, then one tab-separated move per line (paths have no tabs). */
  List<String> format() {
    List<String> lines = new ArrayList<>();
    lines.add("refined=" + counts.refined());
    lines.add("quarantined=" + counts.quarantined());
    lines.add("windows=" + windows.rows());
    lines.add("late=" + windows.late());
    watermark.ifPresent(instant -> lines.add("watermark=" + instant));
    for (Move move : moves) {
      lines.add("move\t" + move.staged() + "\t" + move.destination());
    }
    return lines;
  }

  static BatchManifest parse(List<String> lines) {
    long refined = 0;
    long quarantined = 0;
    long windows = 0;
    long late = 0;
    Optional<Instant> watermark = Optional.empty();
    List<Move> moves = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("refined=")) {
        refined = Long.parseLong(line.substring("refined=".length()));
      } else if (line.startsWith("quarantined=")) {
        quarantined = Long.parseLong(line.substring("quarantined=".length()));
      } else if (line.startsWith("windows=")) {
        windows = Long.parseLong(line.substring("windows=".length()));
      } else if (line.startsWith("late=")) {
        late = Long.parseLong(line.substring("late=".length()));
      } else if (line.startsWith("watermark=")) {
        watermark = Optional.of(Instant.parse(line.substring("watermark=".length())));
      } else if (line.startsWith("move\t")) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 3) {
          throw new IllegalStateException("Cannot read batch manifest line: " + line);
        }
        moves.add(new Move(parts[1], parts[2]));
      }
    }
    return new BatchManifest(
        new BatchCounts(refined, quarantined), moves, new WindowCounts(windows, late), watermark);
  }
}
