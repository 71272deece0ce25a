package dev.lakeetl.streaming.sink;

import java.util.List;

/** How the refined table is partitioned by event time: by day, or by day and hour. */
public enum EventPartitioning {
  /** By {@value RefinedRows#EVENT_DATE}. */
  DAILY(List.of(RefinedRows.EVENT_DATE)),
  /** By {@value RefinedRows#EVENT_DATE}, then {@value RefinedRows#EVENT_HOUR}. */
  HOURLY(List.of(RefinedRows.EVENT_DATE, RefinedRows.EVENT_HOUR));

  private final List<String> partitionColumns;

  EventPartitioning(List<String> partitionColumns) {
    this.partitionColumns = partitionColumns;
  }

  /** The partition columns of the refined table, outermost first. */
  public List<String> partitionColumns() {
    return partitionColumns;
  }
}
