# Shared by compare.sh, hitratio.sh and memory.sh: find the tools, start servers on free
# 127.0.0.1 ports, and stop everything we started when the script ends (trap in each script).
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$REPO/bench/bin/ringcache-bench"
RINGCACHE_NODE="${RINGCACHE_NODE:-$REPO/bin/ringcache-node}"
STARTED_PIDS=()
LAST_PID=""

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# need_command COMMAND DEBIAN_PACKAGE: install from Debian's packages when missing
need_command() {
  command -v "$1" >/dev/null 2>&1 && return 0
  log "$1 is missing; installing Debian package $2"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" >/dev/null || die "cannot install $2"
  command -v "$1" >/dev/null 2>&1 || die "$1 still missing after installing $2"
}

build_if_missing() {
  local node_jar="$REPO/node/target/ringcache-node.jar"
  [ "$RINGCACHE_NODE" != "$REPO/bin/ringcache-node" ] && node_jar="$REPO/bench/target/ringcache-bench.jar"
  if [ ! -f "$REPO/bench/target/ringcache-bench.jar" ] || [ ! -f "$node_jar" ]; then
    log "building the load generator and the node (mvn package, tests skipped)"
    (cd "$REPO" && mvn -B -q -pl bench,node -am package -DskipTests) || die "build failed"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! port_open "$p"; then echo "$p"; return 0; fi
  done
  die "no free port found"
}

wait_port() {
  local port=$1 pid=$2
  for _ in $(seq 1 300); do
    port_open "$port" && return 0
    kill -0 "$pid" 2>/dev/null || die "process $pid exited before listening on $port"
    sleep 0.1
  done
  die "nothing listening on 127.0.0.1:$port after 30 s"
}

# memcached refuses to run as root unless told which user to be
memcached_user_flag() { [ "$(id -u)" -eq 0 ] && echo "-u root" || true; }

# start_memcached PORT THREADS MEGABYTES [extra flags]; sets LAST_PID
start_memcached() {
  local port=$1 threads=$2 mb=$3; shift 3
  # shellcheck disable=SC2046
  memcached $(memcached_user_flag) -U 0 -l 127.0.0.1 -p "$port" -t "$threads" -m "$mb" "$@" &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
  wait_port "$port" "$LAST_PID"
}

# start_ringcache PORT THREADS MEGABYTES [extra node flags]; sets LAST_PID (the JVM's pid: the launcher execs java)
start_ringcache() {
  local port=$1 threads=$2 mb=$3; shift 3
  [ -x "$RINGCACHE_NODE" ] || die "$RINGCACHE_NODE is not executable"
  "$RINGCACHE_NODE" -l 127.0.0.1 -p "$port" -t "$threads" -m "$mb" "$@" >"$OUT/ringcache-$port.log" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
  wait_port "$port" "$LAST_PID"
}

