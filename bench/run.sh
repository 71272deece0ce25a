#!/usr/bin/env bash
# The raw-to-refined benchmark: our job, a hand-written Spark job and DuckDB do the same
# conversion of 3,000,000 NDJSON flights into the refined table (typed, deduplicated, ingest
# columns, Parquet partitioned by year/month/day). Prints median wall time, peak RSS and CPU time
# of each whole process, and the ratios to the hand-written Spark job; checks that the variants
# wrote the same rows. Writes the table to bench/results/latest.md and every run to
# bench/results/runs-<time>.tsv.
#
# Usage: bench/run.sh [rounds]        (default 3; variants run interleaved, order rotating)
# Environment:
#   BENCH_HEAP     driver heap of both Spark variants (sets ETL_DRIVER_MEMORY; default: what
#                  bin/etl-submit uses, 2g)
#   BENCH_VARIANTS which variants to run (default "ours quality plain plain-subset duckdb");
#                  quality = ours with the flights config's standard quality rules, ours = the
#                  same without them; plain-subset = the plain job without deduplication, ingest
#                  columns or required fields (parse, partition, write every row)
# Needs: java 17, npm (first run only), GNU time at /usr/bin/time.
set -euo pipefail

# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

readonly EXPECTED_ROWS=3000000
# The 3,000,000 flights hold 191 records that repeat another in every field.
readonly EXPECTED_DISTINCT_ROWS=2999809
readonly DUCKDB_THREADS=2
rounds="${1:-3}"
if [[ -n "${BENCH_HEAP:-}" ]]; then
  export ETL_DRIVER_MEMORY="${BENCH_HEAP}"
fi
heap="${ETL_DRIVER_MEMORY:-2g}"
read -r -a variants <<<"${BENCH_VARIANTS:-ours quality plain plain-subset duckdb}"

if [[ ! -x /usr/bin/time ]]; then
  echo "Cannot benchmark: GNU time (/usr/bin/time) is missing; install the 'time' package" >&2
  exit 1
fi

section "Building"
"${bench_dir}/build.sh"
plain_jar="$(build_plain_spark_jar)"
duckdb_classes="$(build_duckdb_classes)"
if [[ ! -x "${repo_root}/bin/etl-submit" ]]; then
  echo "Cannot benchmark: bin/etl-submit is missing" >&2
  exit 1
fi

section "Data"
"${bench_dir}/fetch-data.sh" | tail -n 1
raw_root="${bench_dir}/data/raw"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="${bench_dir}/results"
work="${results}/work"
mkdir -p "${results}"
tsv="${results}/runs-${stamp}.tsv"
printf 'round\tvariant\twall_s\tpeak_rss_mb\tcpu_s\trows\tload_before\n' >"${tsv}"

count_parquet_rows() {
  java -cp "${duckdb_classes}:$(duckdb_jar)" dev.lakeetl.bench.CountRows parquet "$1" |
    awk '{ print $NF }'
}

# Our job deduplicates (the 3,000,000 flights hold a few thousand repeated departure/route keys)
# and may quarantine: check its run report instead of a fixed row count. The counts must reconcile
# (read = written + quarantined + duplicates removed) and match the rows found in the output.
check_run_report() {
  local output="$1" rows="$2" reports read_count written quarantined duplicates
  mapfile -t reports < <(find "${output}/refined" -path '*/_reports/*.json' -type f)
  if [[ "${#reports[@]}" -ne 1 ]]; then
    echo "Cannot benchmark: expected one run report under ${output}/refined, found ${#reports[@]}" >&2
    exit 1
  fi
  read -r read_count written quarantined duplicates < <(java -cp "${duckdb_classes}:$(duckdb_jar)" \
    dev.lakeetl.bench.CountRows report "${reports[0]}")
  echo "  ours: report counts read ${read_count}, written ${written}, quarantined ${quarantined}," \
    "duplicates removed ${duplicates}"
  if [[ "${read_count}" -ne "${EXPECTED_ROWS}" ]] ||
    [[ $((written + quarantined + duplicates)) -ne "${read_count}" ]] ||
    [[ "${written}" -ne "${rows}" ]]; then
    echo "Cannot benchmark: run report ${reports[0]} does not match: expected read" \
      "${EXPECTED_ROWS} = written + quarantined + duplicates, written = ${rows} rows found" >&2
    exit 1
  fi
}

