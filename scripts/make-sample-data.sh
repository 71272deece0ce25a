#!/usr/bin/env bash
# Regenerates sample-data/ from the vega-datasets npm package (see sample-data/README.md).
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

# JSON array -> NDJSON, one file per month, records in package order. JSON.stringify keeps the
# package's key order and compact spelling, so every line is the original record.
node - "${data}/flights-10k.json" "${out}/flights" <<'JS'
const fs = require("fs");
const [source, target] = process.argv.slice(2);
const flights = JSON.parse(fs.readFileSync(source, "utf8"));
const months = new Map();
for (const flight of flights) {
  const month = flight.date.slice(0, 7).replace("/", "-");
  if (!months.has(month)) months.set(month, []);
  months.get(month).push(JSON.stringify(flight));
}
for (const [month, lines] of months) {
  fs.writeFileSync(`${target}/flights-${month}.json`, lines.join("\n") + "\n");
}
JS

flights="${out}/flights"
# A producer retry: the first records of March delivered again, unchanged.
head -n "${REDELIVERED_COUNT}" "${flights}/flights-2001-03.json" >"${flights}/flights-2001-03-redelivered.json"

# Hand-made bad records, one per kind of damage the job must quarantine (not real flights).
cat >"${flights}/flights-2001-03-malformed.json" <<'JSON'
{"date":"2001/03/31 21:40","delay":12,"distance":
["2001/03/31 22:05",7,594,"SEA","SFO"]
{"date":"2001/03/31 22:15","delay":"n/a","distance":337,"origin":"LAX","destination":"SFO"}
{"date":"2001/03/31 22:30","delay":-4,"distance":1235,"destination":"DFW"}
{"date":"31-Mar-2001 22:45","delay":3,"distance":2475,"origin":"JFK","destination":"LAX"}
JSON

gzip -n -9 "${flights}/flights-2001-02.json"
bzip2 -9 "${flights}/flights-2001-03.json"
# The March original was compressed above; the redelivered copy was cut from it before that.

cp "${data}/airports.csv" "${out}/airports/airports.csv"

echo "Sample data written to ${out}:"
for file in "${flights}"/* "${out}/airports/airports.csv"; do
  case "${file}" in
    *.gz) lines="$(gzip -dc "${file}" | wc -l)" ;;
    *.bz2) lines="$(bzip2 -dc "${file}" | wc -l)" ;;
    *) lines="$(wc -l <"${file}")" ;;
  esac
  printf '  %-52s %6d lines %8d bytes\n' "${file#"${repo_root}"/}" "${lines}" "$(wc -c <"${file}")"
done
