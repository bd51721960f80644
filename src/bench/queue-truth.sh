#!/usr/bin/env bash
# The queue-truth benchmark: starts the service (embedded Redis and database, the real admission
# scheduler) and drives it with simulated browsers (io.waitingroom.bench.QueueTruth), then prints
# per scenario the median and p90 error of the ETA told at entry and at polls. About 5 minutes.
#   src/bench/queue-truth.sh                      # every scenario
#   src/bench/queue-truth.sh max-active-binds     # some of them
#   QUEUE_TRUTH_URL=http://host:8080 QUEUE_TRUTH_ADMIN_KEY=... src/bench/queue-truth.sh   # a running service
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${QUEUE_TRUTH_PORT:-18090}"
ADMIN="${QUEUE_TRUTH_ADMIN_KEY:-queue-truth-admin}"
OUT=target/bench
mkdir -p "$OUT"
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
# A copy of the classes, so that rebuilding while it runs cannot pull files from under it.
rm -rf "$OUT/queue-truth-classes" && mkdir -p "$OUT/queue-truth-classes"
cp -r target/classes "$OUT/queue-truth-classes/main" && cp -r target/test-classes "$OUT/queue-truth-classes/test"
CP="$OUT/queue-truth-classes/test:$OUT/queue-truth-classes/main:$(cat target/bench.cp)"

if [ -z "${QUEUE_TRUTH_URL:-}" ]; then
  QUEUE_TRUTH_URL="http://127.0.0.1:$PORT"
  java -cp "$CP" io.waitingroom.WaitingRoomApplication --server.port="$PORT" --waiting-room.admin-key="$ADMIN" \
    --waiting-room.token-secret=queue-truth-secret-queue-truth-secret --logging.level.root=warn >"$OUT/queue-truth-server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf "$QUEUE_TRUTH_URL/actuator/health" >/dev/null && break; sleep 0.5; done
fi
java -cp "$CP" io.waitingroom.bench.QueueTruth "$QUEUE_TRUTH_URL" "$ADMIN" "$@"
