package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a staged batch still has to do: move each staged file to its place in the table.
 *
 * @param counts the records and window rows the batch wrote
 * @param moves staged file to final file, in order
 * @param watermark the windows' watermark after the batch; empty without windows
 */
public record BatchManifest(BatchCounts counts, List<Move> moves, Optional<Instant> watermark) {
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
    requireNonNull(watermark, "watermark is null");
  }

  /** A batch without windows. */
  public BatchManifest(BatchCounts counts, List<Move> moves) {
    this(counts, moves, Optional.empty());
  }

  /**
   * Lines: the counts, the watermark, then one tab-separated move per line (paths have no tabs).
   */
  List<String> format() {
    List<String> lines = new ArrayList<>(counts.lines(""));
    watermark.ifPresent(instant -> lines.add("watermark=" + instant));
    for (Move move : moves) {
      lines.add("move\t" + move.staged() + "\t" + move.destination());
    }
    return lines;
  }

  static BatchManifest parse(List<String> lines) {
    List<String> fields = new ArrayList<>();
    List<Move> moves = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("move\t")) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 3) {
          throw new IllegalStateException("Cannot read batch manifest line: " + line);
        }
        moves.add(new Move(parts[1], parts[2]));
      } else {
        fields.add(line);
      }
    }
    BatchLog.Fields parsed = BatchLog.Fields.parse(fields);
    return new BatchManifest(BatchCounts.from(parsed.counts(), ""), moves, parsed.watermark());
  }
}
