#!/usr/bin/env bash
# `make profile`: where a chat_accepted's work goes, in instructions, which (unlike times) repeat
# on a noisy machine. Runs `jivocrm serve` on 100,000 seeded leads under valgrind's callgrind
# (one profile per thread); wrk posts chat_accepted webhooks for PROFILE_WARMUP seconds (default
# 5, not counted: first-request costs), then PROFILE_SECONDS (default 20) of returning visitors
# only and as long of new visitors only, each phase dumped on its own. Prints each thread's
# instructions per request for returning and new visitors and for the bench's 70/30 mix, their
# total, and the writer's and HTTP thread's largest parts. Then the HTTP thread's decoding and
# hashing alone, exactly (`jivocrm-bench decode` under callgrind, no server). Environment:
# PROFILE_CONNECTIONS (default 32), BENCH_DIR (scratch, kept when given).
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

# The events stored so far, once requests still in flight have been written.
settled_events() {
  local last=-1 now
  now=$(sqlite3 "$SCRATCH/store.sqlite" "SELECT count(*) FROM events")
  while [ "$now" != "$last" ]; do
    last=$now
    sleep 1
    now=$(sqlite3 "$SCRATCH/store.sqlite" "SELECT count(*) FROM events")
  done
  echo "$now"
}
post() { # seconds, share of returning visitors
  wrk -t1 -c"$CONNECTIONS" -d"$1s" -s Tests/Bench/chat_accepted.lua "$URL" -- 100000 "$2" >>"$SCRATCH/wrk.out"
}
post "${PROFILE_WARMUP:-5}" 0.7
before=$(settled_events)
callgrind_control --zero "$SERVE_PID" >/dev/null
declare -A REQUESTS
for phase in returning new; do
  post "$SECONDS_TO_RUN" "$([ "$phase" = returning ] && echo 1 || echo 0)"
  after=$(settled_events)
  REQUESTS[$phase]=$((after - before))
  before=$after
  callgrind_control --dump="$phase" "$SERVE_PID" >/dev/null
done
kill -INT "$SERVE_PID"
wait "$SERVE_PID" || true
SERVE_PID=

# Prints the inclusive instructions per request ($2 requests) of the functions whose names match
# $3 in the callgrind file $1, largest first, each once (callgrind lists a function once per
# source file that was inlined into it; the first line is its whole cost).
parts() {
  callgrind_annotate --auto=no --inclusive=yes "$1" 2>/dev/null | grep -E "$3" | sed 's/,//g' |
    awk '{ name = ""; for (i = 2; i <= NF; i++) if ($i ~ /:/) { name = $i; break }
      sub(/^.*:/, "", name); sub(/ .*/, "", name); print $1, name }' |
    while read -r count symbol; do
      case "$symbol" in
        "" | *"'"*) ;;
        '$s'*) echo "$count $(swift demangle --simplified --compact "$symbol" | sed 's/^specialized //')" ;;
        *) echo "$count $symbol" ;;
      esac
    done |
    awk -v n="$2" '!seen[$0 ~ / / ? substr($0, index($0, " ") + 1) : $0]++ {
      printf "  %8.1fk  %s\n", $1 / n / 1000, substr($0, index($0, " ") + 1) }' | head -"${4:-12}"
}
total_of() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1 }'; }
thread_of() {
  if grep -q 'IngestWriterC3run' "$1"; then echo "writer (SQL)"
  elif grep -q 'IngestWriterC9runSyncer' "$1"; then echo "sync (fdatasync, answers)"
  elif grep -q 'IngestWriterC15runCheckpointer' "$1"; then echo "checkpoint (log into the database file)"
  elif grep -q 'EventLoopC3run' "$1"; then echo "HTTP (parse, decode, hash, reply)"
  else echo "other threads"; fi
}
WRITER_PARTS='StoreC6ingest_|matchOrCreate|applyVisitor|StoreC4leady|SearchIndexV5flush|recordChat|rememberKeys|matchLead|createLead|StoreC5reply|sqlite3_exec|sqlite3WalFrames'
HTTP_PARTS='IncomingEventV|WebhookEventV[0-9]+decode|WebhookEventV6object|IntegralNumbersAsStrings|CryptoO6sha256|JSONParserO[0-9]+parse|ReplyComposerV5reply|IngestResultV5reply|IngestResultV10replyBytes|ChatReplyV15serializedBytes|JSONValueO15serializedBytes|HTTPRequestParserV4next'

echo "instructions per chat_accepted after a ${PROFILE_WARMUP:-5} s warm-up, at $CONNECTIONS connections under callgrind:"
echo "${REQUESTS[returning]} requests from returning visitors, ${REQUESTS[new]} from new ones; mix = 70% returning"
printf '%12s %12s %12s  %s\n' returning new mix thread
rows=$(for file in "$SCRATCH"/callgrind.out.1-*; do
  other=${file/.1-/.2-}
  echo "$(thread_of "$file")|$(total_of "$file")|$(total_of "$other")"
done | sort)
echo "$rows" | awk -F'|' -v r="${REQUESTS[returning]}" -v n="${REQUESTS[new]}" '
  { if (!($1 in a)) order[++count] = $1; a[$1] += $2 / r / 1000; b[$1] += $3 / n / 1000 }
  END {
    for (i = 1; i <= count; i++) {
      name = order[i]; ta += a[name]; tb += b[name]
      printf "%11.1fk %11.1fk %11.1fk  %s\n", a[name], b[name], 0.7 * a[name] + 0.3 * b[name], name
    }
    printf "%11.1fk %11.1fk %11.1fk  total per chat_accepted\n", ta, tb, 0.7 * ta + 0.3 * tb
  }'
for phase in returning new; do
  number=$([ "$phase" = returning ] && echo 1 || echo 2)
  for file in "$SCRATCH"/callgrind.out."$number"-*; do
    name=$(thread_of "$file")
    case "$name" in
      writer*) echo "$name, $phase visitors:"; parts "$file" "${REQUESTS[$phase]}" "$WRITER_PARTS" ;;
      HTTP*) echo "$name, $phase visitors:"; parts "$file" "${REQUESTS[$phase]}" "$HTTP_PARTS" ;;
    esac
  done
done

# Decoding and hashing alone, on the thread that reads the request: exact, no server, no noise.
for share in 1 0; do
  valgrind --tool=callgrind --callgrind-out-file="$SCRATCH/decode.out" --collect-atstart=no \
    --toggle-collect='*DecodeBench*measure*' "$BIN/jivocrm-bench" decode --events 2000 --returning-share "$share" \
    >/dev/null 2>&1
  echo "decode and hash alone ($([ "$share" = 1 ] && echo returning || echo new) visitors, jivocrm-bench decode):"
  awk -v n=2000 '/^summary:/ { printf "  %8.1fk  total\n", $2 / n / 1000 }' "$SCRATCH/decode.out"
  parts "$SCRATCH/decode.out" 2000 "$HTTP_PARTS|JSONScanner|JSONWriter|idText|trimmingWhitespace" 14
done
