#!/usr/bin/env bash
# The benchmark: starts the service (embedded Redis and database, plus the benchmark-only
# reference handlers of the `bench` profile) and drives it with wrk on loopback. Prints
# requests/s and p50/p99 for queue entry, rank poll (poll reuse on, and off on a second instance
# over the same Redis), forged-token poll and the two references, the ratios to the references,
# the cold start of a fresh instance (with and without its warm-up), one admission tick of
# 10,000 users, poll latency with 1,000 vs 1,000,000 waiting, Redis memory per waiting user, and the
# box office: the section map of a 50,000-seat date against the one-round-trip reference
# (interleaved rounds), and a 5,000-seat date sold out by buyers of 1-4 seats (SellOut.java) beside
# the database's own limit for as many seat updates.
#   src/bench/run.sh   # BENCH_DURATION=6s BENCH_ROUNDS=3 BENCH_WARMUP=8s BENCH_CONNECTIONS=64 BENCH_BIG=1000000
#   BENCH_JAVA_OPTS="-XX:..." src/bench/run.sh   # JVM options for the cold-start instances
#   BENCH_ONLY=cold src/bench/run.sh             # only the cold starts (BENCH_COLD_ARGS: more service arguments)
#   BENCH_ONLY=compare src/bench/run.sh          # only the interleaved rounds of the compared rows
#   BENCH_ONLY=boxoffice src/bench/run.sh        # only the box office (BENCH_SELLOUT_SEATS=5000,
#                                                #   BENCH_SELLOUT_CONCURRENCY=32, BENCH_SELLOUT_WARMUP=1000 seats)
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
ONLY="${BENCH_ONLY:-}"
SELLOUT_SEATS="${BENCH_SELLOUT_SEATS:-5000}"
SELLOUT_CONCURRENCY="${BENCH_SELLOUT_CONCURRENCY:-32}"
SELLOUT_WARMUP="${BENCH_SELLOUT_WARMUP:-1000}"
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
    --waiting-room.web.long-lived-paths=/admin/queues/*/events,/bench/fill,/bench/tick,/bench/reference,/bench/boxoffice/* \
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
if [ "$ONLY" != boxoffice ]; then
  start no-reuse "$NO_REUSE_PORT" --waiting-room.poll-reuse=0s ${BENCH_ARGS:-} \
    --spring.data.redis.host="$REDIS_HOST" --spring.data.redis.port="$REDIS_PORT"
  ready "$NO_REUSE"
fi

for concert in 1 2 3; do
  curl -sf -XPUT "$BASE/admin/queues/$concert/settings" -H "X-Admin-Key: $ADMIN" \
    -H 'Content-Type: application/json' -d '{"paused":true}' >/dev/null
done
curl -sf -XPOST "$BASE/bench/reference?members=2000" >/dev/null

fill() { # concertId users samples file
  curl -sf -XPOST "$BASE/bench/fill?concertId=$1&users=$2&samples=$3" -o "$OUT/fill-$1-$2.json"
  python3 -c "import json,sys; d=json.load(open('$OUT/fill-$1-$2.json')); open('$4','w').write('\n'.join(d['sampleTokens'])+'\n')"
}
if [ "$ONLY" != boxoffice ]; then
  fill 1 2000 2000 "$OUT/tokens-2k.txt"
  fill 3 1000 1000 "$OUT/tokens-1k.txt"
fi

run() { # name base script [args]
  local name=$1 base=$2 script=$3; shift 3
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$BENCH/$script" "$base" -- "$@" >"$OUT/wrk-$name.txt" 2>&1
}
warm() { # base script [args]
  local base=$1 script=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$BENCH/$script" "$base" -- "$@" >/dev/null 2>&1
}

if [ "$ONLY" != cold ] && [ "$ONLY" != boxoffice ]; then
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
[ "$ONLY" = boxoffice ] || kill "${SERVERS[1]}" 2>/dev/null || true
if [ "$ONLY" = compare ]; then
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
# The box office (docs/performance.md "Box office"). 1. The section map of a 50,000-seat date (25
# sections of 40 rows x 50), asked for with ACTIVE passes (put in line by /bench/fill, admitted by
# the line's own ticks), in interleaved rounds with the one-round-trip references. 2. A sell-out
# (SellOut.java, over HTTP from its own JVM): a warm-up sale, then the measured one, its checks,
# and the database's limit (bare conditional updates in the same app, /bench/boxoffice/db-limit).
admin() { # method path [json]
  curl -sf -X"$1" "$BASE$2" -H "X-Admin-Key: $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
boxoffice() {
  # The machine may be shared: its load goes beside the figures (compare ratios, not rates, across runs).
  echo "box office: a 50,000-seat date... (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  local concert schedule sections starts
  concert=$(admin POST /admin/concerts '{"title":"bench section map","venue":"Bench Stadium","timeZone":"Asia/Seoul","maxSeatsPerUser":4}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["concertId"])')
  admin PUT "/admin/queues/$concert/settings" \
    '{"paused":false,"saleOpensAt":null,"admitPerTick":5000,"tickMillis":100,"maxActive":1000000,"activeTtlSeconds":3600}' >/dev/null
  starts=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
  sections=$(python3 -c 'import json; print(json.dumps([{"name": f"Section {i + 1}", "grade": "VIP R S A".split()[i % 4],
    "price": [165000, 143000, 121000, 99000][i % 4], "rows": 40, "seatsPerRow": 50} for i in range(25)]))')
  schedule=$(admin POST "/admin/concerts/$concert/schedules" "{\"startsAt\":\"$starts\",\"sections\":$sections}" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["seats"] == 50000, d["seats"]; print(d["scheduleId"])')
  fill "$concert" 200 200 "$OUT/tokens-sections.txt"
  for _ in $(seq 1 100); do
    curl -sf "$BASE/api/v1/queue/tokens/me" -H "Authorization: Bearer $(tail -1 "$OUT/tokens-sections.txt")" | grep -q '"ACTIVE"' && break
    sleep 0.1
  done
  curl -sf "$BASE/api/v1/schedules/$schedule/sections" -H "Authorization: Bearer $(head -1 "$OUT/tokens-sections.txt")" \
    -o "$OUT/sections.json" || { echo "the section map did not answer 200 with an ACTIVE pass" >&2; exit 1; }
  warm "$BASE" zrank.lua
  warm "$BASE" zrank.lua /bench/bare/zrank/
  warm "$BASE" sections.lua "$OUT/tokens-sections.txt" "$schedule"
  echo "measuring the section map ($ROUNDS rounds, $DURATION per row)..."
  for round in $(seq 1 "$ROUNDS"); do
    run "bo-zrank-$round" "$BASE" zrank.lua
    run "bo-bare-zrank-$round" "$BASE" zrank.lua /bench/bare/zrank/
    run "sections-$round" "$BASE" sections.lua "$OUT/tokens-sections.txt" "$schedule"
  done
  echo "box office: a sell-out of $SELLOUT_SEATS seats ($SELLOUT_CONCURRENCY buyers at a time, after a warm-up sale of $SELLOUT_WARMUP)..."
  java -Xmx512m -cp "$CP" io.waitingroom.bench.SellOut "$BASE" "$ADMIN" "$SELLOUT_SEATS" "$SELLOUT_CONCURRENCY" \
    "$SELLOUT_WARMUP" "$OUT/sellout.json" | tee "$OUT/sellout.txt" || echo "the sell-out's checks FAILED" >&2
  echo "box office done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
}
if [ "$ONLY" = boxoffice ]; then
  boxoffice
  python3 "$BENCH/report.py" "$OUT" 0 "$ROUNDS" boxoffice
  exit 0
fi

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
if [ "$ONLY" = cold ]; then
  python3 "$BENCH/report.py" "$OUT" 0 "$ROUNDS" cold
  exit 0
fi

boxoffice
run poll-1k "$BASE" poll.lua "$OUT/tokens-1k.txt"
echo "filling $BIG waiting users (this takes a while)..."
fill 3 "$BIG" 1000 "$OUT/tokens-big.txt"
run poll-big "$BASE" poll.lua "$OUT/tokens-big.txt"
curl -sf -XPOST "$BASE/bench/tick?users=10000" -o "$OUT/tick.json"

python3 "$BENCH/report.py" "$OUT" "$BIG" "$ROUNDS"
