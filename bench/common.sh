# Shared helpers for the bench/ scripts. Sourced, not run.
# shellcheck shell=bash

readonly DUCKDB_VERSION="1.1.3"

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${bench_dir}/.." && pwd)"
bench_target="${bench_dir}/target"
readonly bench_dir repo_root bench_target

section() {
  printf '\n==== %s ====\n' "$*"
}

# Prints the path of the DuckDB JDBC jar, copying it from the Maven repository on first use.
duckdb_jar() {
  local jar="${bench_target}/lib/duckdb_jdbc-${DUCKDB_VERSION}.jar"
  if [[ ! -f "${jar}" ]]; then
    (cd "${repo_root}" && ./mvnw -B -q dependency:copy \
      "-Dartifact=org.duckdb:duckdb_jdbc:${DUCKDB_VERSION}" \
      "-DoutputDirectory=${bench_target}/lib" >&2)
  fi
  printf '%s\n' "${jar}"
}

# Runs one of the DuckDB helper programs in bench/src with the single-file source launcher.
run_duckdb_tool() {
  local tool="$1"
  shift
  java -cp "$(duckdb_jar)" "${bench_dir}/src/main/java/dev/lakeetl/bench/${tool}.java" "$@"
}

# The --add-opens list Spark needs on Java 17, read from the parent pom so it has one source.
spark_java17_flags() {
  sed -n -E 's|.*<spark.java17.flags>(.*)</spark.java17.flags>.*|\1|p' "${repo_root}/pom.xml" | head -n 1
}

# The provided classpath (Spark, Hadoop, S3A) the jobs module writes at package time.
spark_classpath_file() {
  printf '%s\n' "${repo_root}/jobs/target/spark-classpath.txt"
}

# Compiles the hand-written Spark job in bench/src into bench/target/plain-spark-flights.jar.
build_plain_spark_jar() {
  local jar="${bench_target}/plain-spark-flights.jar"
  local source="${bench_dir}/src/main/java/dev/lakeetl/bench/PlainSparkFlights.java"
  if [[ ! -f "${jar}" || "${source}" -nt "${jar}" ]]; then
    rm -rf "${bench_target}/classes"
    mkdir -p "${bench_target}/classes"
    javac --release 17 -nowarn -cp "$(cat "$(spark_classpath_file)")" \
      -d "${bench_target}/classes" "${source}"
    # A Main-Class lets bin/etl-submit run it like any job jar.
    jar --create --file "${jar}" --main-class dev.lakeetl.bench.PlainSparkFlights \
      -C "${bench_target}/classes" .
  fi
  printf '%s\n' "${jar}"
}

# Replaces the shell with PlainSparkFlights run through SparkSubmit the way bin/etl-submit runs a
# job jar, but with free JVM options and spark-submit options (for bench/tune.sh).
# Usage: exec_plain_spark <heap> "<extra JVM options>" <raw dir> <output dir> [--conf k=v]...
exec_plain_spark() {
  local heap="$1" jvm_options="$2" raw="$3" output="$4"
  shift 4
  local jar
  jar="$(build_plain_spark_jar)"
  local flags
  read -r -a flags <<<"$(spark_java17_flags) ${jvm_options}"
  SPARK_LOCAL_IP=127.0.0.1 exec java "${flags[@]}" "-Xmx${heap}" \
    -cp "$(cat "$(spark_classpath_file)")" org.apache.spark.deploy.SparkSubmit \
    --master 'local[*]' --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
    "$@" --class dev.lakeetl.bench.PlainSparkFlights "${jar}" "${raw}" "${output}"
}

# Compiles the DuckDB programs in bench/src into bench/target/duckdb-classes.
build_duckdb_classes() {
  local classes="${bench_target}/duckdb-classes"
  local sources=("${bench_dir}"/src/main/java/dev/lakeetl/bench/{CountRows,DuckDbFlights,FlightsToNdjson}.java)
  local stale=false source
  for source in "${sources[@]}"; do
    if [[ ! -d "${classes}" || "${source}" -nt "${classes}" ]]; then
      stale=true
    fi
  done
  if [[ "${stale}" == true ]]; then
    rm -rf "${classes}"
    mkdir -p "${classes}"
    javac --release 17 -cp "$(duckdb_jar)" -d "${classes}" "${sources[@]}"
  fi
  printf '%s\n' "${classes}"
}

# The Kafka broker jars and kafka-clients, resolved by bench/kafka/pom.xml (bench/streaming.sh
# starts a broker and produces records with them).
kafka_classpath() {
  local file="${bench_target}/kafka-classpath.txt"
  if [[ ! -s "${file}" ]]; then
    mkdir -p "${bench_target}"
    (cd "${repo_root}" && ./mvnw -B -q -f bench/kafka/pom.xml dependency:build-classpath \
      "-Dmdep.outputFile=${file}" >&2)
  fi
  cat "${file}"
}

# Compiles the Kafka producer of bench/streaming.sh into bench/target/kafka-classes.
build_kafka_producer() {
  local classes="${bench_target}/kafka-classes"
  local source="${bench_dir}/src/main/java/dev/lakeetl/bench/ProduceFlights.java"
  if [[ ! -d "${classes}" || "${source}" -nt "${classes}" ]]; then
    rm -rf "${classes}"
    mkdir -p "${classes}"
    javac --release 17 -cp "$(kafka_classpath)" -d "${classes}" "${source}"
  fi
  printf '%s\n' "${classes}"
}

# Compiles KinesisReadAmplification (bench/src, in the source's package) against the streaming jar
# and the streaming module's test-jar (the Kinesis emulator helper).
build_kinesis_bench() {
  local classes="${bench_target}/kinesis-classes"
  local source="${bench_dir}/src/main/java/dev/lakeetl/streaming/kinesis/KinesisReadAmplification.java"
  if [[ ! -d "${classes}" || "${source}" -nt "${classes}" ]]; then
    rm -rf "${classes}"
    mkdir -p "${classes}"
    javac --release 17 -nowarn -cp "$(kinesis_bench_classpath "$(streaming_jar)")" -d "${classes}" "${source}"
  fi
  printf '%s\n' "${classes}"
}

streaming_jar() {
  shopt -s nullglob
  local jars=("${repo_root}"/streaming/target/streaming-*-streaming.jar)
  shopt -u nullglob
  printf '%s\n' "${jars[-1]}"
}

# The streaming jar given first, then the test-jar and the provided Spark classpath.
kinesis_bench_classpath() {
  shopt -s nullglob
  local tests=("${repo_root}"/streaming/target/streaming-*-tests.jar)
  shopt -u nullglob
  if [[ "${#tests[@]}" -eq 0 ]]; then
    (cd "${repo_root}" && ./mvnw -B -q -pl streaming -am package -DskipTests >&2)
    tests=("${repo_root}"/streaming/target/streaming-*-tests.jar)
  fi
  printf '%s:%s:%s\n' "$1" "${tests[-1]}" "$(cat "$(spark_classpath_file)")"
}
