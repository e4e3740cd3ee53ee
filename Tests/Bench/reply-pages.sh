#!/usr/bin/env bash
# Which pages a reply to a returning visitor reads from a cold page cache, by B-tree: runs
# `jivocrm-bench reply-latency --cold` (3,000 returning visitors, each a lead chosen at random
# among 1,000,000, as `make bench` measures the reply) under strace, takes the store file's
# page reads from the moment the store is opened, and names each page's table or index, leaf
# or interior, with SQLite's dbstat table. Prints the pages SQLite asked the kernel for per
# reply, by B-tree, most first, and how many the kernel read from the disk. The reply's cold
# latency follows from these: each a random read from the disk, one after the other.
# Environment: BENCH_DIR (scratch, kept when given: a seed1m.sqlite there, as `make bench`
# leaves it in its own BENCH_DIR, is used instead of seeding one), REPLY_PAGES_EVENTS (3000),
# REPLY_PAGES_SEED (an odd number, 7: each seed draws its own leads and events).
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${REPLY_PAGES_EVENTS:-3000}
SEED=${REPLY_PAGES_SEED:-7}
SCRATCH=${BENCH_DIR:-}
if [ -z "$SCRATCH" ]; then
  SCRATCH=$(mktemp -d /tmp/jivocrm-pages.XXXXXX)
  trap 'rm -rf "$SCRATCH"' EXIT
fi

command -v strace >/dev/null || ./.ci/deps strace
command -v sqlite3 >/dev/null || ./.ci/deps sqlite3
swift build -c release --product jivocrm-bench >&2
BIN=$(swift build -c release --show-bin-path)
STORE="$SCRATCH/seed1m.sqlite"
if [ ! -f "$STORE" ]; then
  echo "seeding 1,000,000 leads, each with a chat and 10 transcript messages (as make bench does)" >&2
  "$BIN/jivocrm-bench" seed --db "$STORE" --leads 1000000 --chat-leads 1000000 --messages-per-lead 10 \
    --long-transcript 2000 >/dev/null
fi
STORE=$(realpath "$STORE")
page_size=$(sqlite3 "$STORE" "PRAGMA page_size")

# Events of their own for each seed (offset by the seed), so a run never meets its own
# deliveries again, whatever ran on the store before.
strace -f -e trace=openat,pread64 -o "$SCRATCH/reply.strace" \
  "$BIN/jivocrm-bench" reply-latency --db "$STORE" --events "$EVENTS" --offset $((SEED * 1000000)) \
  --seed "$SEED" --cold >"$SCRATCH/reply.out"

# The store file's descriptor is the one its last read-write open returned (the page cache
# eviction opens it read-only first); its reads of a whole page from then on are the replies'.
awk -v path="\"$STORE\"" -v size="$page_size" '
  $0 ~ "openat\\(AT_FDCWD, " path ", O_RDWR" { fd = $NF; reads = 0; delete page; next }
  fd != "" && index($0, "pread64(" fd ",") {
    n = split($0, f, ", "); length_ = f[n - 1]; sub(/\).*/, "", f[n])
    if (length_ == size) page[++reads] = int(f[n] / size) + 1
  }
  END { for (i = 1; i <= reads; i++) print page[i] }' "$SCRATCH/reply.strace" >"$SCRATCH/pages.txt"

sqlite3 -separator ' ' "$STORE" "SELECT pageno, name, pagetype FROM dbstat" >"$SCRATCH/pagemap.txt"
echo "pages of the store file read per reply (from the kernel), by B-tree; those under 0.005 left out:"
awk -v events="$EVENTS" '
  NR == FNR { tree[$1] = $2 " (" $3 ")"; next }
  { name = ($1 in tree) ? tree[$1] : "freed or new since"; count[name]++; total++ }
  END {
    for (name in count) if (count[name] / events >= 0.005) printf "%8.3f  %s\n", count[name] / events, name | "sort -rn"
    close("sort -rn")
    printf "%8.3f  in all\n", total / events
  }' "$SCRATCH/pagemap.txt" "$SCRATCH/pages.txt"
# The times under strace are not the reply's; the disk's share is (the kernel counts it).
awk '$1 == "reply_disk_pages" { printf "%8.3f  of all the reads, pages the kernel read from the disk (read-ahead included)\n", $2 }' \
  "$SCRATCH/reply.out"
