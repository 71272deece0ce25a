package dev.lakeetl.quality.publish;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.io.WriteMode;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;

/**
 * The journal of one publish, {@code <staging>/_publish.json}: what the publish is about to move,
 * written before its first move, so that the next run can finish or undo a publish that was killed
 * halfway. A journal is open from the moment it is written until its staging folder is deleted (or,
 * after an undo verified in the run itself, the journal is):
 *
 * <ul>
 *   <li>without {@code _published} next to it, a publish was under way: the next run undoes it,
 *       putting every folder back to the files it lists as old;
 *   <li>with {@code _published}, every folder was in place and only the clean-up was left: the next
 *       run finishes it (deletes {@code _replaced/} and the staging folder).
 * </ul>
 *
 * <p>In append mode {@code oldFiles} are the files an earlier publish of the same batch added to
 * the folder (moved aside, like an overwrite's), and {@code stagedNames} gives the staged name of
 * each new file, which is renamed after its batch on the way in ({@link BatchFiles}); an undo puts
 * back only the files the journal lists, not the whole folder. Journals of format 1 (no {@code
 * stagedNames}) are still read.
 *
 * <pre>{@code
 * {
 *   "format": 2,
 *   "staging": "s3a://lake/refined/flights/_staging/20261123T160102Z-3f9a1c",
 *   "target": "s3a://lake/refined/flights",
 *   "mode": "overwrite-partitions",
 *   "started": "2026-11-23T16:03:27.196Z",
 *   "partitions": [{
 *     "partition": "year=2001/month=01/day=05",
 *     "old": "s3a://lake/refined/flights/year=2001/month=01/day=05",
 *     "new": "s3a://lake/refined/flights/_staging/20261123T160102Z-3f9a1c/year=2001/month=01/day=05",
 *     "replaced": "s3a://lake/refined/flights/_staging/20261123T160102Z-3f9a1c/_replaced/year=...",
 *     "oldFiles": {"part-00000-1f0c....snappy.parquet": 48213},
 *     "newFiles": {"part-00000-9a4e....snappy.parquet": 48377},
 *     "stagedNames": {}
 *   }]
 * }
 * }</pre>
 *
 * @param staging the staging folder the journal is in
 * @param target the table root
 * @param mode overwrite or append
 * @param started when the publish started
 * @param moves one per partition folder (one with an empty partition for the table root)
 */
record PublishJournal(
    Path staging, Path target, WriteMode mode, Instant started, List<StagedPublisher.Move> moves) {
  static final int FORMAT = 2;

  /** The format before {@code stagedNames}: read, never written. */
  private static final int FORMAT_WITHOUT_STAGED_NAMES = 1;

  /** The journal's name in the staging folder. */
  static final String FILE = "_publish.json";

  /** Written next to the journal once every folder is in place. */
  static final String PUBLISHED = "_published";

  PublishJournal {
    requireNonNull(staging, "staging is null");
    requireNonNull(target, "target is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(started, "started is null");
    moves = List.copyOf(moves);
  }

  String toJson() {
    ObjectNode root = StateJson.newDocument("format", FORMAT);
    root.put("staging", staging.toString());
    root.put("target", target.toString());
    root.put("mode", modeName(mode));
    root.put("started", started.toString());
    ArrayNode partitions = root.putArray("partitions");
    for (StagedPublisher.Move move : moves) {
      ObjectNode partition = partitions.addObject();
      partition.put("partition", move.partition());
      partition.put("old", move.live().toString());
      partition.put("new", move.staged().toString());
      partition.put("replaced", move.aside().toString());
      ObjectNode oldFiles = partition.putObject("oldFiles");
      move.oldFiles().forEach(oldFiles::put);
      ObjectNode newFiles = partition.putObject("newFiles");
      move.newFiles().forEach(newFiles::put);
      ObjectNode stagedNames = partition.putObject("stagedNames");
      move.stagedNames().forEach(stagedNames::put);
    }
    return StateJson.write(root, Layout.INDENTED);
  }

  /**
   * Parses a journal.
   *
   * @param file where it was read from, for messages
   * @throws IllegalArgumentException naming the file when it is not a journal of this format
   */
  static PublishJournal fromJson(String text, String file) {
    StateJson json = StateJson.parse(text, "publish journal", file);
    int format = json.version("format", FORMAT_WITHOUT_STAGED_NAMES, FORMAT);
    JsonNode root = json.root();
    WriteMode mode = mode(json);
    return json.build(
        () -> {
          List<StagedPublisher.Move> moves = new ArrayList<>();
          for (JsonNode partition : json.required(root, "partitions")) {
            moves.add(
                new StagedPublisher.Move(
                    json.text(partition, "partition"),
                    new Path(json.text(partition, "new")),
                    new Path(json.text(partition, "old")),
                    new Path(json.text(partition, "replaced")),
                    files(json, partition, "oldFiles"),
                    files(json, partition, "newFiles"),
                    format == FORMAT
                        ? new TreeMap<>(json.fields(partition, "stagedNames", JsonNode::asText))
                        : Map.of(),
                    mode));
          }
          return new PublishJournal(
              new Path(json.text(root, "staging")),
              new Path(json.text(root, "target")),
              mode,
              json.instant(root, "started"),
              moves);
        });
  }

  /** The file sizes by name, in name order. */
  private static Map<String, Long> files(StateJson json, JsonNode partition, String field) {
    return new TreeMap<>(json.fields(partition, field, JsonNode::asLong));
  }

  private static String modeName(WriteMode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static WriteMode mode(StateJson json) {
    String name = json.text(json.root(), "mode");
    for (WriteMode mode : WriteMode.values()) {
      if (modeName(mode).equals(name)) {
        return mode;
      }
    }
    throw json.problem("unknown mode '" + name + "'");
  }
}
