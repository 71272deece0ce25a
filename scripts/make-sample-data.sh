#!/usr/bin/env bash
# Regenerates sample-data/ from the vega-datasets npm package (see sample-data/README.md): the
# flights in one folder per departure day, raw/flights/<yyyy>/<MM>/<dd>/, and the airports list.
# Deterministic: the same package version gives byte-identical files (gzip -n drops the name and
# timestamp, bzip2 stores neither).
#
# Usage: scripts/make-sample-data.sh [path/to/vega-datasets-3.2.1.tgz]
#   Without an argument the package is fetched with `npm pack` into a temporary folder.
# Needs: bash, node, npm (only without an argument), tar, gzip, bzip2, sha1sum or shasum.
set -euo pipefail

readonly PACKAGE="vega-datasets@3.2.1"
# SHA-1 of the two source files as shipped in the 3.2.1 tarball (the hashes listed in its
# datapackage.json are of another revision and do not match).
readonly FLIGHTS_SHA1="555779157ebbfd2a0169ed993f72abf704748bf4"
readonly AIRPORTS_SHA1="b6648c327533c8e09685f3d56d34acca4c2314ba"
# How many real March records the demo "producer retry" file delivers a second time.
readonly REDELIVERED_COUNT=30

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${repo_root}/sample-data/raw"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

if [[ $# -ge 1 ]]; then
  tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
else
  echo "Fetching ${PACKAGE} with npm pack"
  (cd "${work}" && npm pack --silent "${PACKAGE}" >/dev/null)
  tarball="$(ls "${work}"/vega-datasets-*.tgz)"
fi
tar -xzf "${tarball}" -C "${work}" package/data/flights-10k.json package/data/airports.csv
data="${work}/package/data"

check_sha1() {
  local file="$1" expected="$2" actual
  if command -v sha1sum >/dev/null; then
    actual="$(sha1sum "${file}" | cut -d' ' -f1)"
  else
    actual="$(shasum -a 1 "${file}" | cut -d' ' -f1)"
  fi
  if [[ "${actual}" != "${expected}" ]]; then
    echo "Cannot make sample data: ${file##*/} has SHA-1 ${actual}, expected ${expected}" >&2
    exit 1
  fi
}
check_sha1 "${data}/flights-10k.json" "${FLIGHTS_SHA1}"
check_sha1 "${data}/airports.csv" "${AIRPORTS_SHA1}"

rm -rf "${out}"
mkdir -p "${out}/flights" "${out}/airports"
flights="${out}/flights"

# JSON array -> NDJSON, one file per departure day in <yyyy>/<MM>/<dd>/flights.json (the day folders
# the daily runs read), records in package order. JSON.stringify keeps the package's key order and
# compact spelling, so every line is the original record.
node - "${data}/flights-10k.json" "${flights}" <<'JS'
const fs = require("fs");
const [source, target] = process.argv.slice(2);
const flights = JSON.parse(fs.readFileSync(source, "utf8"));
const days = new Map();
for (const flight of flights) {
  // "2001/01/01 00:47": the local departure day is the folder.
  const day = flight.date.slice(0, 10);
  if (!days.has(day)) days.set(day, []);
  days.get(day).push(JSON.stringify(flight));
}
for (const [day, lines] of days) {
  fs.mkdirSync(`${target}/${day}`, { recursive: true });
  fs.writeFileSync(`${target}/${day}/flights.json`, lines.join("\n") + "\n");
}
JS

# A producer retry: the first records of March delivered again, unchanged, next to their day file.
# They must all depart on March 1st, or the copy would sit in another day's folder.
march_first="${flights}/2001/03/01"
if [[ "$(wc -l <"${march_first}/flights.json")" -lt "${REDELIVERED_COUNT}" ]]; then
  echo "Cannot make sample data: fewer than ${REDELIVERED_COUNT} flights depart 2001-03-01" >&2
  exit 1
fi
head -n "${REDELIVERED_COUNT}" "${march_first}/flights.json" >"${march_first}/flights-redelivered.json"

# Hand-made bad records, one per kind of damage the job must quarantine (not real flights), in the
# folder of the day they are dated.
cat >"${flights}/2001/03/31/flights-malformed.json" <<'JSON'
{"date":"2001/03/31 21:40","delay":12,"distance":
["2001/03/31 22:05",7,594,"SEA","SFO"]
{"date":"2001/03/31 22:15","delay":"n/a","distance":337,"origin":"LAX","destination":"SFO"}
{"date":"2001/03/31 22:30","delay":-4,"distance":1235,"destination":"DFW"}
{"date":"31-Mar-2001 22:45","delay":3,"distance":2475,"origin":"JFK","destination":"LAX"}
JSON

# January stays plain, February's days are gzip, March's bzip2. The redelivered copy was cut from
# March 1st before that, and it and the malformed file stay plain.
gzip -n -9 "${flights}"/2001/02/*/flights.json
bzip2 -9 "${flights}"/2001/03/*/flights.json

cp "${data}/airports.csv" "${out}/airports/airports.csv"

echo "Sample data written to ${out}:"
total_files=0
total_lines=0
total_bytes=0
while IFS= read -r file; do
  case "${file}" in
    *.gz) lines="$(gzip -dc "${file}" | wc -l)" ;;
    *.bz2) lines="$(bzip2 -dc "${file}" | wc -l)" ;;
    *) lines="$(wc -l <"${file}")" ;;
  esac
  bytes="$(wc -c <"${file}")"
  printf '  %-58s %6d lines %8d bytes\n' "${file#"${repo_root}"/}" "${lines}" "${bytes}"
  if [[ "${file}" == "${flights}"/* ]]; then
    total_files=$((total_files + 1))
    total_lines=$((total_lines + lines))
    total_bytes=$((total_bytes + bytes))
  fi
done < <(find "${flights}" "${out}/airports" -type f | LC_ALL=C sort)
printf 'Flights: %d files, %d lines, %d bytes\n' "${total_files}" "${total_lines}" "${total_bytes}"