# Runs one variant under GNU time; the command's output goes to <work>/<variant>.log.
run_variant() {
  local variant="$1" output="${work}/$1"
  rm -rf "${output}"
  mkdir -p "${output}"
  local command=()
  case "${variant}" in
    ours | quality)
      # The benchmark data is 8 files in one folder, not day folders: the run reads the folder
      # whole instead of the configured day folders.
      command=("${repo_root}/bin/etl-submit" raw-to-refined
        --config "${repo_root}/conf/flights-raw-to-refined.yaml" --env local
        --source.path "${raw_root}/flights"
        --vars.refined-root "${output}/refined"
        --vars.quarantine-root "${output}/quarantine"
        --catalog.enabled false)
      if [[ "${variant}" == ours ]]; then
        # The job alone: the standard rules of the flights config are the quality variant, and
        # without a reject limit no run is refused for its rejected share.
        command+=(--quality.enabled false --quarantine.max-ratio off)
      fi
      ;;
    plain)
      # The same launcher as ours: same classpath, Java 17 flags, heap and logging configuration.
      command=("${repo_root}/bin/etl-submit" "${plain_jar}" "${raw_root}/flights" "${output}/refined")
      ;;
    plain-subset)
      # Part of the conversion only: no deduplication (so no shuffle), no ingest columns.
      command=("${repo_root}/bin/etl-submit" "${plain_jar}" "${raw_root}/flights" "${output}/refined"
        subset)
      ;;
    duckdb)
      command=(java -cp "${duckdb_classes}:$(duckdb_jar)" dev.lakeetl.bench.DuckDbFlights
        "${raw_root}/flights" "${output}/refined" "${DUCKDB_THREADS}")
      ;;
    *)
      echo "Cannot benchmark: unknown variant '${variant}' (expected ours, quality, plain," \
        "plain-subset or duckdb)" >&2
      exit 1
      ;;
  esac
  # Other work on the machine skews wall time (CPU time much less): record the load next to it.
  cp /proc/loadavg "${work}/${variant}.load"
  if ! /usr/bin/time -f '%e %M %U %S' -o "${work}/${variant}.time" "${command[@]}" \
    >"${work}/${variant}.log" 2>&1; then
    echo "Cannot benchmark: variant '${variant}' failed; last lines of ${work}/${variant}.log:" >&2
    tail -n 30 "${work}/${variant}.log" >&2
    exit 1
  fi
  local wall rss_kb user sys rows load_before
  read -r load_before _ <"${work}/${variant}.load"
  read -r wall rss_kb user sys <"${work}/${variant}.time"
  rows="$(count_parquet_rows "${output}/refined")"
  if [[ "${variant}" == ours || "${variant}" == quality ]]; then
    check_run_report "${output}" "${rows}"
  elif [[ "${variant}" == plain || "${variant}" == duckdb ]]; then
    if [[ "${rows}" -ne "${EXPECTED_DISTINCT_ROWS}" ]]; then
      echo "Cannot benchmark: variant '${variant}' wrote ${rows} rows," \
        "expected ${EXPECTED_DISTINCT_ROWS}" >&2
      exit 1
    fi
  elif [[ "${rows}" -ne "${EXPECTED_ROWS}" ]]; then
    echo "Cannot benchmark: variant '${variant}' wrote ${rows} rows, expected ${EXPECTED_ROWS}" >&2
    exit 1
  fi
  local line
  line="$(printf '%s\t%s\t%s\t%d\t%s\t%s\t%s' "${round}" "${variant}" "${wall}" \
    $((rss_kb / 1024)) "$(awk -v user="${user}" -v sys="${sys}" 'BEGIN { printf "%.1f", user + sys }')" \
    "${rows}" "${load_before}")"
  printf '%s\n' "${line}" >>"${tsv}"
  printf '  %-7s wall %6ss  peak RSS %5d MB  CPU %6ss  rows %s  (load before %s)\n' \
    "${variant}" "${wall}" $((rss_kb / 1024)) "$(cut -f5 <<<"${line}")" "${rows}" "${load_before}"
}

for ((round = 1; round <= rounds; round++)); do
  section "Round ${round} of ${rounds}"
  count="${#variants[@]}"
  for ((index = 0; index < count; index++)); do
    # Rotate the order each round so no variant always runs first on a cold page cache.
    run_variant "${variants[$(((index + round - 1) % count))]}"
  done
done

