#!/usr/bin/env bash
# Measures how Spark settings change the wall time and peak RSS of the hand-written baseline job,
# to pick the toolkit's defaults. Runs every setting once per round, interleaved, and prints
# medians. Results: bench/results/tune-<timestamp>.tsv (raw) and .md (medians).
#
# Usage: bench/tune.sh [rounds] [settings file]
#   A settings file has one setting per line: label|heap|extra JVM options|spark-submit options
#   ('#' starts a comment). Without one, the built-in matrix below is used.
set -euo pipefail

# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

rounds="${1:-2}"
settings_file="${2:-}"

default_settings() {
  cat <<'SETTINGS'
defaults (128m splits, G1, 2g)|2g||
maxPartitionBytes=64m|2g||--conf spark.sql.files.maxPartitionBytes=64m
maxPartitionBytes=32m|2g||--conf spark.sql.files.maxPartitionBytes=32m
maxPartitionBytes=16m|2g||--conf spark.sql.files.maxPartitionBytes=16m
32m + ParallelGC|2g|-XX:+UseParallelGC|--conf spark.sql.files.maxPartitionBytes=32m
32m + SerialGC|2g|-XX:+UseSerialGC|--conf spark.sql.files.maxPartitionBytes=32m
32m + heap 1g|1g||--conf spark.sql.files.maxPartitionBytes=32m
32m + heap 4g|4g||--conf spark.sql.files.maxPartitionBytes=32m
SETTINGS
}

if [[ -n "${settings_file}" ]]; then
  settings="$(grep -v -e '^#' -e '^[[:space:]]*$' "${settings_file}")"
else
  settings="$(default_settings)"
fi

if [[ ! -f "$(spark_classpath_file)" ]]; then
  section "Building the jobs module (for the Spark classpath)"
  (cd "${repo_root}" && ./mvnw -B -q -pl jobs -am package -DskipTests)
fi
"${bench_dir}/fetch-data.sh" >/dev/null

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="${bench_dir}/results"
work="${results}/tune-work"
mkdir -p "${results}" "${work}"
tsv="${results}/tune-${stamp}.tsv"
printf 'round\tlabel\twall_s\tpeak_rss_mb\tcpu_s\n' >"${tsv}"

for ((round = 1; round <= rounds; round++)); do
  while IFS='|' read -r label heap jvm_options submit_options; do
    section "round ${round}: ${label}"
    output="${work}/out"
    rm -rf "${output}"
    read -r -a submit_args <<<"${submit_options}"
    if ! /usr/bin/time -f '%e %M %U %S' -o "${work}/time" \
      "${bench_dir}/plain-submit.sh" "${heap}" "${jvm_options}" \
      "${bench_dir}/data/raw/flights" "${output}" "${submit_args[@]}" >"${work}/log" 2>&1; then
      echo "Cannot tune: '${label}' failed, see ${work}/log" >&2
      tail -n 20 "${work}/log" >&2
      exit 1
    fi
    read -r wall rss_kb user sys <"${work}/time"
    line="$(printf '%s\t%s\t%s\t%d\t%.1f' "${round}" "${label}" "${wall}" $((rss_kb / 1024)) \
      "$(awk -v user="${user}" -v sys="${sys}" 'BEGIN { print user + sys }')")"
    printf '%s\n' "${line}" >>"${tsv}"
    printf '%s\n' "${line}"
  done <<<"${settings}"
done

# Medians per label, in the order the settings were given.
md="${results}/tune-${stamp}.md"
{
  printf '| setting | median wall s | median peak RSS MB | median CPU s | runs |\n'
  printf '|---|---:|---:|---:|---:|\n'
  while IFS='|' read -r label _; do
    awk -F'\t' -v label="${label}" '
      function median(values, count,   i, j, swap) {
        for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++)
          if (values[j] < values[i]) { swap = values[i]; values[i] = values[j]; values[j] = swap }
        return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
      }
      NR > 1 && $2 == label { n++; wall[n] = $3; rss[n] = $4; cpu[n] = $5 }
      END { printf "| %s | %.1f | %d | %.1f | %d |\n", label, median(wall, n), median(rss, n), median(cpu, n), n }
    ' "${tsv}"
  done <<<"${settings}"
} >"${md}"
section "Medians (${md#"${repo_root}"/})"
cat "${md}"
