#!/usr/bin/env bash
# DLP scanning throughput (JMH): default detector set over 16 KiB JSON, text and form bodies.
# Usage: bench/dlp-jmh.sh [extra JMH args]   (e.g. -f 1 -wi 3 -i 5). MB/s = ops/s x 16384 / 1e6.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -B test-compile
CP="target/test-classes:target/classes:$(./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
"$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main DlpScanBenchmark -t 1 "$@" | tee target/dlp-jmh.txt
awk '/^DlpScanBenchmark\..*thrpt/ { printf "%-40s %8.0f MB/s\n", $1 " " $2, $(NF-3) * 16384 / 1e6 }' target/dlp-jmh.txt
