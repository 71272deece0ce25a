package dev.lakeetl.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The curated flights example worked out from the raw sample files alone, in plain Java: the valid,
 * distinct flights of {@link SampleFlights} grouped by departure day and route, with the airports
 * CSV split by hand. No Spark and no project code, so the job's numbers are checked against an
 * independent computation.
 */
final class SampleRouteDelays {
  /** A flight counts as delayed at 15 minutes or more, as in conf/sql/route-day-stats.sql. */
  static final int DELAYED_MINUTES = 15;

  private SampleRouteDelays() {}

  /**
   * One curated row.
   *
   * @param key {@code yyyy-MM-dd|origin|destination}
   */
  record Route(
      String key,
      long flights,
      long delayedFlights,
      double meanDelay,
      double p90Delay,
      int maxDelay,
      int distance,
      String originName,
      String originCity,
      String destinationName,
      String destinationCity,
      int delayRank) {}

  /** Every route and day of the sample, by key. */
  static Map<String, Route> of(Path flightFolder, Path airportsCsv) {
    Map<String, String[]> airports = airports(airportsCsv);
    Map<String, List<JsonNode>> byRouteDay = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (Path file : SampleFlights.files(flightFolder)) {
      for (String line : SampleFlights.lines(file)) {
        JsonNode flight = SampleFlights.validFlight(line);
        if (flight == null || !seen.add(line)) {
          continue;
        }
        // "2001/01/31 23:59": the departure's local day.
        String day = flight.get("date").textValue().substring(0, 10).replace('/', '-');
        String key =
            day
                + "|"
                + flight.get("origin").textValue()
                + "|"
                + flight.get("destination").textValue();
        byRouteDay.computeIfAbsent(key, ignored -> new ArrayList<>()).add(flight);
      }
    }
    Map<String, Double> means = new HashMap<>();
    byRouteDay.forEach(
        (key, flights) ->
            means.put(
                key,
                flights.stream().mapToInt(flight -> flight.get("delay").intValue()).sum()
                    / (double) flights.size()));
    Map<String, Route> routes = new TreeMap<>();
    byRouteDay.forEach(
        (key, flights) -> {
          String[] parts = key.split("\\|");
          List<Integer> delays =
              flights.stream().map(flight -> flight.get("delay").intValue()).sorted().toList();
          double mean = means.get(key);
          // rank(): 1 + routes of the same day with a strictly higher mean delay.
          int rank =
              1
                  + (int)
                      means.entrySet().stream()
                          .filter(other -> other.getKey().startsWith(parts[0] + "|"))
                          .filter(other -> other.getValue() > mean)
                          .count();
          String[] origin = airports.getOrDefault(parts[1], new String[7]);
          String[] destination = airports.getOrDefault(parts[2], new String[7]);
          routes.put(
              key,
              new Route(
                  key,
                  flights.size(),
                  delays.stream().filter(delay -> delay >= DELAYED_MINUTES).count(),
                  mean,
                  percentile(delays, 0.9),
                  delays.get(delays.size() - 1),
                  flights.stream()
                      .mapToInt(flight -> flight.get("distance").intValue())
                      .max()
                      .orElseThrow(),
                  origin[1],
                  origin[2],
                  destination[1],
                  destination[2],
                  rank));
        });
    return routes;
  }

  /** The exact percentile with linear interpolation between the two nearest sorted values. */
  static double percentile(List<Integer> sorted, double fraction) {
    double position = fraction * (sorted.size() - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
  }

  /** iata -> the CSV fields, split by hand (quoted fields may hold commas). */
  private static Map<String, String[]> airports(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + csv, e);
    }
    Map<String, String[]> airports = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = split(line);
      airports.put(fields[0], fields);
    }
    return airports;
  }

  private static String[] split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.toArray(String[]::new);
  }
}
