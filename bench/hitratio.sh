#!/usr/bin/env bash
# Hit ratio at equal memory: memcached (LRU) and a ringcache node (W-TinyLFU), both -m 64, the same
# cache-aside workload (get; on a miss, set), Zipf 0.99 over a key space far larger than the memory,
# A B A B over several rounds; prints every run and the medians.
#
#   bench/hitratio.sh [--rounds 3] [--duration 20] [--keys 2000000] [--megabytes 64] [--zipf 0.99]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=3 DURATION=20 KEYS=2000000 MEGABYTES=64 ZIPF=0.99
OUT="$REPO/bench-results/hitratio-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --megabytes) MEGABYTES=$2; shift 2 ;;
    --zipf) ZIPF=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
need_command memcached memcached
build_if_missing
mkdir -p "$OUT"
trap stop_all EXIT INT TERM
for round in $(seq 1 "$ROUNDS"); do
  for target in memcached ringcache; do
    port=$(free_port)
    # a fresh, empty server for every run: both start cold and fill under the same workload
    if [ "$target" = memcached ]; then start_memcached "$port" 2 "$MEGABYTES"; else start_ringcache "$port" 2 "$MEGABYTES"; fi
    dir="$OUT/$target/round-$round"; mkdir -p "$dir"
    "$BENCH" load -s "127.0.0.1:$port" -c 20 -P 4 -k "$KEYS" --distribution zipf --zipf "$ZIPF" -v 100 -r 0:1 \
      --set-on-miss -d "$DURATION" --warmup 10 --target "$target" --workload "zipf$ZIPF-m$MEGABYTES" -q -o "$dir" >"$dir/run.log" 2>&1 \
      || die "run failed: $dir/run.log"
    hit=$(python3 -c "import json,sys; print(round(100*json.load(open('$dir/summary.json'))['hitRatio'],2))")
    echo "$hit" >"$dir/hit"
    log "round $round $target: hit ratio $hit %"
    stop_all
  done
done
python3 - "$OUT" <<'PY'
import glob, statistics, sys
out = sys.argv[1]
med = {t: statistics.median(float(open(f).read()) for f in glob.glob(f"{out}/{t}/round-*/hit")) for t in ("memcached", "ringcache")}
print(f"hit ratio, medians: memcached {med['memcached']:.2f} %, ringcache {med['ringcache']:.2f} %, "
      f"difference {med['ringcache'] - med['memcached']:+.2f} points")
PY
