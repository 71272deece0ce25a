#!/usr/bin/env bash
# Builds what the benchmark runs: the raw-to-refined job jar and the Spark classpath file (only
# when missing), the hand-written Spark job and the DuckDB programs from bench/src. CI runs it to
# prove the benchmark sources still compile; they are not part of the Maven build.
#
# Usage: bench/build.sh
set -euo pipefail

# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

shopt -s nullglob
job_jars=("${repo_root}"/jobs/target/jobs-*-raw-to-refined.jar)
shopt -u nullglob
# A jar from before the job existed (or a failed build) has no job class: rebuild that too.
if [[ "${#job_jars[@]}" -eq 0 || ! -f "$(spark_classpath_file)" ]] ||
  ! jar --list --file "${job_jars[-1]}" | grep '^dev/lakeetl/jobs/refine/RawToRefinedJob.class$' >/dev/null; then
  echo "Packaging the jobs module (skipping tests)"
  (cd "${repo_root}" && ./mvnw -B -q -pl jobs -am package -DskipTests)
fi
echo "Hand-written Spark job: $(build_plain_spark_jar)"
echo "DuckDB programs:        $(build_duckdb_classes)"
echo "Kafka producer:         $(build_kafka_producer)"
echo "Kinesis read bench:     $(build_kinesis_bench)"
