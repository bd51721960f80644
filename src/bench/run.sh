#!/usr/bin/env bash
# The benchmark: starts the service (embedded Redis and database, plus the benchmark-only
# reference handlers of the `bench` profile) and drives it with wrk on loopback. Prints
# requests/s and p50/p99 for queue entry, rank poll (poll reuse on, and off on a second instance
# over the same Redis), forged-token poll and the two references, the ratios to the references,
# the cold start of a fresh instance (with and without its warm-up), one admission tick of
# 10,000 users, poll latency with 1,000 vs 1,000,000 waiting, and Redis memory per waiting user.
#   src/bench/run.sh   # BENCH_DURATION=6s BENCH_ROUNDS=3 BENCH_WARMUP=8s BENCH_CONNECTIONS=64 BENCH_BIG=1000000
#   BENCH_JAVA_OPTS="-XX:..." src/bench/run.sh   # JVM options for the cold-start instances
#   BENCH_ONLY=cold src/bench/run.sh             # only the cold starts (BENCH_COLD_ARGS: more service arguments)
#   BENCH_ONLY=compare src/bench/run.sh          # only the interleaved rounds of the compared rows
#   BENCH_ARGS="--waiting-room.identity.mode=jwt ..."  # more service arguments for the two measured instances
# The reference handlers go through the same web stack as the product's (request deadline
# included); only the benchmark's own setup endpoints (fill, tick, reference) are exempt from the
# deadline and the stall guard, since they run for minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${BENCH_PORT:-18080}"
NO_REUSE_PORT=$((PORT + 1))
COLD_PORT=$((PORT + 2))
DURATION="${BENCH_DURATION:-6s}"
ROUNDS="${BENCH_ROUNDS:-3}"
WARMUP="${BENCH_WARMUP:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
BIG="${BENCH_BIG:-1000000}"
ADMIN="bench-admin"
SECRET="bench-secret-bench-secret-bench-secret"
BASE="http://127.0.0.1:$PORT"
NO_REUSE="http://127.0.0.1:$NO_REUSE_PORT"
COLD="http://127.0.0.1:$COLD_PORT"
OUT=target/bench
BENCH=src/bench

command -v wrk >/dev/null || apt-get install -y -q wrk
./mvnw -q -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
rm -rf "$OUT" && mkdir -p "$OUT"
# The cold-start instances run the way the Dockerfile runs the service (docs/performance.md "Cold start"):
# the extracted jar with a class data sharing archive made by a training run.
java -Djarmode=tools -jar target/waiting-room-*.jar extract --destination "$OUT/app" >/dev/null
APP_JAR=$(ls "$OUT"/app/waiting-room-*.jar)
java -XX:ArchiveClassesAtExit="$OUT/app.jsa" -Dspring.context.exit=onRefresh -jar "$APP_JAR" \
  --server.port=0 --logging.level.root=warn >"$OUT/cds-training.log" 2>&1
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
SERVERS=()
JAVA_OPTS_FOR_START=""
trap 'for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