# The last outputs of the variants that do the same conversion must hold the same rows as ours.
# Only variants of this run: the work folder keeps the outputs of earlier runs.
ran() {
  [[ " ${variants[*]} " == *" $1 "* ]]
}
same_rows="Same rows as ours: not checked (needs ours and plain or duckdb)."
if ran ours; then
  checked=()
  for variant in plain duckdb; do
    if ran "${variant}"; then
      # An assignment, so that a failing comparison stops the script (set -e).
      compared="$(java -cp "${duckdb_classes}:$(duckdb_jar)" dev.lakeetl.bench.CountRows same \
        "${work}/ours/refined/flights" "${work}/${variant}/refined")"
      read -r only_ours only_other <<<"${compared}"
      if [[ "${only_ours}" -ne 0 || "${only_other}" -ne 0 ]]; then
        echo "Cannot benchmark: ${variant} did not do the same conversion as ours: ${only_ours} rows" \
          "only in ours, ${only_other} only in ${variant} (${work})" >&2
        exit 1
      fi
      checked+=("${variant}")
    fi
  done
  if [[ "${#checked[@]}" -gt 0 ]]; then
    same_rows="Same rows as ours (data columns and partition of every row): ${checked[*]}."
  fi
fi
printf '%s\n' "${same_rows}"

# Median per variant and ratio to the hand-written Spark job.
summary="$(awk -F'\t' '
  function median(values, count,   i, j, swap) {
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++)
      if (values[j] < values[i]) { swap = values[i]; values[i] = values[j]; values[j] = swap }
    return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
  }
  NR > 1 {
    if (!($2 in seen)) { seen[$2] = 1; order[++variants] = $2 }
    n = ++runs[$2]; wall[$2, n] = $3; rss[$2, n] = $4; cpu[$2, n] = $5
    roundOf[$2, n] = $1; wallInRound[$2, $1] = $3
  }
  END {
    for (v = 1; v <= variants; v++) {
      name = order[v]
      for (i = 1; i <= runs[name]; i++) { w[i] = wall[name, i]; r[i] = rss[name, i]; c[i] = cpu[name, i] }
      medianWall[name] = median(w, runs[name]); medianRss[name] = median(r, runs[name])
      medianCpu[name] = median(c, runs[name]); split("", w); split("", r); split("", c)
      # Ratio to the plain job of the same round, then the median: load drifts between rounds.
      paired = 0
      for (i = 1; i <= runs[name]; i++) {
        if (("plain", roundOf[name, i]) in wallInRound) {
          p[++paired] = wall[name, i] / wallInRound["plain", roundOf[name, i]]
        }
      }
      pairedRatio[name] = paired ? sprintf("%.2f", median(p, paired)) : "n/a"; split("", p)
    }
    print "| variant | runs | median wall s | median peak RSS MB | median CPU s | wall vs plain | wall vs plain, same round | RSS vs plain | CPU vs plain |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (v = 1; v <= variants; v++) {
      name = order[v]
      if ("plain" in medianWall) {
        wallRatio = sprintf("%.2f", medianWall[name] / medianWall["plain"])
        rssRatio = sprintf("%.2f", medianRss[name] / medianRss["plain"])
        cpuRatio = sprintf("%.2f", medianCpu[name] / medianCpu["plain"])
      } else { wallRatio = "n/a"; rssRatio = "n/a"; cpuRatio = "n/a" }
      printf "| %s | %d | %.1f | %d | %.1f | %s | %s | %s | %s |\n", name, runs[name], \
        medianWall[name], medianRss[name], medianCpu[name], wallRatio, pairedRatio[name], rssRatio, \
        cpuRatio
    }
  }' "${tsv}")"

memory_gib="$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
java_version="$(java -version 2>&1 | head -n 1)"
{
  printf '# Benchmark results (%s)\n\n' "${stamp}"
  printf 'Raw-to-refined on %s NDJSON flights (8 files), %s rounds, interleaved.\n' \
    "${EXPECTED_ROWS}" "${rounds}"
  printf 'Machine: %s cores, %s GiB RAM, %s. Spark heap %s, DuckDB %s threads.\n\n' \
    "$(nproc)" "${memory_gib}" "${java_version}" "${heap}" "${DUCKDB_THREADS}"
  printf '%s\n\n' "${summary}"
  printf 'Variants: ours = bin/etl-submit raw-to-refined without quality rules; quality = the same\n'
  printf 'with the standard rules of conf/flights-raw-to-refined.yaml (write-audit-publish);\n'
  printf 'plain = bench/src PlainSparkFlights, the same conversion by hand with\n'
  printf "Spark's defaults; plain-subset = the same job without deduplication and ingest columns;\n"
  printf "duckdb = bench/src DuckDbFlights (DuckDB JDBC). %s\n" "${same_rows}"
  printf "Raw runs: %s\n" \
    "${tsv#"${repo_root}"/}"
} >"${results}/latest.md"

section "Results (bench/results/latest.md)"
printf '%s\n' "${summary}"
