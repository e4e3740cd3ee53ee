#!/usr/bin/env bash
# The writer thread's instructions per chat_accepted, exactly and without a server: runs
# `jivocrm-bench storage` on a 100,000-lead seed under valgrind's callgrind, counting only inside
# the writer's transactions (Database.write: matching, the event's effects, the search rows'
# flush, the commit) less the body's decoding and hashing (IncomingEvent(body:), which `serve`
# does on the HTTP thread). Returning visitors and new ones are measured apart, each on a fresh
# copy of the seed. Environment: WRITER_EVENTS (default 2000), WRITER_BATCH (events per
# transaction, default 32, as the listener's writer batches them at 32 connections), BENCH_DIR
# (scratch, kept when given). Prints instructions per event and, with WRITER_PARTS=1, the
# largest inclusive parts.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${WRITER_EVENTS:-2000}
BATCH=${WRITER_BATCH:-32}
SCRATCH=${BENCH_DIR:-}
if [ -z "$SCRATCH" ]; then
  SCRATCH=$(mktemp -d /tmp/jivocrm-writer.XXXXXX)
  trap 'rm -rf "$SCRATCH"' EXIT
fi

command -v valgrind >/dev/null || ./.ci/deps valgrind
swift build -c release --product jivocrm-bench >&2
BIN=$(swift build -c release --show-bin-path)
rm -f "$SCRATCH"/seed.sqlite*
"$BIN/jivocrm-bench" seed --db "$SCRATCH/seed.sqlite" --leads 100000 >/dev/null

for share in 1 0; do
  phase=$([ "$share" = 1 ] && echo returning || echo new)
  rm -f "$SCRATCH"/store.sqlite*
  cp "$SCRATCH/seed.sqlite" "$SCRATCH/store.sqlite"
  valgrind --tool=callgrind --callgrind-out-file="$SCRATCH/writer.$phase.out" --collect-atstart=no \
    --toggle-collect='*8DatabaseC5write*' --toggle-collect='*13IncomingEventV4body15contentEncoding*' \
    "$BIN/jivocrm-bench" storage --db "$SCRATCH/store.sqlite" --events "$EVENTS" --batch "$BATCH" \
    --returning-share "$share" >/dev/null 2>&1
  total=$(callgrind_annotate "$SCRATCH/writer.$phase.out" 2>/dev/null |
    awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1 }')
  awk -v t="$total" -v n="$EVENTS" -v p="$phase" -v b="$BATCH" \
    'BEGIN { printf "writer, %s visitors: %.1fk instructions per chat_accepted (%d events, %d a transaction)\n", p, t / n / 1000, n, b }'
  if [ -n "${WRITER_PARTS:-}" ]; then
    callgrind_annotate --auto=no --inclusive=yes "$SCRATCH/writer.$phase.out" 2>/dev/null |
      grep -E 'CRMStore|sqlite3_exec|sqlite3WalFrames|sqlite3VdbeHalt' | sed 's/,//g' |
      awk -v n="$EVENTS" '{ name = $NF; for (i = 2; i <= NF; i++) if ($i ~ /:/) { name = $i; break }
        sub(/^.*:/, "", name); if (!seen[name]++ && ++shown <= 25) printf "  %8.1fk  %s\n", $1 / n / 1000, name }'
  fi
done
