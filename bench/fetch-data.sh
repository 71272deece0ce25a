#!/usr/bin/env bash
# Fetches the benchmark data set: the 3,000,000 flights of vega-datasets, as 8 NDJSON files in
# bench/data/raw/flights/ with the same record format as the bundled sample data.
# Idempotent: a complete data set is only counted, never rebuilt.
#
# Usage: bench/fetch-data.sh
# Needs: java 17, npm, tar, sha1sum; Maven (through ./mvnw) for the DuckDB JDBC jar.
set -euo pipefail

# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

readonly PACKAGE="vega-datasets@3.2.1"
readonly TARBALL="vega-datasets-3.2.1.tgz"
# sha1sum of the file (the package's datapackage.json lists its git blob hash instead).
readonly PARQUET_SHA1="e02e6d99a8c2c0e71e515b1d66403aaf9d3a2172"
readonly FILE_COUNT=8
readonly EXPECTED_ROWS=3000000

data="${bench_dir}/data"
raw="${data}/raw/flights"
parquet="${data}/flights-3m.parquet"

count_rows() {
  section "Row counts"
  local total=0 glob rows
  while read -r glob rows; do
    printf '  %-40s %9d rows\n' "${glob#"${repo_root}"/}" "${rows}"
    total=$((total + rows))
  done < <(run_duckdb_tool CountRows json "${raw}"/part-*.json)
  printf '  %-40s %9d rows\n' "total" "${total}"
  if [[ "${total}" -ne "${EXPECTED_ROWS}" ]]; then
    echo "Cannot use benchmark data: ${raw} has ${total} rows, expected ${EXPECTED_ROWS}" >&2
    exit 1
  fi
}

mkdir -p "${data}"
shopt -s nullglob
existing=("${raw}"/part-*.json)
shopt -u nullglob
if [[ "${#existing[@]}" -eq "${FILE_COUNT}" ]]; then
  echo "Benchmark data already present in ${raw#"${repo_root}"/}"
  count_rows
  exit 0
fi

if [[ ! -f "${parquet}" ]]; then
  section "Fetching ${PACKAGE}"
  if [[ ! -f "${data}/${TARBALL}" ]]; then
    (cd "${data}" && npm pack --silent "${PACKAGE}" >/dev/null)
  fi
  tar -xzf "${data}/${TARBALL}" -C "${data}" --strip-components=2 package/data/flights-3m.parquet
fi
actual_sha1="$(sha1sum "${parquet}" | cut -d' ' -f1)"
if [[ "${actual_sha1}" != "${PARQUET_SHA1}" ]]; then
  echo "Cannot use ${parquet}: SHA-1 ${actual_sha1}, expected ${PARQUET_SHA1}" >&2
  exit 1
fi

section "Converting flights-3m.parquet to ${FILE_COUNT} NDJSON files"
run_duckdb_tool FlightsToNdjson "${parquet}" "${raw}" "${FILE_COUNT}"
ls -l "${raw}"
count_rows
