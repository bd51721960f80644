#!/usr/bin/env bash
# How many polls one Redis node answers for one line: a million waiters in the poll script's key
# layout (one hash tag, as one concert is), then redis-benchmark runs the real poll_position.lua
# for random waiters (the read-only path a poll at the hint takes), beside a bare GET and ZRANK,
# and Redis's own time per call from INFO commandstats. Uses a Redis given by REDIS_PORT (6379),
# under keys cap:{9}:* that it deletes afterwards; docs/performance.md "Capacity".
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${REDIS_PORT:-6379}"
N="${CAPACITY_WAITERS:-1000000}"
CLI=(redis-cli -p "$PORT")
trap '"${CLI[@]}" DEL "cap:{9}:waiting" "cap:{9}:seen" "cap:{9}:tokens" >/dev/null' EXIT

# Members are named as redis-benchmark's __rand_int__ writes them (12 digits); "seen" marks far in
# the future keep every poll on the read-only path.
python3 - "$N" <<'PY' | "${CLI[@]}" --pipe >/dev/null
import sys
out = sys.stdout
def cmd(*args):
    out.write("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(str(a)), a) for a in args))
for i in range(int(sys.argv[1])):
    u = "%012d" % i
    cmd("ZADD", "cap:{9}:waiting", i, u)
    cmd("ZADD", "cap:{9}:seen", 9_000_000_000_000, u)
    cmd("HSET", "cap:{9}:tokens", u, "t")
PY
# As the service sends it: the shared prelude in front (LuaScripts.Script.load).
SHA=$("${CLI[@]}" SCRIPT LOAD "$(cat redis/lib/prelude.lua redis/poll_position.lua)")
"${CLI[@]}" CONFIG RESETSTAT >/dev/null
bench() { redis-benchmark -p "$PORT" -n 300000 -c 50 -r "$N" -q "$@" 2>/dev/null | tr '\r' '\n' | grep 'requests per second' | tail -1; }
echo "waiters: $N, 50 connections, one request at a time each (no pipelining)"
echo "GET                  : $(bench -t get | sed 's/.*: //')"
echo "ZRANK                : $(bench ZRANK 'cap:{9}:waiting' __rand_int__ | sed 's/.*: //')"
echo "poll_position.lua    : $(bench EVALSHA "$SHA" 5 'cap:{9}:waiting' 'cap:{9}:seen' 'cap:{9}:tokens' 'cap:{9}:active' \
  'cap:{9}:pass:x' __rand_int__ t 9000000000000 7500 | sed 's/.*: //')"
echo "Redis's own time per call:"
"${CLI[@]}" INFO commandstats | grep -E '^cmdstat_(get|zrank|evalsha):' | sed -E 's/^cmdstat_([a-z]+):.*usec_per_call=([0-9.]+).*/  \1 \2 us/'
