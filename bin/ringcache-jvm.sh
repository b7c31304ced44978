# The JVM flags of a ringcache node, sized from its -m. Sourced by bin/ringcache-node.
# shellcheck shell=bash
#
# -m keeps memcached's meaning: megabytes of item memory. The store counts each item as the heap it
# really takes (key, value, header and the cache's own per-item objects), so -m bounds the items'
# heap; the JVM adds its own memory on top, and these flags keep that bounded and small:
#   - heap at most 1.5 x -m + 128 MB: the items, the node's own live data (connections, cluster
#     state, tombstones: tens of MB) and room for the collector to copy and reclaim while it runs
#     (with a quarter of -m as room a busy machine ran G1 out of it, into full collections).
#   - direct memory at most max(128 MB, -m / 4): only socket buffers live there, bounded per
#     connection; Netty allocates it without the JDK's cleaner (the two flags), so an allocation past
#     the limit fails at once instead of sleeping on the event loop in the JDK's retry loop.
#   - G1: it collects the old generation incrementally (mixed collections), so a cache that evicts
#     all the time needs no stop-the-world full collection; Parallel and Serial, at the same heap,
#     paused for seconds to compact it (bench/README.md, "JVM set-up").
#   - a young generation of 32 MB: cache items outlive any young collection, so a larger one only
#     adds memory that every cycle touches, not fewer copies.
#   - the heap starts at 64 MB and grows only as the data does: GCTimeRatio 1 lets G1 spend up to
#     half its time collecting before it grows the heap for speed (the default, 8 %, grew it to 3x
#     the live data while a million items arrived); after each concurrent cycle it gives back what
#     is over 20 % free (MaxHeapFreeRatio), and every 60 s when the node idles (G1PeriodicGCInterval).
#   - transparent huge pages for the heap, where the kernel offers them (THP "always" or "madvise"):
#     a lookup follows four objects scattered over the heap (map node, holder, item, cache node),
#     and with 4 KB pages each of them is also a TLB miss, a page walk that a virtual machine makes
#     twice as long. With 2 MB pages the node spent 3-10 % less CPU per binary get at pipeline 1 and
#     12-17 % less at pipeline 16 (bench/README.md, "Binary protocol"); the price is resident memory
#     in 2 MB steps (a heap region touched at all is resident whole).
#   - Netty's buffer leak detector off: at its default level it draws a random number for every
#     buffer and records a stack trace for one in 128, about 1 % of the node's CPU at pipeline 1
#     (bench/README.md); the tests run with it at its strictest (paranoid, every buffer tracked).
# RINGCACHE_JAVA_OPTS, when set, replaces the collector flags (the last line below); the memory
# limits stay, and a -Xmx or -XX:MaxDirectMemorySize in it wins (it comes later).

# ringcache_item_mb NODE_FLAGS...: the node's -m / --memory-limit (memcached's default 64). A value
# that is not a number is left to the node itself to refuse.
ringcache_item_mb() {
  local mb=64
  while [ $# -gt 0 ]; do
    case "$1" in
      -m|--memory-limit) [ $# -gt 1 ] && mb=$2 && shift ;;
      --memory-limit=*) mb=${1#*=} ;;
      -m[0-9]*) mb=${1#-m} ;;
    esac
    shift
  done
  case "$mb" in ''|*[!0-9]*) mb=64 ;; esac
  echo "$mb"
}

# ringcache_heap_mb ITEM_MB: the heap's upper bound in megabytes
ringcache_heap_mb() {
  echo $(( $1 * 3 / 2 + 128 ))
}

# ringcache_direct_mb ITEM_MB: the direct memory's upper bound in megabytes
ringcache_direct_mb() {
  echo $(( $1 / 4 > 128 ? $1 / 4 : 128 ))
}

# ringcache_huge_pages: the JVM flag for transparent huge pages when this kernel offers them, else nothing
ringcache_huge_pages() {
  local thp=/sys/kernel/mm/transparent_hugepage/enabled
  if [ -r "$thp" ] && grep -q '\[\(always\|madvise\)\]' "$thp"; then
    echo "-XX:+UseTransparentHugePages"
  fi
}

# ringcache_jvm_options ITEM_MB: every flag, one line
ringcache_jvm_options() {
  local item_mb=$1
  echo "-Xmx$(ringcache_heap_mb "$item_mb")m -XX:MaxDirectMemorySize=$(ringcache_direct_mb "$item_mb")m $(ringcache_huge_pages)" \
    "-Dio.netty.tryReflectionSetAccessible=true --add-opens java.base/java.nio=ALL-UNNAMED -Dio.netty.leakDetection.level=disabled" \
    "${RINGCACHE_JAVA_OPTS:--XX:+UseG1GC -Xms64m -Xmn32m -XX:GCTimeRatio=1 -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -XX:G1PeriodicGCInterval=60000 -Xss512k}"
}
