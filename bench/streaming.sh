#!/usr/bin/env bash
# Streaming benchmark and local Kafka helper: a single-node KRaft broker from the Kafka jars of the
# tests module (no Kafka installation needed), a producer of JSON flight records, and a timed run
# of the streaming job's refined stream.
#
# Usage:
#   bench/streaming.sh broker [port]          run a broker on 127.0.0.1:<port> (default 9092) until Ctrl-C
#   bench/streaming.sh produce <count> [servers] [topic]
#                                             send <count> flight records (default 127.0.0.1:9092, flights)
#   bench/streaming.sh run [count]            benchmark: own broker, <count> records (default 1,000,000),
#                                             the job on 2 cores; prints records/s and batch latency
#   bench/streaming.sh kinesis-reads [records] [max per batch] [rounds] [per round]
#                                             Kinesis read amplification against the emulator: GetRecords
#                                             calls and bytes fetched per record delivered (default 5,000
#                                             records in batches of 500, then 20 rounds of 50 new ones)
# Records come from bench/data/raw/flights (bench/fetch-data.sh), else from the bundled sample's
# January day files, in departure order.
# Environment: BENCH_MASTER (default local[2]), BENCH_MAX_OFFSETS (records per batch, default 250000),
#              ETL_DRIVER_MEMORY (default 2g), BENCH_JOB_JAR (a streaming jar to measure instead of the
#              module's, e.g. a copy built from another commit for before/after runs), BENCH_JOB_ARGS
#              (more job arguments, e.g. "--quality.enabled false"), BENCH_BEFORE_JAR (kinesis-reads: a
#              streaming jar of another build, from c40efbc on, measured first as "before").
set -euo pipefail

# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_jars() {
  shopt -s nullglob
  local jars=("${repo_root}"/streaming/target/streaming-*-streaming.jar)
  shopt -u nullglob
  if [[ "${#jars[@]}" -eq 0 || ! -f "$(spark_classpath_file)" ]]; then
    echo "Packaging the jobs and streaming modules (skipping tests)" >&2
    (cd "${repo_root}" && ./mvnw -B -q -pl jobs,streaming -am package -DskipTests >&2)
  fi
}

