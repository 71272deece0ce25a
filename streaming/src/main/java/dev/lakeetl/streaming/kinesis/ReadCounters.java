package dev.lakeetl.streaming.kinesis;

import java.util.Map;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What the source fetched from Kinesis and what it returned as rows, since the query started in
 * this process: the driver's own GetRecords calls and those of the tasks, as their recorded ends
 * report them. Their ratio is the read amplification the source metrics show.
 */
final class ReadCounters {
  private long getRecordsCalls;
  private long fetchedRecords;
  private long fetchedBytes;
  private long records;
  private long recordBytes;

  /** One GetRecords answer to the driver. */
  synchronized void fetched(GetRecordsResponse response) {
    getRecordsCalls++;
    for (Record record : response.records()) {
      fetchedRecords++;
      fetchedBytes += record.data().asByteArrayUnsafe().length;
    }
  }

  /** A task's read, from its recorded end. */
  synchronized void read(ReadEnd end) {
    getRecordsCalls += end.getRecordsCalls();
    fetchedRecords += end.fetchedRecords();
    fetchedBytes += end.fetchedBytes();
    records += end.records();
    recordBytes += end.recordBytes();
  }

  /** As source metrics (text values, as Spark's progress reports them). */
  synchronized Map<String, String> metrics() {
    return Map.of(
        "getRecordsCalls", Long.toString(getRecordsCalls),
        "fetchedRecords", Long.toString(fetchedRecords),
        "fetchedBytes", Long.toString(fetchedBytes),
        "recordsRead", Long.toString(records),
        "recordBytesRead", Long.toString(recordBytes));
  }
}
