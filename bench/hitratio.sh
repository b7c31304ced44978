#!/usr/bin/env bash
# Hit ratio at equal memory: memcached 1.6 (segmented LRU, default flags) and a ringcache node
# (W-TinyLFU), both -m 64, the same cache-aside workload (get; on a miss, set the key), over key
# spaces far larger than the memory. Every run starts both servers fresh; A B A B over the rounds;
# prints every run and the medians per trace, and writes hitratio.md into the output directory.
#
#   bench/hitratio.sh [--rounds 3] [--duration 20] [--warmup 10] [--megabytes 64] [--traces "zipf0.99 loop"]
#
# Traces (--traces, default all):
#   zipf0.8, zipf0.99, zipf1.2  Zipf with that exponent over 2,000,000 keys, 100-byte values
#   loop     a loop over 1,000,000 keys (half of the requests, each key once per pass, more than
#            fits) mixed with Zipf 0.99 over another 1,000,000 keys, 100-byte values: scan resistance
#   1k       Zipf 0.99 over 2,000,000 keys, 1024-byte values
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=3 DURATION=20 WARMUP=10 MEGABYTES=64 TRACES="zipf0.8 zipf0.99 zipf1.2 loop 1k"
OUT="$REPO/bench-results/hitratio-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --megabytes) MEGABYTES=$2; shift 2 ;;
    --traces) TRACES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

# trace_flags TRACE: the load generator's key and value flags for one trace
trace_flags() {
  case "$1" in
    zipf*) echo "-k 2000000 --distribution zipf --zipf ${1#zipf} -v 100" ;;
    loop) echo "-k 2000000 --distribution loop --loop-keys 1000000 --loop-share 0.5 --zipf 0.99 -v 100" ;;
    1k) echo "-k 2000000 --distribution zipf --zipf 0.99 -v 1024" ;;
    *) die "unknown trace $1 (zipf<exponent>, loop or 1k)" ;;
  esac
}
for trace in $TRACES; do trace_flags "$trace" >/dev/null; done

need_command memcached memcached
build_if_missing
mkdir -p "$OUT"
describe_machine >"$OUT/machine.txt"
trap stop_all EXIT INT TERM
for round in $(seq 1 "$ROUNDS"); do
  for trace in $TRACES; do
    for target in memcached ringcache; do
      port=$(free_port)
      # a fresh, empty server for every run: both start cold and fill under the same workload
      if [ "$target" = memcached ]; then start_memcached "$port" 2 "$MEGABYTES"; else start_ringcache "$port" 2 "$MEGABYTES"; fi
      dir="$OUT/$trace/$target/round-$round"; mkdir -p "$dir"
      # shellcheck disable=SC2046
      "$BENCH" load -s "127.0.0.1:$port" -c 20 -P 4 $(trace_flags "$trace") -r 0:1 \
        --set-on-miss -d "$DURATION" --warmup "$WARMUP" --target "$target" --workload "$trace-m$MEGABYTES" -q -o "$dir" \
        >"$dir/run.log" 2>&1 || die "run failed: $dir/run.log"
      hit=$(python3 -c "import json; print(round(100*json.load(open('$dir/summary.json'))['hitRatio'],2))")
      echo "$hit" >"$dir/hit"
      stat_of "$port" curr_items >"$dir/items"
      log "round $round $trace $target: hit ratio $hit %, $(cat "$dir/items") items held"
      stop_all
    done
  done
done
python3 - "$OUT" "$MEGABYTES" $TRACES <<'PY'
import glob, statistics, sys
out, mb, traces = sys.argv[1], sys.argv[2], sys.argv[3:]
def med(trace, target, name):
    vals = [float(open(f).read() or 0) for f in sorted(glob.glob(f"{out}/{trace}/{target}/round-*/{name}"))]
    return statistics.median(vals), vals
lines = [f"Hit ratio at -m {mb}, cache-aside, medians of the rounds (each run's figure in brackets)", "",
         "| trace | memcached | ringcache | difference | items held, memcached / ringcache |", "|---|---|---|---|---|"]
for t in traces:
    (m, mv), (r, rv) = med(t, "memcached", "hit"), med(t, "ringcache", "hit")
    (mi, _), (ri, _) = med(t, "memcached", "items"), med(t, "ringcache", "items")
    lines.append(f"| {t} | {m:.2f} % ({', '.join(f'{v:.2f}' for v in mv)}) | {r:.2f} % ({', '.join(f'{v:.2f}' for v in rv)}) "
                 f"| {r - m:+.2f} points | {mi:,.0f} / {ri:,.0f} |")
open(f"{out}/hitratio.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
