#!/usr/bin/env bash
# Resident memory per item: loads N items (default 1,000,000, 100-byte values, keys "key:%010d")
# into memcached and into a ringcache node, each started fresh with room for all of them, and
# reports (RSS after - RSS before) / N for each, and the ratio.
#
#   bench/memory.sh [--items 1000000] [--value 100] [--megabytes 1024]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ITEMS=1000000 VALUE=100 MEGABYTES=1024
OUT="$REPO/bench-results/memory-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --items) ITEMS=$2; shift 2 ;;
    --value) VALUE=$2; shift 2 ;;
    --megabytes) MEGABYTES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
need_command memcached memcached
build_if_missing
mkdir -p "$OUT"
trap stop_all EXIT INT TERM
declare -A PER_ITEM
for target in memcached ringcache; do
  port=$(free_port)
  if [ "$target" = memcached ]; then start_memcached "$port" 2 "$MEGABYTES"; else start_ringcache "$port" 2 "$MEGABYTES"; fi
  pid=$LAST_PID
  before=$(rss_kb "$pid")
  # every key set exactly once (the prefill), then a second of gets so the run is valid
  "$BENCH" load -s "127.0.0.1:$port" -c 8 -P 16 -k "$ITEMS" --prefill -v "$VALUE" -r 0:1 -d 1 --warmup 0 \
    --target "$target" --workload "memory" -q -o "$OUT/$target" >"$OUT/$target.log" 2>&1 || die "load failed: $OUT/$target.log"
  items=$( (exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'stats\r\nquit\r\n' >&3; cat <&3) | tr -d '\r' | awk '$2=="curr_items"{print $3}')
  after=$(rss_kb "$pid")
  PER_ITEM[$target]=$(( (after - before) * 1024 / ITEMS ))
  log "$target: $items items held, RSS $before kB -> $after kB, $(( (after - before) * 1024 / ITEMS )) bytes per item"
  if [ "$target" = ringcache ] && command -v jcmd >/dev/null; then
    # what the items themselves take: the live heap after a full collection (RSS also holds garbage and headroom)
    jcmd "$pid" GC.run >/dev/null 2>&1 || true
    used=$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | awk '{sum += $2} END {print sum + 0}')
    log "ringcache: live heap after a full GC ${used} kB, $(( used * 1024 / ITEMS )) bytes per item"
  fi
  stop_all
done
python3 -c "print('memory per item: memcached ${PER_ITEM[memcached]} B, ringcache ${PER_ITEM[ringcache]} B, ratio %.2fx' % (${PER_ITEM[ringcache]} / ${PER_ITEM[memcached]}))"
