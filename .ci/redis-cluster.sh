#!/usr/bin/env bash
# Starts (up) or stops (down) a throw-away 3-master Redis Cluster on loopback ports 7101-7103.
set -euo pipefail
PORTS=(7101 7102 7103)
DIR="${WR_CLUSTER_DIR:-/tmp/wr-redis-cluster}"

up() {
  down >/dev/null 2>&1 || true
  rm -rf "$DIR"
  for port in "${PORTS[@]}"; do
    mkdir -p "$DIR/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file "$DIR/$port/nodes.conf" --dir "$DIR/$port" \
      --save "" --appendonly no --daemonize yes --logfile "$DIR/$port/redis.log"
  done
  for port in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
  for _ in $(seq 1 100); do
    if redis-cli -p "${PORTS[0]}" cluster info | grep -q 'cluster_state:ok'; then
      echo "Redis Cluster up on ports ${PORTS[*]}"
      return 0
    fi
    sleep 0.2
  done
  echo "Redis Cluster did not become ready" >&2
  return 1
}

down() {
  for port in "${PORTS[@]}"; do
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
}

"${1:-up}"
