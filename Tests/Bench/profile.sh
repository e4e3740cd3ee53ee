#!/usr/bin/env bash
# `make profile`: where a chat_accepted's work goes, in instructions, which (unlike times) repeat
# on a noisy machine. Runs `jivocrm serve` on 100,000 seeded leads under valgrind's callgrind
# (one profile per thread) while wrk posts chat_accepted webhooks (70% returning visitors) for
# PROFILE_SECONDS (default 20), then prints each thread's instructions per request and the
# writer's and HTTP thread's largest parts. Environment: PROFILE_CONNECTIONS (default 32),
# BENCH_DIR (scratch).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${PROFILE_SECONDS:-20}
CONNECTIONS=${PROFILE_CONNECTIONS:-32}
# A scratch directory made here is removed at the end (the stores in it take gigabytes).
SCRATCH=${BENCH_DIR:-}
if [ -z "$SCRATCH" ]; then
  SCRATCH=$(mktemp -d /tmp/jivocrm-profile.XXXXXX)
  REMOVE_SCRATCH=1
fi

command -v wrk >/dev/null || ./.ci/deps wrk
command -v valgrind >/dev/null || ./.ci/deps valgrind
swift build -c release --product jivocrm >&2
swift build -c release --product jivocrm-bench >&2
BIN=$(swift build -c release --show-bin-path)
SERVE_PID=
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; fi
  if [ -n "${REMOVE_SCRATCH:-}" ]; then rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT

"$BIN/jivocrm-bench" seed --db "$SCRATCH/store.sqlite" --leads 100000 >/dev/null
valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$SCRATCH/callgrind.out" \
  "$BIN/jivocrm" serve --db "$SCRATCH/store.sqlite" --listen 127.0.0.1:0 2>"$SCRATCH/serve.log" >/dev/null &
SERVE_PID=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$SCRATCH/serve.log" && break; sleep 0.3; done
URL=$(grep -o 'http://[^ ]*' "$SCRATCH/serve.log" | head -1)
[ -n "$URL" ] || { cat "$SCRATCH/serve.log" >&2; exit 1; }
wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" -s Tests/Bench/chat_accepted.lua "$URL" -- 100000 >"$SCRATCH/wrk.out"
kill -INT "$SERVE_PID"
wait "$SERVE_PID" || true
SERVE_PID=
REQUESTS=$(sqlite3 "$SCRATCH/store.sqlite" "SELECT count(*) FROM events")

# Prints the inclusive instructions per request of the functions whose names match $2 in the
# callgrind file $1, largest first, each once (callgrind lists a function once per source file
# that was inlined into it; the first line is its whole cost).
parts() {
  callgrind_annotate --inclusive=yes "$1" 2>/dev/null | grep -E "$2" | sed 's/,//g' |
    awk '{ name = ""; for (i = 2; i <= NF; i++) if ($i ~ /:/) { name = $i; break }
      sub(/^.*:/, "", name); sub(/ .*/, "", name); print $1, name }' |
    while read -r count symbol; do
      case "$symbol" in
        "" | *"'"*) ;;
        '$s'*) echo "$count $(swift demangle --simplified --compact "$symbol" | sed 's/^specialized //')" ;;
        *) echo "$count $symbol" ;;
      esac
    done |
    awk -v n="$REQUESTS" '!seen[$0 ~ / / ? substr($0, index($0, " ") + 1) : $0]++ {
      printf "  %8.1fk  %s\n", $1 / n / 1000, substr($0, index($0, " ") + 1) }' | head -"${3:-12}"
}

echo "$REQUESTS chat_accepted requests at $CONNECTIONS connections under callgrind; instructions per request:"
for file in "$SCRATCH"/callgrind.out-*; do
  total=$(callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1 }')
  if grep -q 'IngestWriterC3run' "$file"; then name="writer (SQL)"
  elif grep -q 'IngestWriterC9runSyncer' "$file"; then name="sync (fdatasync, answers)"
  elif grep -q 'EventLoopC3run' "$file"; then name="HTTP (parse, decode, hash, reply)"
  else name="main"; fi
  awk -v t="$total" -v n="$REQUESTS" -v name="$name" 'BEGIN { printf "%10.1fk  %s\n", t / n / 1000, name }'
  case "$name" in
    writer*) parts "$file" 'StoreC6ingest_|matchOrCreate|applyVisitor|StoreC4leady|flushSearchBacklog|recordChat|rememberKeys|matchLead|createLead|StoreC5reply|sqlite3_exec|sqlite3WalFrames' ;;
    HTTP*) parts "$file" 'IncomingEventV4body|WebhookEventV6decode|IntegralNumbersAsStrings|StoreC6sha256|ReplyComposerV5reply|HTTPRequestParserV4next' ;;
  esac
done