# start_scraper URL SECONDS: fetches URL every SECONDS in the background, as Prometheus would; sets LAST_PID
start_scraper() {
  local url=$1 every=$2
  ( while :; do curl -s -o /dev/null "$url" || true; sleep "$every"; done ) &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

# make_tls_files DIR: a throw-away CA and a certificate for 127.0.0.1 it signs (EC P-256, one day),
# readable by memcached's user; sets TLS_CA, TLS_CHAIN, TLS_KEY
make_tls_files() {
  local dir=$1
  mkdir -p "$dir"
  need_command openssl openssl
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/ca.key" \
    -out "$dir/ca.crt" -days 1 -subj "/CN=ringcache bench CA" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/node.key" \
    -out "$dir/node.csr" -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/node.ext"
  openssl x509 -req -in "$dir/node.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -out "$dir/node.crt" -days 1 -extfile "$dir/node.ext" 2>/dev/null
  chmod 644 "$dir"/*
  TLS_CA="$dir/ca.crt" TLS_CHAIN="$dir/node.crt" TLS_KEY="$dir/node.key"
}

# start_twemproxy PORT BACKEND_PORT...; ketama with md5, as most twemproxy deployments; sets LAST_PID
start_twemproxy() {
  local port=$1; shift
  local conf="$OUT/twemproxy-$port.yml"
  {
    echo "ringcache_bench:"
    echo "  listen: 127.0.0.1:$port"
    echo "  hash: md5"
    echo "  distribution: ketama"
    echo "  timeout: 2000"
    echo "  preconnect: true"
    echo "  auto_eject_hosts: false"
    echo "  server_connections: 1"
    echo "  servers:"
    for backend in "$@"; do echo "   - 127.0.0.1:$backend:1"; done
  } >"$conf"
  nutcracker -t -c "$conf" >/dev/null 2>&1 || die "nutcracker rejects $conf"
  nutcracker -c "$conf" -s "$(free_port)" -a 127.0.0.1 -o "$OUT/twemproxy-$port.log" &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
  wait_port "$port" "$LAST_PID"
}

stop_all() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

describe_machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "memcached: $(memcached -V 2>&1)"
  command -v nutcracker >/dev/null && echo "twemproxy: $(nutcracker -V 2>&1 | head -1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "note: generator and servers share these CPUs; see gen cpu % and srv cpu % in the tables"
}

# stat_of PORT NAME: one value from a server's stats (empty when the server does not answer)
stat_of() {
  { exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'stats\r\nquit\r\n' >&3 && timeout 2 cat <&3; } 2>/dev/null \
    | tr -d '\r' | awk -v n="$2" '$1 == "STAT" && $2 == n {print $3}'
}

# start_ringcache_member ID THREADS MEGABYTES SEED|"" [extra node flags]: one cluster member on free
# ports (gossip preset $RINGCACHE_PRESET, default local), joining SEED (a gossip host:port) unless empty; sets LAST_PID,
# LAST_PORT (client port) and LAST_GOSSIP. The members of one run share a generated cluster secret ($OUT/cluster.secret).
start_ringcache_member() {
  local id=$1 threads=$2 mb=$3 seed=$4; shift 4
  local seeds_flag=()
  [ -n "$seed" ] && seeds_flag=(--seeds "$seed")
  [ -x "$RINGCACHE_NODE" ] || die "$RINGCACHE_NODE is not executable"
  if [ ! -s "$OUT/cluster.secret" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$OUT/cluster.secret")
  fi
  LAST_PORT=$(free_port); LAST_GOSSIP=$(free_port)
  "$RINGCACHE_NODE" -l 127.0.0.1 -p "$LAST_PORT" -t "$threads" -m "$mb" --node-id "$id" \
    --gossip-port "$LAST_GOSSIP" --peer-port "$(free_port)" --cluster-secret-file "$OUT/cluster.secret" \
    --preset "${RINGCACHE_PRESET:-local}" "${seeds_flag[@]}" "$@" >"$OUT/ringcache-$id.log" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
  wait_port "$LAST_PORT" "$LAST_PID"
}

# await_cluster N PORT...: every given node sees N members and N-1 connected peers (30 s at most)
await_cluster() {
  local n=$1 port ready; shift
  for _ in $(seq 1 300); do
    ready=0
    for port in "$@"; do
      [ "$(stat_of "$port" cluster_members)" = "$n" ] && [ "$(stat_of "$port" cluster_peers_connected)" = "$((n - 1))" ] \
        && ready=$((ready + 1))
    done
    [ "$ready" -eq "$#" ] && return 0
    sleep 0.1
  done
  die "the $n-node cluster did not form within 30 s (logs in $OUT)"
}

# start_ringcache_cluster N THREADS MEGABYTES [extra node flags]: N cluster members, formed; sets
# CLUSTER_PORTS (client ports), CLUSTER_PIDS (comma-separated) and CLUSTER_SEED (gossip host:port)
start_ringcache_cluster() {
  local n=$1 threads=$2 mb=$3; shift 3
  local pids=() i
  CLUSTER_PORTS=() CLUSTER_SEED=""
  for i in $(seq 1 "$n"); do
    start_ringcache_member "n$i" "$threads" "$mb" "$CLUSTER_SEED" "$@"
    pids+=("$LAST_PID"); CLUSTER_PORTS+=("$LAST_PORT")
    [ -z "$CLUSTER_SEED" ] && CLUSTER_SEED="127.0.0.1:$LAST_GOSSIP"
  done
  await_cluster "$n" "${CLUSTER_PORTS[@]}"
  CLUSTER_PIDS=$(IFS=,; echo "${pids[*]}")
}
