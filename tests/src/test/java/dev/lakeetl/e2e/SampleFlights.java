package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * What a run over the sample flights must produce, worked out from the files alone: plain Java
 * decompression and Jackson, no Spark and no project code, so the job's numbers are checked against
 * an independent count.
 *
 * @param linesPerFile lines in each file, by its path relative to the flights folder ({@code
 *     2001/03/01/flights.json.bz2})
 * @param read every line: the job reads each one as a record
 * @param valid lines that are a complete, well-typed flight
 * @param duplicates valid lines equal to an earlier valid line
 * @param written distinct valid lines
 * @param quarantined invalid lines
 * @param rowsPerPartition written rows per {@code year=YYYY/month=MM/day=DD}, sorted
 * @param delaySum sum of {@code delay} over the written rows
 * @param distanceSum sum of {@code distance} over the written rows
 */
record SampleFlights(
    Map<String, Long> linesPerFile,
    long read,
    long valid,
    long duplicates,
    long written,
    long quarantined,
    Map<String, Long> rowsPerPartition,
    long delaySum,
    long distanceSum) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter DEPARTURE =
      DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm").withResolverStyle(ResolverStyle.STRICT);

  SampleFlights {
    linesPerFile = Map.copyOf(requireNonNull(linesPerFile, "linesPerFile is null"));
    // Sorted by partition, like a listing of the table's folders.
    rowsPerPartition =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(requireNonNull(rowsPerPartition, "rowsPerPartition is null")));
  }

  /**
   * Counts the flight files below a folder (plain, {@code .gz} and {@code .bz2}), in day folders.
   */
  static SampleFlights of(Path folder) {
    Map<String, Long> linesPerFile = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    Map<String, Long> rowsPerPartition = new TreeMap<>();
    long read = 0;
    long valid = 0;
    long duplicates = 0;
    long delaySum = 0;
    long distanceSum = 0;
    for (Path file : files(folder)) {
      List<String> lines = lines(file);
      linesPerFile.put(relative(folder, file), (long) lines.size());
      for (String line : lines) {
        read++;
        JsonNode flight = validFlight(line);
        if (flight == null) {
          continue;
        }
        valid++;
        if (!seen.add(line)) {
          duplicates++;
          continue;
        }
        LocalDateTime departure = LocalDateTime.parse(flight.get("date").textValue(), DEPARTURE);
        String partition =
            String.format(
                "year=%04d/month=%02d/day=%02d",
                departure.getYear(), departure.getMonthValue(), departure.getDayOfMonth());
        rowsPerPartition.merge(partition, 1L, Long::sum);
        delaySum += flight.get("delay").intValue();
        distanceSum += flight.get("distance").intValue();
      }
    }
    long written = valid - duplicates;
    return new SampleFlights(
        linesPerFile,
        read,
        valid,
        duplicates,
        written,
        read - valid,
        rowsPerPartition,
        delaySum,
        distanceSum);
  }

  /** The flight as JSON when the line is a complete, well-typed flight; else null. */
  static JsonNode validFlight(String line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    for (String text : List.of("date", "origin", "destination")) {
      if (!node.path(text).isTextual() || node.path(text).textValue().isBlank()) {
        return null;
      }
    }
    if (!node.path("delay").isInt() || !node.path("distance").isInt()) {
      return null;
    }
    try {
      LocalDateTime.parse(node.get("date").textValue(), DEPARTURE);
    } catch (DateTimeParseException e) {
      return null;
    }
    return node;
  }

  /** Every file below the folder, in nested folders too, sorted by path. */
  static List<Path> files(Path folder) {
    try (Stream<Path> listed = Files.walk(folder)) {
      return listed.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  /**
   * The part of a path a job listed below the raw flights folder: {@code
   * 2001/03/01/flights.json.bz2} of {@code file:/.../raw/flights/2001/03/01/flights.json.bz2}.
   */
  static String belowRawFlights(String path) {
    String folder = "raw/flights/";
    int at = path.lastIndexOf(folder);
    if (at < 0) {
      throw new AssertionError("Not below a raw/flights folder: " + path);
    }
    return path.substring(at + folder.length());
  }

  /**
   * The file's path below the folder with {@code /} separators: {@code 2001/03/01/flights.json}.
   */
  static String relative(Path folder, Path file) {
    return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  /** The lines of a file, decompressed by its extension. */
  static List<String> lines(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream decompressed = decompress(file, raw);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(decompressed, StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
      return List.copyOf(lines);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static InputStream decompress(Path file, InputStream raw) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".gz")) {
      return new GZIPInputStream(raw);
    }
    if (name.endsWith(".bz2")) {
      return new BZip2CompressorInputStream(raw);
    }
    return raw;
  }
}
