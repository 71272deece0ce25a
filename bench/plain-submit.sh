#!/usr/bin/env bash
# Runs the hand-written baseline job (bench/src/.../PlainSparkFlights.java) through SparkSubmit with
# the same classpath and Java 17 flags as bin/etl-submit, plus free JVM and spark-submit options.
# bench/tune.sh uses it to try settings; bench/run.sh runs the job with bin/etl-submit itself.
#
# Usage: bench/plain-submit.sh <heap> "<extra JVM options>" <raw flights dir> <output dir> [--conf k=v]...
set -euo pipefail

# shellcheck source=common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ $# -lt 4 ]]; then
  echo "Usage: $0 <heap> \"<extra JVM options>\" <raw flights dir> <output dir> [--conf k=v]..." >&2
  exit 2
fi
exec_plain_spark "$@"
