#!/usr/bin/env bash
# The benchmark: starts the service (embedded Redis and database, plus the benchmark-only
# reference handlers of the `bench` profile) and drives it with wrk on loopback. Prints
# requests/s and p50/p99 for queue entry, rank poll, forged-token poll and the two references,
# the ratios to the references, one admission tick of 10,000 users, poll latency with 1,000 vs
# 1,000,000 waiting, and Redis memory per waiting user.
#   src/test/bench/run.sh   # BENCH_DURATION=8s BENCH_ROUNDS=3 BENCH_WARMUP=8s BENCH_CONNECTIONS=64 BENCH_BIG=1000000
#   BENCH_POLL_REUSE=0 src/test/bench/run.sh   # every poll asks Redis (no reuse of recent ranks)
set -euo pipefail
cd "$(dirname "$0")/../../.."

PORT="${BENCH_PORT:-18080}"
DURATION="${BENCH_DURATION:-8s}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
BIG="${BENCH_BIG:-1000000}"
ADMIN="bench-admin"
BASE="http://127.0.0.1:$PORT"
OUT=target/bench
BENCH=src/test/bench

command -v wrk >/dev/null || apt-get install -y -q wrk
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
rm -rf "$OUT" && mkdir -p "$OUT"

java -Xms1g -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.cp)" io.waitingroom.queue.BenchmarkServer \
  --server.port="$PORT" --waiting-room.admin-key="$ADMIN" \
  --waiting-room.token-secret=bench-secret-bench-secret-bench-secret \
  --waiting-room.waiting-idle-timeout=24h --booking.hold-sweep-enabled=false \
  ${BENCH_POLL_REUSE:+--waiting-room.poll-reuse=$BENCH_POLL_REUSE} \
  --logging.level.root=warn >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/actuator/health" >/dev/null && break; sleep 0.5; done

for concert in 1 2 3; do
  curl -sf -XPUT "$BASE/admin/queues/$concert/settings" -H "X-Admin-Key: $ADMIN" \
    -H 'Content-Type: application/json' -d '{"paused":true}' >/dev/null
done
curl -sf -XPOST "$BASE/bench/reference?members=2000" >/dev/null

fill() { # concertId users samples file
  curl -sf -XPOST "$BASE/bench/fill?concertId=$1&users=$2&samples=$3" -o "$OUT/fill-$1-$2.json"
  python3 -c "import json,sys; d=json.load(open('$OUT/fill-$1-$2.json')); open('$4','w').write('\n'.join(d['sampleTokens'])+'\n')"
}
fill 1 2000 2000 "$OUT/tokens-2k.txt"
fill 3 1000 1000 "$OUT/tokens-1k.txt"

run() { # name script [args]
  local name=$1 script=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/$script" "$BASE" -- "$@" >"$OUT/wrk-$name.txt" 2>&1
}

# Each entry run gets its own block of user ids (warm-up 0, round r: r * 5,000,000), so that
# entries are always new users, never the cheaper re-entry.
echo "warming up..."
for name in const zrank poll entry forged; do
  case $name in
    poll) wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/poll.lua" "$BASE" -- "$OUT/tokens-2k.txt" >/dev/null 2>&1 ;;
    entry) wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/entry.lua" "$BASE" -- 0 >/dev/null 2>&1 ;;
    *) wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/$name.lua" "$BASE" >/dev/null 2>&1 ;;
  esac
done

# The five compared rows run in interleaved rounds: on a shared machine the speed drifts, and a
# ratio is only fair between runs close in time. The report takes the median round.
echo "measuring ($ROUNDS rounds, $DURATION per row, $CONNECTIONS connections)..."
for round in $(seq 1 "$ROUNDS"); do
  run "const-$round" const.lua
  run "zrank-$round" zrank.lua
  run "poll-$round" poll.lua "$OUT/tokens-2k.txt"
  run "entry-$round" entry.lua "$((round * 5000000))"
  run "forged-$round" forged.lua
done
run poll-1k poll.lua "$OUT/tokens-1k.txt"

echo "filling $BIG waiting users (this takes a while)..."
fill 3 "$BIG" 1000 "$OUT/tokens-big.txt"
run poll-big poll.lua "$OUT/tokens-big.txt"
curl -sf -XPOST "$BASE/bench/tick?users=10000" -o "$OUT/tick.json"

python3 "$BENCH/report.py" "$OUT" "$BIG" "$ROUNDS"
