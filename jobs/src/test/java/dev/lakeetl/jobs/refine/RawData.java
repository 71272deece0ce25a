package dev.lakeetl.jobs.refine;

import dev.lakeetl.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Builds small datasets shaped like reader output: STRING data columns plus the internal ones. */
final class RawData {
  private final List<String> columns;
  private final List<Row> rows = new ArrayList<>();

  private RawData(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  /**
   * Data columns, all STRING; {@code _raw_record}, {@code _parse_error}, {@code _source_file}
   * follow.
   */
  static RawData columns(String... names) {
    return new RawData(Arrays.asList(names));
  }

  /** A parsed row from file {@code a.json}; its raw text is built from the values. */
  RawData row(String... values) {
    return rowFrom("a.json", values);
  }

  RawData rowFrom(String file, String... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("expected " + columns.size() + " values");
    }
    List<Object> cells = new ArrayList<>(Arrays.asList(values));
    cells.add(String.join("|", Arrays.stream(values).map(String::valueOf).toList()));
    cells.add(null);
    cells.add(file);
    rows.add(RowFactory.create(cells.toArray()));
    return this;
  }

  /** A row the reader could not parse. */
  RawData malformed(String rawText, String parseError) {
    List<Object> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      cells.add(null);
    }
    cells.add(rawText);
    cells.add(parseError);
    cells.add("a.json");
    rows.add(RowFactory.create(cells.toArray()));
    return this;
  }

  Dataset<Row> toDataset() {
    List<StructField> fields = new ArrayList<>();
    for (String column : columns) {
      fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField("_raw_record", DataTypes.StringType, false));
    fields.add(DataTypes.createStructField("_parse_error", DataTypes.StringType, true));
    fields.add(DataTypes.createStructField("_source_file", DataTypes.StringType, true));
    return SharedSpark.session()
        .createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
  }
}