flight_files() {
  shopt -s nullglob
  local files=("${bench_dir}"/data/raw/flights/part-*.json)
  shopt -u nullglob
  if [[ "${#files[@]}" -eq 0 ]]; then
    files=("${repo_root}"/sample-data/raw/flights/2001/01/*/flights.json)
  fi
  printf '%s\n' "${files[@]}"
}

# Writes server.properties for a broker on <port> (controller on <port>+1) with data in <dir>.
broker_properties() {
  local dir="$1" port="$2"
  mkdir -p "${dir}/logs"
  cat >"${dir}/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((port + 1))
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:$((port + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${dir}/logs
num.partitions=2
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  if [[ ! -f "${dir}/logs/meta.properties" ]]; then
    java -cp "$(kafka_classpath)" kafka.tools.StorageTool format \
      -t "$(java -cp "$(kafka_classpath)" kafka.tools.StorageTool random-uuid)" \
      -c "${dir}/server.properties" >/dev/null
  fi
}

wait_for_port() {
  local port="$1" tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; do
    tries=$((tries + 1))
    ((tries < 120)) || { echo "Cannot start Kafka: port ${port} not open after 60 s" >&2; exit 1; }
    sleep 0.5
  done
}

produce() {
  local count="$1" servers="$2" topic="$3"
  local files=()
  mapfile -t files < <(flight_files)
  java -cp "$(build_kafka_producer):$(kafka_classpath)" dev.lakeetl.bench.ProduceFlights \
    "${servers}" "${topic}" 2 "${count}" "${files[@]}"
}

kinesis_reads() {
  local records="${1:-5000}" per_batch="${2:-500}" rounds="${3:-20}" per_round="${4:-50}"
  ensure_jars
  local classes out payloads
  classes="$(build_kinesis_bench)"
  mkdir -p "${bench_dir}/results"
  out="${bench_dir}/results/kinesis-reads-$(date -u +%Y%m%dT%H%M%SZ).tsv"
  mapfile -t payloads < <(flight_files)
  local flags
  read -r -a flags <<<"$(spark_java17_flags)"
  local builds=() label jar first=true
  [[ -n "${BENCH_BEFORE_JAR:-}" ]] && builds+=("before=${BENCH_BEFORE_JAR}")
  builds+=("after=$(streaming_jar)")
  for build in "${builds[@]}"; do
    label="${build%%=*}"
    jar="${build#*=}"
    section "Kinesis reads: ${label} (${jar#"${repo_root}"/})"
    # The emulator is installed under bench/target/kinesis-emulator on first use.
    (cd "${bench_dir}" && java "${flags[@]}" -Xmx1g -Dlog4j2.level=WARN \
      -cp "${classes}:$(kinesis_bench_classpath "${jar}")" \
      dev.lakeetl.streaming.kinesis.KinesisReadAmplification "${label}" "${payloads[0]}" \
      "${records}" "${per_batch}" "${rounds}" "${per_round}") >"${out}.${label}" 2>"${out}.${label}.log"
    # The figures are the lines marked RESULT (a header, then one line per phase).
    if [[ "${first}" == true ]]; then
      grep '^RESULT' "${out}.${label}" | head -n 1 | cut -f 2- >"${out}"
      first=false
    fi
    grep '^RESULT' "${out}.${label}" | tail -n +2 | cut -f 2- >>"${out}"
    rm -f "${out}.${label}"
  done
  column -t -s $'\t' "${out}"
  echo "Figures in ${out#"${repo_root}"/} (logs beside it)"
}

command="${1:-}"
case "${command}" in
  broker)
    port="${2:-9092}"
    broker_properties "${repo_root}/out/kafka" "${port}"
    echo "Kafka broker on 127.0.0.1:${port} (data in out/kafka); Ctrl-C stops it"
    exec java -Xmx512m -cp "$(kafka_classpath)" kafka.Kafka "${repo_root}/out/kafka/server.properties"
    ;;
  produce)
    [[ $# -ge 2 ]] || { sed -n '6,16p' "${BASH_SOURCE[0]}" >&2; exit 1; }
    produce "$2" "${3:-127.0.0.1:9092}" "${4:-flights}"
    ;;
  run)
    count="${2:-1000000}"
    ensure_jars
    work="${bench_dir}/results/streaming-$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "${work}"
    port=19092
    while (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; do port=$((port + 2)); done
    section "Broker on 127.0.0.1:${port}"
    broker_properties "${work}/kafka" "${port}"
    java -Xmx512m -cp "$(kafka_classpath)" kafka.Kafka "${work}/kafka/server.properties" \
      >"${work}/kafka.log" 2>&1 &
    broker_pid=$!
    trap 'kill "${broker_pid}" 2>/dev/null || true' EXIT
    wait_for_port "${port}"

    section "Producing ${count} records"
    produce "${count}" "127.0.0.1:${port}" flights

    section "Streaming job (${BENCH_MASTER:-local[2]}), until all ${count} records are refined"
    checkpoint="${work}/checkpoint"
    read -r -a extra_args <<<"${BENCH_JOB_ARGS:-}"
    SPARK_MASTER="${BENCH_MASTER:-local[2]}" "${repo_root}/bin/etl-submit" "${BENCH_JOB_JAR:-streaming}" \
      --config "${repo_root}/conf/flights-streaming.yaml" --env local \
      --source.kafka.bootstrap-servers "127.0.0.1:${port}" \
      --source.kafka.max-offsets-per-trigger "${BENCH_MAX_OFFSETS:-250000}" \
      --target.path "${work}/refined" --quarantine.path "${work}/quarantine" \
      --report.path "${work}/reports" --stream.checkpoint-path "${checkpoint}" \
      --stream.trigger-interval "0 seconds" --stream.report-interval "2 seconds" \
      --window.enabled false ${extra_args[@]+"${extra_args[@]}"} >"${work}/job.log" 2>&1 &
    job_pid=$!
    trap 'kill "${job_pid}" "${broker_pid}" 2>/dev/null || true' EXIT
    started=$(date +%s)
    # Done when the refined query has read every record (its batch lines in the log add up).
    while true; do
      read_so_far=$(sed -n -E 's/.*Batch [0-9]+ of refined: ([0-9,]+) records in.*/\1/p' "${work}/job.log" |
        tr -d , | awk '{sum += $1} END {print sum + 0}')
      ((read_so_far >= count)) && break
      kill -0 "${job_pid}" 2>/dev/null || { echo "The job exited early; see ${work}/job.log" >&2; exit 1; }
      (($(date +%s) - started < 3600)) || { echo "Not done after an hour; see ${work}/job.log" >&2; exit 1; }
      sleep 2
    done
    touch "${checkpoint}/STOP"
    wait "${job_pid}" || true

    section "Figures (refined stream; batches with input)"
    sed -n -E 's/.*Batch [0-9]+ of refined: ([0-9,]+) records in.* batch ([0-9]+) ms.*/\1 \2/p' \
      "${work}/job.log" | tr -d , | awk -v count="${count}" '
        $1 > 0 {
          records += $1; millis += $2; batches++; if ($2 > max) max = $2
          # The first batch carries the warm-up (class loading, JIT, code generation, the first
          # fetch): the steady rate leaves it out, the overall rate keeps it.
          if (batches > 1) { warm_records += $1; warm_millis += $2 } else { first = $2 }
        }
        END {
          printf "records          %d (produced %d)\n", records, count
          printf "batches          %d\n", batches
          printf "overall rate     %.0f records/s (records / summed batch time, first batch included)\n", records / (millis / 1000)
          if (warm_millis > 0) printf "sustained rate   %.0f records/s (batches after the first)\n", warm_records / (warm_millis / 1000)
          printf "batch latency    mean %.0f ms, max %d ms, first batch %d ms\n", millis / batches, max, first
        }' | tee "${work}/figures.txt"
    echo "Log, report and figures in ${work#"${repo_root}"/}"
    ;;
  kinesis-reads)
    shift
    kinesis_reads "$@"
    ;;
  *)
    sed -n '6,16p' "${BASH_SOURCE[0]}" >&2
    exit 1
    ;;
esac
