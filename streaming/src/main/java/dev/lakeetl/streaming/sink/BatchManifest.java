package dev.lakeetl.streaming.sink;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * What a staged batch still has to do: move each staged file to its place in the table.
 *
 * @param counts the records the batch wrote
 * @param moves staged file to final file, in order
 */
public record BatchManifest(BatchCounts counts, List<Move> moves) {
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
  }

  /** Lines: the counts, then one tab-separated move per line (paths have no tabs). */
  List<String> format() {
    List<String> lines = new ArrayList<>();
    lines.add("refined=" + counts.refined());
    lines.add("quarantined=" + counts.quarantined());
    for (Move move : moves) {
      lines.add("move\t" + move.staged() + "\t" + move.destination());
    }
    return lines;
  }

  static BatchManifest parse(List<String> lines) {
    long refined = 0;
    long quarantined = 0;
    List<Move> moves = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("refined=")) {
        refined = Long.parseLong(line.substring("refined=".length()));
      } else if (line.startsWith("quarantined=")) {
        quarantined = Long.parseLong(line.substring("quarantined=".length()));
      } else if (line.startsWith("move\t")) {
        String[] parts = line.split("\t", -1);
        if (parts.length != 3) {
          throw new IllegalStateException("Cannot read batch manifest line: " + line);
        }
        moves.add(new Move(parts[1], parts[2]));
      }
    }
    return new BatchManifest(new BatchCounts(refined, quarantined), moves);
  }
}
