-- Delay statistics per route (origin -> destination) and day, from the refined flights.
--
-- delay is the arrival delay in minutes (negative: early). A flight counts as delayed when it
-- arrived 15 minutes or more late, the US DOT definition. The sample has no cancellations.
-- p90_delay is the exact 90th percentile (Spark's percentile: linear interpolation between the
-- two nearest delays), not the approximate percentile_approx.
-- flight_date comes from the refined partition columns, so it is the departure's local date.
SELECT
  make_date(year, month, day) AS flight_date,
  origin,
  destination,
  count(*) AS flights,
  count_if(delay >= 15) AS delayed_flights,
  avg(delay) AS mean_delay,
  percentile(delay, 0.9) AS p90_delay,
  max(delay) AS max_delay,
  -- One distance per route in the data; the largest if flights on a route ever disagree.
  max(distance) AS distance
FROM flights
GROUP BY make_date(year, month, day), origin, destination