start() { # name port [args...]: starts an instance, leaves its pid in SERVERS
  local name=$1 port=$2; shift 2
  java -Xms1g -Xmx1g ${JAVA_OPTS_FOR_START:-} -cp "$CP" io.waitingroom.bench.BenchmarkServer \
    --server.port="$port" --waiting-room.admin-key="$ADMIN" --waiting-room.token-secret="$SECRET" \
    --waiting-room.waiting-idle-timeout=24h --booking.hold-sweep-enabled=false \
    --waiting-room.web.long-lived-paths=/admin/queues/*/events,/bench/fill,/bench/tick,/bench/reference \
    --waiting-room.web.connection-stall-timeout=30m \
    --logging.level.root=warn \
    --logging.level.io.waitingroom.queue.warmup.StartupWarmUp=info "$@" >"$OUT/server-$name.log" 2>&1 &
  SERVERS+=($!)
}
ready() { # url: waits for readiness, prints the seconds it took since $1's launch
  for _ in $(seq 1 600); do curl -sf "$1/actuator/health/readiness" >/dev/null && return 0; sleep 0.1; done
  echo "$1 did not become ready" >&2; exit 1
}

start main "$PORT" ${BENCH_ARGS:-}
ready "$BASE"
REDIS=$(curl -sf "$BASE/bench/redis")
REDIS_HOST=${REDIS%:*}
REDIS_PORT=${REDIS##*:}
# The same service with poll reuse off, over the same Redis: every poll asks Redis.
start no-reuse "$NO_REUSE_PORT" --waiting-room.poll-reuse=0s ${BENCH_ARGS:-} \
  --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT"
ready "$NO_REUSE"

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

run() { # name base script [args]
  local name=$1 base=$2 script=$3; shift 3
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/$script" "$base" -- "$@" >"$OUT/wrk-$name.txt" 2>&1
}
warm() { # base script [args]
  local base=$1 script=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/$script" "$base" -- "$@" >/dev/null 2>&1
}

if [ "${BENCH_ONLY:-}" != cold ]; then
# Each entry run gets its own block of user ids (warm-up 0, round r: r * 5,000,000), so that
# entries are always new users, never the cheaper re-entry.
echo "warming up..."
warm "$BASE" const.lua
warm "$BASE" zrank.lua
warm "$BASE" const.lua /bench/bare/const
warm "$BASE" zrank.lua /bench/bare/zrank/
warm "$BASE" poll.lua "$OUT/tokens-2k.txt"
warm "$NO_REUSE" poll.lua "$OUT/tokens-2k.txt"
warm "$BASE" entry.lua 0
warm "$BASE" forged.lua

# The compared rows run in interleaved rounds: on a shared machine the speed drifts, and a
# ratio is only fair between runs close in time. The report takes the median round.
echo "measuring ($ROUNDS rounds, $DURATION per row, $CONNECTIONS connections)..."
for round in $(seq 1 "$ROUNDS"); do
  run "const-$round" "$BASE" const.lua
  run "zrank-$round" "$BASE" zrank.lua
  run "bare-const-$round" "$BASE" const.lua /bench/bare/const
  run "bare-zrank-$round" "$BASE" zrank.lua /bench/bare/zrank/
  run "poll-$round" "$BASE" poll.lua "$OUT/tokens-2k.txt"
  run "poll-noreuse-$round" "$NO_REUSE" poll.lua "$OUT/tokens-2k.txt"
  run "entry-$round" "$BASE" entry.lua "$((round * 5000000))"
  run "forged-$round" "$BASE" forged.lua
done
fi
kill "${SERVERS[1]}" 2>/dev/null || true
if [ "${BENCH_ONLY:-}" = compare ]; then
  python3 "$BENCH/report.py" "$OUT" 0 "$ROUNDS" compare
  exit 0
fi

# Cold start: a fresh instance over the same Redis, loaded with polls the moment it reports ready
# (its first $DURATION), then warmed and measured like the others. Once as before (no warm-up, no
# class data sharing archive), once as it now runs (its warm-up, started from the archive).
cold() { # name java-options [args...]   (COLD_JAVA: the java to start it with)
  local name=$1 options=$2; shift 2
  local launched; launched=$(date +%s.%N)
  ${COLD_JAVA:-java} -Xms1g -Xmx1g $options ${BENCH_JAVA_OPTS:-} -jar "$APP_JAR" --server.port="$COLD_PORT" \
    --waiting-room.admin-key="$ADMIN" --waiting-room.token-secret="$SECRET" --booking.hold-sweep-enabled=false \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" --logging.level.root=warn \
    --logging.level.io.waitingroom.queue.warmup.StartupWarmUp=info "$@" >"$OUT/server-$name.log" 2>&1 &
  SERVERS+=($!)
  ready "$COLD"
  python3 -c "print(round($(date +%s.%N) - $launched, 1))" >"$OUT/ready-$name.txt"
  python3 "$BENCH/thread_cpu.py" "${SERVERS[-1]}" >"$OUT/cpu-$name-ready.json"
  run "$name-first" "$COLD" poll.lua "$OUT/tokens-2k.txt"
  python3 "$BENCH/thread_cpu.py" "${SERVERS[-1]}" >"$OUT/cpu-$name-first.json"
  warm "$COLD" poll.lua "$OUT/tokens-2k.txt"
  for round in $(seq 1 "$ROUNDS"); do run "$name-warm-$round" "$COLD" poll.lua "$OUT/tokens-2k.txt"; done
  kill "${SERVERS[-1]}"; wait "${SERVERS[-1]}" 2>/dev/null || true
}
echo "cold starts..."
cold cold-plain "" --waiting-room.warm-up.duration=0s ${BENCH_COLD_ARGS:-}
cold cold-warmed "-XX:SharedArchiveFile=$OUT/app.jsa" ${BENCH_COLD_ARGS:-}
if [ -n "${BENCH_AOT_JAVA:-}" ]; then
  # JDK 24+: an AOT cache (classes loaded and linked, and the method profiles of JDK 25) from a
  # training run that is one start with its warm-up, stopped once ready.
  COLD_JAVA=$BENCH_AOT_JAVA
  "$COLD_JAVA" -Xms1g -Xmx1g -XX:AOTCacheOutput="$OUT/app.aot" -jar "$APP_JAR" --server.port="$COLD_PORT" \
    --waiting-room.admin-key="$ADMIN" --waiting-room.token-secret="$SECRET" --booking.hold-sweep-enabled=false \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT" --logging.level.root=warn \
    ${BENCH_COLD_ARGS:-} >"$OUT/aot-training.log" 2>&1 &
  TRAINING=$!
  ready "$COLD"
  kill -TERM "$TRAINING"; wait "$TRAINING" 2>/dev/null || true
  ls -l "$OUT/app.aot" >&2
  cold cold-aot "-XX:AOTCache=$OUT/app.aot" ${BENCH_COLD_ARGS:-}
  COLD_JAVA=java
fi
if [ "${BENCH_ONLY:-}" = cold ]; then
  python3 "$BENCH/report.py" "$OUT" 0 "$ROUNDS" cold
  exit 0
fi

run poll-1k "$BASE" poll.lua "$OUT/tokens-1k.txt"
echo "filling $BIG waiting users (this takes a while)..."
fill 3 "$BIG" 1000 "$OUT/tokens-big.txt"
run poll-big "$BASE" poll.lua "$OUT/tokens-big.txt"
curl -sf -XPOST "$BASE/bench/tick?users=10000" -o "$OUT/tick.json"

python3 "$BENCH/report.py" "$OUT" "$BIG" "$ROUNDS"
