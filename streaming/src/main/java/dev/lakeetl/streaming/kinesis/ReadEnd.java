package dev.lakeetl.streaming.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.state.StateJson;
import dev.lakeetl.state.StateJson.Layout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a task's read of one shard stopped, recorded in the checkpoint when the task has read its
 * range to the end (see {@link ReadEndStore}). The next batch starts there; a re-run of the same
 * batch reads up to it, so it yields the same records.
 *
 * @param shardId the shard
 * @param readFrom where the read started (from the offset log)
 * @param firstSequenceNumber the first record read, or null when none was
 * @param end the shard's position after the read: after its last record, SHARD_END, or the position
 *     it had before when the read found no record
 * @param records how many records the read returned
 * @param stop why the read stopped
 * @param millisBehindLatest how far the last GetRecords answer was behind the shard's newest record
 * @param lastArrival when Kinesis received the last record read, or null when none was
 * @param endedAt when the read stopped
 * @param getRecordsCalls the GetRecords calls the read made
 * @param fetchedRecords the records GetRecords returned to the read (one more than it returned as
 *     rows when it stopped at a record past the Trigger.AvailableNow cutoff)
 * @param fetchedBytes the bytes of record data GetRecords returned to the read
 * @param recordBytes the bytes of record data the read returned as rows
 * @param nextIterator the shard iterator GetRecords gave for what follows the read, or null at a
 *     shard's end; valid for five minutes after {@code endedAt}, so the driver's next poll of the
 *     shard goes on from it rather than page again through what the read skipped
 * @param lost records the read found expired and skipped (option fail-on-data-loss false)
 */
record ReadEnd(
    String shardId,
    ShardPosition readFrom,
    String firstSequenceNumber,
    ShardPosition end,
    long records,
    Stop stop,
    long millisBehindLatest,
    Instant lastArrival,
    Instant endedAt,
    long getRecordsCalls,
    long fetchedRecords,
    long fetchedBytes,
    long recordBytes,
    String nextIterator,
    List<DataLoss> lost) {

  /** Why a read stopped. */
  enum Stop {
    /** It read max-records-per-shard records; the shard may have more right after. */
    LIMIT,
    /** GetRecords said there was nothing newer (MillisBehindLatest 0). */
    CAUGHT_UP,
    /** A closed shard was read to its end. */
    SHARD_END,
    /** The next record arrived after the Trigger.AvailableNow cutoff. */
    CUTOFF,
    /** Empty answers while the shard had newer records took up the read's budget. */
    EMPTY_PAGES
  }

  private static final int FORMAT_VERSION = 1;

  ReadEnd {
    Objects.requireNonNull(shardId, "shardId is null");
    Objects.requireNonNull(readFrom, "readFrom is null");
    Objects.requireNonNull(end, "end is null");
    Objects.requireNonNull(stop, "stop is null");
    Objects.requireNonNull(endedAt, "endedAt is null");
    lost = List.copyOf(Objects.requireNonNull(lost, "lost is null"));
    if ((records == 0) != (firstSequenceNumber == null)) {
      throw new IllegalArgumentException(
          "Cannot record the end of a read of shard "
              + shardId
              + ": "
              + records
              + " records with first record "
              + firstSequenceNumber);
    }
  }

  /** The same read: same shard, start and end (what a re-run must reproduce). */
  boolean sameRange(ReadEnd other) {
    return shardId.equals(other.shardId)
        && readFrom.equals(other.readFrom)
        && end.equals(other.end)
        && records == other.records;
  }

  String toJson() {
    ObjectNode root = StateJson.newDocument("version", FORMAT_VERSION);
    root.put("shard", shardId);
    root.put("readFrom", readFrom.format());
    root.put("first", firstSequenceNumber);
    root.put("end", end.format());
    root.put("records", records);
    root.put("stop", stop.name());
    root.put("millisBehindLatest", millisBehindLatest);
    root.put("lastArrival", lastArrival == null ? null : lastArrival.toString());
    root.put("endedAt", endedAt.toString());
    root.put("getRecordsCalls", getRecordsCalls);
    root.put("fetchedRecords", fetchedRecords);
    root.put("fetchedBytes", fetchedBytes);
    root.put("recordBytes", recordBytes);
    root.put("nextIterator", nextIterator);
    ArrayNode lostNode = root.putArray("lost");
    lost.forEach(loss -> loss.writeTo(lostNode.addObject()));
    return StateJson.write(root, Layout.COMPACT);
  }

  /** Parses {@link #toJson()}; {@code source} names the file in errors. */
  static ReadEnd fromJson(String json, String source) {
    StateJson document = StateJson.parse(json, "the end of a Kinesis read in", source);
    document.version("version", FORMAT_VERSION);
    JsonNode root = document.root();
    return document.build(
        () ->
            new ReadEnd(
                document.text(root, "shard"),
                ShardPosition.read(document, root, "readFrom"),
                document.optionalText(root, "first").orElse(null),
                ShardPosition.read(document, root, "end"),
                document.number(root, "records"),
                document.constant(root, "stop", Stop.class),
                document.number(root, "millisBehindLatest"),
                document.optionalInstant(root, "lastArrival").orElse(null),
                document.instant(root, "endedAt"),
                document.number(root, "getRecordsCalls"),
                document.number(root, "fetchedRecords"),
                document.number(root, "fetchedBytes"),
                document.number(root, "recordBytes"),
                document.optionalText(root, "nextIterator").orElse(null),
                // Ends recorded before losses were kept have no list.
                root.has("lost") ? losses(document, root) : List.of()));
  }

  /** The list in field {@code lost} of a read end or of a file of losses. */
  static List<DataLoss> losses(StateJson document, JsonNode parent) {
    JsonNode array = document.required(parent, "lost");
    if (!array.isArray()) {
      throw document.problem("field 'lost' is not a list: " + array);
    }
    List<DataLoss> losses = new ArrayList<>();
    array.forEach(node -> losses.add(DataLoss.readFrom(document, node)));
    return losses;
  }
}
