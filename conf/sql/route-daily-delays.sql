-- The daily route statistics with the airports' names and cities, and each route's delay rank
-- among the routes of its day (1 = highest mean delay; ties share a rank).
--
-- Left joins: a route whose airport is missing from the list keeps its row, with null names.
SELECT
  s.flight_date,
  s.origin,
  o.name AS origin_name,
  o.city AS origin_city,
  s.destination,
  d.name AS destination_name,
  d.city AS destination_city,
  s.distance,
  s.flights,
  s.delayed_flights,
  s.mean_delay,
  s.p90_delay,
  s.max_delay,
  rank() OVER (PARTITION BY s.flight_date ORDER BY s.mean_delay DESC) AS delay_rank
FROM route_day_stats s
LEFT JOIN airports o ON o.iata = s.origin
LEFT JOIN airports d ON d.iata = s.destination
