#!/usr/bin/env bash
# `make bench`: measures jivocrm on this machine against the machine's own limits, measured in
# the same run, and writes BENCHMARKS.md. Every figure is the median of RUNS runs.
# Environment: RUNS (default 3), SECONDS_PER_RUN (wrk duration, default 5), BENCH_DIR (scratch),
# CONSOLE_MESSAGES_PER_LEAD (transcript messages per lead in the 1,000,000-lead console store,
# default 10: the issue's 10,000,000 messages, about a minute and a half to seed with their
# trigram index). The same ingest, reply and console figures are then taken on a throwaway
# PostgreSQL server (PG_CONSOLE_LEADS, PG_CONSOLE_MESSAGES_PER_LEAD, PG_SHARED_BUFFERS: see its
# section) and written beside SQLite's.
set -euo pipefail
cd "$(dirname "$0")/../.."
STARTED=$(date +%s)
RUNS=${RUNS:-3}
DURATION=${SECONDS_PER_RUN:-5}
CONSOLE_MESSAGES_PER_LEAD=${CONSOLE_MESSAGES_PER_LEAD:-10}
# A scratch directory made here is removed at the end (the stores in it take gigabytes).
SCRATCH=${BENCH_DIR:-}
if [ -z "$SCRATCH" ]; then
  SCRATCH=$(mktemp -d /tmp/jivocrm-bench.XXXXXX)
  REMOVE_SCRATCH=1
fi
OUT=BENCHMARKS.md

command -v wrk >/dev/null || ./.ci/deps wrk
swift build -c release --product jivocrm >&2
swift build -c release --product jivocrm-bench >&2
BIN=$(swift build -c release --show-bin-path)
JIVOCRM="$BIN/jivocrm"
BENCH="$BIN/jivocrm-bench"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  if declare -F pg_stop >/dev/null; then pg_stop; fi
  if [ -n "${REMOVE_SCRATCH:-}" ]; then rm -rf "$SCRATCH"; fi
}
trap cleanup EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# wrk's latency ("1.23ms", "870.00us", "1.02s") in milliseconds.
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }

# Runs wrk; prints "rps p50_ms p99_ms errors".
run_wrk() {
  local connections=$1 script=$2 url=$3; shift 3
  local out
  out=$(wrk -t2 -c"$connections" -d"${DURATION}s" --latency ${script:+-s "$script"} "$url" ${script:+-- "$@"})
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out" | to_ms)
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)
  errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
  echo "$rps $p50 $p99 $errors"
}

# Starts `jivocrm serve` on a copy of store $1; sets SERVE_PID and SERVE_URL.
start_serve() {
  rm -f "$SCRATCH"/run.sqlite*
  cp "$1" "$SCRATCH/run.sqlite"
  # Written back now, so that the copy's dirty pages do not stall the run's fsyncs.
  sync
  serve_db "$SCRATCH/run.sqlite"
}
# Starts `jivocrm serve --db $1`; sets SERVE_PID and SERVE_URL.
serve_db() {
  "$JIVOCRM" serve --db "$1" --listen 127.0.0.1:0 2>"$SCRATCH/serve.log" >/dev/null &
  SERVE_PID=$!
  PIDS+=("$SERVE_PID")
  for _ in $(seq 1 100); do grep -q 'listening on' "$SCRATCH/serve.log" 2>/dev/null && break; sleep 0.1; done
  SERVE_URL=$(grep -o 'http://[^ ]*' "$SCRATCH/serve.log" | head -1)
  [ -n "$SERVE_URL" ] || { cat "$SCRATCH/serve.log" >&2; exit 1; }
}
stop_serve() { kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; }
kib_of() { awk -v key="$2" '$1 == key":" { print $2 }' "/proc/$1/status"; }

echo "seeding 100,000 leads" >&2
"$BENCH" seed --db "$SCRATCH/seed100k.sqlite" --leads 100000 >/dev/null

echo "HTTP ceiling" >&2
"$BENCH" http-ceiling >"$SCRATCH/ceiling.out" &
CEILING_PID=$!
PIDS+=("$CEILING_PID")
for _ in $(seq 1 50); do grep -q port "$SCRATCH/ceiling.out" 2>/dev/null && break; sleep 0.1; done
CEILING_URL="http://127.0.0.1:$(awk '/port/ { print $2 }' "$SCRATCH/ceiling.out")/"
# wrk against the fixed reply RUNS times at $1 connections; prints the medians of "rps p99_ms".
http_ceiling() {
  local runs
  runs=$(for _ in $(seq "$RUNS"); do run_wrk "$1" "" "$CEILING_URL"; done)
  echo "$(awk '{ print $1 }' <<<"$runs" | median) $(awk '{ print $3 }' <<<"$runs" | median)"
}
read -r http32 http32p99 <<<"$(http_ceiling 32)"
read -r http256 http256p99 <<<"$(http_ceiling 256)"
kill "$CEILING_PID"

echo "storage ceiling" >&2
storage() {
  for run in $(seq "$RUNS"); do
    rm -f "$SCRATCH"/storage.sqlite*
    cp "$SCRATCH/seed100k.sqlite" "$SCRATCH/storage.sqlite"
    "$BENCH" storage --db "$SCRATCH/storage.sqlite" --offset $((run * 1000000)) "$@" | awk '{ print $2 }'
  done | median
}
store1=$(storage --events 1000 --batch 1)
store64=$(storage --events 20000 --batch 64)
store64f=$(storage --events 5000 --batch 64 --kind finished)

# Runs wrk RUNS times against a fresh serve; prints the medians of "rps p50 p99 errors
# peak_kib after_kib rss_at_quarter_kib rss_at_three_quarters_kib". The serve starts with the
# command after the two arguments (default: start_serve on the 100,000-lead SQLite store).
ingest() {
  local connections=$1 script=$2 runs="$SCRATCH/ingest.runs"
  shift 2
  local start=("$@")
  [ ${#start[@]} -gt 0 ] || start=(start_serve "$SCRATCH/seed100k.sqlite")
  : >"$runs"
  for _ in $(seq "$RUNS"); do
    "${start[@]}"
    run_wrk "$connections" "Tests/Bench/$script" "$SERVE_URL" 100000 >"$SCRATCH/wrk.out" &
    local wrk_pid=$! quarter three_quarters
    sleep "$(awk -v d="$DURATION" 'BEGIN { print d / 4 }')"
    quarter=$(kib_of "$SERVE_PID" VmRSS)
    sleep "$(awk -v d="$DURATION" 'BEGIN { print d / 2 }')"
    three_quarters=$(kib_of "$SERVE_PID" VmRSS)
    wait "$wrk_pid"
    echo "$(cat "$SCRATCH/wrk.out") $(kib_of "$SERVE_PID" VmHWM) $(kib_of "$SERVE_PID" VmRSS) $quarter $three_quarters" >>"$runs"
    stop_serve
  done
  local column
  for column in 1 2 3 4 5 6 7 8; do awk -v c="$column" '{ print $c }' "$runs" | median; done | tr '\n' ' '
}
echo "ingest: chat_accepted" >&2
read -r -a a32 <<<"$(ingest 32 chat_accepted.lua)"
read -r -a a256 <<<"$(ingest 256 chat_accepted.lua)"
echo "ingest: chat_finished" >&2
read -r -a f32 <<<"$(ingest 32 chat_finished.lua)"
read -r -a f256 <<<"$(ingest 256 chat_finished.lua)"

echo "seeding 1,000,000 leads with $CONSOLE_MESSAGES_PER_LEAD transcript messages each" >&2
"$BENCH" seed --db "$SCRATCH/seed1m.sqlite" --leads 1000000 --chat-leads 1000000 \
  --messages-per-lead "$CONSOLE_MESSAGES_PER_LEAD" --long-transcript 2000 >"$SCRATCH/seed1m.out"
seed_leads=$(awk '$1 == "leads_seconds" { print $2 }' "$SCRATCH/seed1m.out")
seed_messages=$(awk '$1 == "messages_seconds" { print $2 }' "$SCRATCH/seed1m.out")
messages=$((1000000 * CONSOLE_MESSAGES_PER_LEAD + 2000))

echo "console on 1,000,000 leads" >&2
: >"$SCRATCH/console.runs"
for _ in $(seq "$RUNS"); do "$BENCH" console --db "$SCRATCH/seed1m.sqlite" --lead 1 >>"$SCRATCH/console.runs"; done
console() { awk -v k="$1" '$1 == k { print $2 }' "$SCRATCH/console.runs" | median; }

# The reply to 3,000 returning visitors, each a lead chosen at random among the 1,000,000, RUNS
# times, each run in a fresh process with its own events (offset $2 + run) and its own leads (an
# odd seed each: BenchBodies starts from seed | 1, so seeds 2 and 3 would draw the same leads, and
# the second run would find their activity entries among the pages the first one cached); $1 is "" (the page
# cache as the seeding and the console left it) or --cold (the store's files dropped from it
# first). Prints the medians of "p50_ms p99_ms page_reads disk_pages cached_share": the pages
# SQLite asked the kernel for per reply, those the kernel read from the disk (read-ahead
# included), and the share of the store's pages cached when the run began.
reply_latency() {
  local mode=$1 first=$2 runs="$SCRATCH/reply.runs" run column
  : >"$runs"
  for run in $(seq "$RUNS"); do
    "$BENCH" reply-latency --db "$SCRATCH/seed1m.sqlite" --events 3000 --offset $(((first + run) * 1000000)) \
      --seed $((2 * (first + run) + 1)) $mode | awk '{ v[$1] = $2 } END {
        print v["reply_p50_ms"], v["reply_p99_ms"], v["reply_page_reads"], v["reply_disk_pages"], v["cached_share_at_start"] }' >>"$runs"
  done
  for column in 1 2 3 4 5; do awk -v c="$column" '{ print $c }' "$runs" | median; done | tr '\n' ' '
}
echo "reply latency on 1,000,000 leads, warm and cold page cache" >&2
read -r -a warm <<<"$(reply_latency "" 0)"
read -r -a cold <<<"$(reply_latency --cold "$RUNS")"
percent() { awk -v v="$1" 'BEGIN { printf "%.0f%%", 100 * v }'; }

# ---- PostgreSQL (team mode): the same ingest, reply and console figures on a throwaway server ----
# PG_CONSOLE_LEADS (default 1,000,000) and PG_CONSOLE_MESSAGES_PER_LEAD (default
# CONSOLE_MESSAGES_PER_LEAD) set the scale of the PostgreSQL console store; PG_SHARED_BUFFERS
# (default 1GB) its server's cache. The server is started here as `nobody` (as the tests'
# PostgresCluster does) on a Unix socket in a temporary folder, with fsync on: every 2xx is a
# durable commit, as on SQLite.
PG_CONSOLE_LEADS=${PG_CONSOLE_LEADS:-1000000}
PG_CONSOLE_MESSAGES_PER_LEAD=${PG_CONSOLE_MESSAGES_PER_LEAD:-$CONSOLE_MESSAGES_PER_LEAD}
PG_SHARED_BUFFERS=${PG_SHARED_BUFFERS:-1GB}

# Runs PostgreSQL's tool $1 (from the newest installed server) as the server's user.
pg_tool() {
  local tool=$1; shift
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$PG_BIN/$tool" "$@"; else "$PG_BIN/$tool" "$@"; fi
}
# The URL of database $1 on the bench's server.
pg_url() { echo "postgresql://jivocrm@/$1?host=$PG_DIR&port=5432"; }
# Creates and starts the server in a temporary folder; sets PG_BIN and PG_DIR.
pg_start() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    ./.ci/deps postgresql postgresql-contrib
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  PG_DIR=$(mktemp -d /tmp/jivocrm-bench-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then chown nobody "$PG_DIR"; fi
  pg_tool initdb -D "$PG_DIR/data" -U jivocrm -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=reject >/dev/null
  cat >"$PG_DIR/data/postgresql.auto.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PG_DIR'
port = 5432
max_connections = 100
shared_buffers = $PG_SHARED_BUFFERS
work_mem = 16MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
dynamic_shared_memory_type = mmap
CONF
  pg_tool pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null
}
pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    pg_tool pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
  fi
  if [ -n "${PG_DIR:-}" ]; then rm -rf "$PG_DIR"; fi
}
# Starts `jivocrm serve` on a fresh copy (CREATE DATABASE … TEMPLATE) of database $1.
pg_start_serve() {
  pg_tool dropdb -h "$PG_DIR" -U jivocrm --if-exists run
  pg_tool createdb -h "$PG_DIR" -U jivocrm -T "$1" run
  serve_db "$(pg_url run)"
}

PG_STARTED=$(date +%s)
echo "PostgreSQL: starting a throwaway server" >&2
pg_start
echo "PostgreSQL: seeding 100,000 leads" >&2
pg_tool createdb -h "$PG_DIR" -U jivocrm seed100k
"$BENCH" seed --db "$(pg_url seed100k)" --leads 100000 >/dev/null
echo "PostgreSQL ingest: chat_accepted" >&2
read -r -a pa32 <<<"$(ingest 32 chat_accepted.lua pg_start_serve seed100k)"
read -r -a pa256 <<<"$(ingest 256 chat_accepted.lua pg_start_serve seed100k)"
echo "PostgreSQL ingest: chat_finished" >&2
read -r -a pf32 <<<"$(ingest 32 chat_finished.lua pg_start_serve seed100k)"
read -r -a pf256 <<<"$(ingest 256 chat_finished.lua pg_start_serve seed100k)"
pg_tool dropdb -h "$PG_DIR" -U jivocrm --if-exists run
pg_tool dropdb -h "$PG_DIR" -U jivocrm seed100k

echo "PostgreSQL: seeding $PG_CONSOLE_LEADS leads with $PG_CONSOLE_MESSAGES_PER_LEAD transcript messages each" >&2
pg_tool createdb -h "$PG_DIR" -U jivocrm seed1m
"$BENCH" seed --db "$(pg_url seed1m)" --leads "$PG_CONSOLE_LEADS" --chat-leads "$PG_CONSOLE_LEADS" \
  --messages-per-lead "$PG_CONSOLE_MESSAGES_PER_LEAD" --long-transcript 2000 >"$SCRATCH/pg-seed1m.out"
pg_seed_leads=$(awk '$1 == "leads_seconds" { print $2 }' "$SCRATCH/pg-seed1m.out")
pg_seed_messages=$(awk '$1 == "messages_seconds" { print $2 }' "$SCRATCH/pg-seed1m.out")
pg_messages=$((PG_CONSOLE_LEADS * PG_CONSOLE_MESSAGES_PER_LEAD + 2000))

echo "PostgreSQL: console on $PG_CONSOLE_LEADS leads" >&2
: >"$SCRATCH/pg-console.runs"
for _ in $(seq "$RUNS"); do "$BENCH" console --db "$(pg_url seed1m)" --lead 1 >>"$SCRATCH/pg-console.runs"; done
pg_console() { awk -v k="$1" '$1 == k { print $2 }' "$SCRATCH/pg-console.runs" | median; }

echo "PostgreSQL: reply latency on $PG_CONSOLE_LEADS leads" >&2
pg_reply=$(for run in $(seq "$RUNS"); do
  "$BENCH" reply-latency --db "$(pg_url seed1m)" --events 3000 --offset $((run * 1000000)) --seed "$run" | tr '\n' ' '
  echo
done)
pg_reply50=$(awk '{ print $2 }' <<<"$pg_reply" | median)
pg_reply99=$(awk '{ print $4 }' <<<"$pg_reply" | median)
pg_stop
PG_DONE=$(date +%s)

ceiling=$(printf '%s\n%s\n' "$http32" "$store64" | sort -g | head -1)
fraction=$(awk -v a="${a32[0]}" -v c="$ceiling" 'BEGIN { printf "%.0f%%", 100 * a / c }')
fraction_http=$(awk -v a="${a32[0]}" -v c="$http32" 'BEGIN { printf "%.0f%%", 100 * a / c }')
ceiling256=$(printf '%s\n%s\n' "$http256" "$store64" | sort -g | head -1)
fraction256=$(awk -v a="${a256[0]}" -v c="$ceiling256" 'BEGIN { printf "%.0f%%", 100 * a / c }')
fraction_finished=$(awk -v a="${f32[0]}" -v c="$store64f" 'BEGIN { printf "%.0f%%", 100 * a / c }')
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
mib() { echo $((${1%.*} / 1024)); }
# "yes" when $1 $2 $3 holds (e.g. 12 '<' 10), else "no".
met() { awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN { ok = (op == "<") ? (a < b) : (a >= b); print ok ? "yes" : "**no**" }'; }
elapsed=$(( $(date +%s) - STARTED ))

{
  echo "# Benchmarks"
  echo
  echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d) on $(nproc) cores ($cpu), $mem, $(uname -sr)."
  echo "Each figure is the median of $RUNS runs; wrk (2 threads) shares the cores with the server."
  echo "The whole run, builds included, took $elapsed s."
  echo
  echo "## Limits of this machine, measured in the same run"
  echo
  echo "| measure | figure |"
  echo "|---|---|"
  echo "| HTTP ceiling: our server, fixed reply, 32 / 256 connections: req/s; p99 | $http32 / $http256 req/s; $http32p99 / $http256p99 ms |"
  echo "| storage ceiling: chat_accepted ingest, one fsynced commit per event | $store1 events/s |"
  echo "| storage ceiling: chat_accepted ingest, 64 events per commit | $store64 events/s |"
  echo "| storage ceiling: chat_finished (20 messages), 64 per commit | $store64f events/s |"
  echo
  echo "The storage ceilings are one thread writing to the store as SQLite does by default: each commit"
  echo "synced before the next, and the log copied into the database file inside the commit that takes"
  echo "it past 1,000 pages. The listener syncs on a thread of its own while the writer goes on, and"
  echo "copies the log on a third (the checkpoint thread), so its ingest can pass these figures."
  echo
  echo "## Ingest, reply, memory"
  echo
  echo "| measure | figure | target | met |"
  echo "|---|---|---|---|"
  echo "| ingest chat_accepted, 32 connections: req/s, p50, p99, errors | ${a32[0]} req/s, ${a32[1]} ms, ${a32[2]} ms, ${a32[3]} | ≥ 10,000 req/s, p99 < 10 ms, 0 errors | $(met "${a32[0]}" '>=' 10000) / $(met "${a32[2]}" '<' 10) / $(met "${a32[3]}" '<' 1) |"
  echo "| ingest chat_accepted, 256 connections: req/s, p50, p99, errors | ${a256[0]} req/s, ${a256[1]} ms, ${a256[2]} ms, ${a256[3]} | 0 errors | $(met "${a256[3]}" '<' 1) |"
  echo "| ingest chat_finished (20 messages), 32 connections: req/s, p50, p99, errors | ${f32[0]} req/s, ${f32[1]} ms, ${f32[2]} ms, ${f32[3]} | 0 errors | $(met "${f32[3]}" '<' 1) |"
  echo "| ingest chat_finished (20 messages), 256 connections: req/s, p50, p99, errors | ${f256[0]} req/s, ${f256[1]} ms, ${f256[2]} ms, ${f256[3]} | 0 errors | $(met "${f256[3]}" '<' 1) |"
  echo "| chat_accepted at 32 connections as a share of the lower ceiling ($ceiling) | $fraction | ≥ 70% | $(met "${fraction%\%}" '>=' 70) |"
  echo "| chat_accepted at 32 connections as a share of the HTTP ceiling | $fraction_http | ≥ 70% | $(met "${fraction_http%\%}" '>=' 70) |"
  echo "| chat_accepted at 256 connections as a share of the lower ceiling ($ceiling256) | $fraction256 | | |"
  echo "| chat_finished at 32 connections as a share of its storage ceiling | $fraction_finished | | |"
  echo "| reply to a returning visitor, 1,000,000 leads, warm page cache ($(percent "${warm[4]}") of the store cached): server-side p50 / p99; page reads per reply from the kernel / from the disk | ${warm[0]} / ${warm[1]} ms; ${warm[2]} / ${warm[3]} | p99 < 1 ms | $(met "${warm[1]}" '<' 1) |"
  echo "| the same with a cold page cache (the store's files dropped from it first; $(percent "${cold[4]}") cached) | ${cold[0]} / ${cold[1]} ms; ${cold[2]} / ${cold[3]} | p99 < 1 ms | $(met "${cold[1]}" '<' 1) |"
  echo "| listener RSS, chat_accepted at 32 connections: at 1/4 and 3/4 of the run, peak, after | $(mib "${a32[6]}") / $(mib "${a32[7]}") / $(mib "${a32[4]}") / $(mib "${a32[5]}") MiB | flat after warm-up | $(met "$(( ${a32[7]%.*} - ${a32[6]%.*} ))" '<' 4096) |"
  echo "| listener RSS, chat_accepted at 256 connections: at 1/4 and 3/4 of the run, peak, after | $(mib "${a256[6]}") / $(mib "${a256[7]}") / $(mib "${a256[4]}") / $(mib "${a256[5]}") MiB | flat after warm-up | $(met "$(( ${a256[7]%.*} - ${a256[6]%.*} ))" '<' 4096) |"
  echo
  echo "## Console at scale: 1,000,000 leads, $messages transcript messages"
  echo
  echo "The real console, headless: \`jivocrm-bench console\` opens the store as \`jivocrm console\` does,"
  echo "runs \`ConsoleApp\` (its update loop and the store reads its effects make) and draws every frame"
  echo "into a 160x48 \`GridCanvas\` after each key, as the terminal session does; only ncurses is"
  echo "left out. Each time runs from the key (or from opening the store) to the frame drawn, in a fresh"
  echo "process. Scale: $CONSOLE_MESSAGES_PER_LEAD messages per lead (CONSOLE_MESSAGES_PER_LEAD, default 10:"
  echo "the issue's 10,000,000) plus one 2,000-message transcript on the newest lead."
  echo
  echo "| measure | figure | target | met |"
  echo "|---|---|---|---|"
  echo "| seeding 1,000,000 leads (with their search index and the event that created each) | $seed_leads s | seconds | |"
  echo "| seeding $messages transcript messages (with their trigram index) | $seed_messages s | | |"
  echo "| first screen: open the store, the console's first reads, the Unsorted tab drawn | $(console first_screen_ms) ms | < 150 ms | $(met "$(console first_screen_ms)" '<' 150) |"
  echo "| page-down in the All tab (opens the lead selected; reads the next 100 leads when near), p50 / p99 of 30 | $(console page_down_p50_ms) / $(console page_down_p99_ms) ms | < 10 ms | $(met "$(console page_down_p99_ms)" '<' 10) |"
  echo "| the Conflicts tab from the All tab, to its list drawn (no lead has an open conflict), median of 5 | $(console conflicts_tab_ms) ms | < 10 ms | $(met "$(console conflicts_tab_ms)" '<' 10) |"
  echo "| search: Enter on \`/query\` to the hits drawn (name, phone, email, transcript text; 5 each), p50 / slowest | $(console search_p50_ms) / $(console search_max_ms) ms | < 50 ms | $(met "$(console search_p50_ms)" '<' 50) / $(met "$(console search_max_ms)" '<' 50) |"
  echo "| search by name / phone / email / transcript text, median of 5 | $(console search_name_ms) / $(console search_phone_ms) / $(console search_email_ms) / $(console search_transcript_ms) ms | < 50 ms | |"
  echo "| broad search: a word in a third of the names (\"Maria\") / in a quarter of the transcript messages (\"доставка\"), median of 5; slowest | $(console search_broad_name_ms) / $(console search_broad_transcript_ms) ms; $(console search_broad_max_ms) ms | < 50 ms | $(met "$(console search_broad_max_ms)" '<' 50) |"
  echo "| open the lead with a 2,000-message transcript: select it / Enter on it (marks it read), card and timeline drawn, median of 5 | $(console select_lead_ms) / $(console open_lead_ms) ms | < 30 ms | $(met "$(console select_lead_ms)" '<' 30) / $(met "$(console open_lead_ms)" '<' 30) |"
  echo "| paste into a note (bracketed, from the terminal's input to the frame drawn): 500 / 3,000 / 10,000 characters, median of 5 | $(console paste_500_ms) / $(console paste_3000_ms) / $(console paste_10000_ms) ms | linear in the length | |"
  echo "| peak memory (VmHWM) of the console process doing all of the above | $(console console_peak_mib) MiB | < 64 MiB | $(met "$(console console_peak_mib)" '<' 64) |"
  echo
  echo "Stores are seeded with \`jivocrm-bench seed\` (100,000 leads for ingest, each with the event that"
  echo "created it kept; 70% of chat_accepted come from returning visitors). Every 2xx is durable: the"
  echo "write-ahead log is fsynced before its batch is answered."
  echo "Where a request's work goes, per thread, in instructions: \`make profile\`."
} >"$OUT"

# The side-by-side table: each figure of the same run on SQLite and on PostgreSQL.
postgres_report() {
  local pair='%s / %s ms'
  echo
  echo "## SQLite and PostgreSQL side by side"
  echo
  echo "The same measures in the same run on a throwaway PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') server on this machine"
  echo "(Unix socket, fsync on, shared_buffers $PG_SHARED_BUFFERS; the listener commits each batch before answering it),"
  echo "seeded with the same \`jivocrm-bench seed\` stores. PostgreSQL's console store: $PG_CONSOLE_LEADS leads,"
  echo "$pg_messages transcript messages (PG_CONSOLE_LEADS, PG_CONSOLE_MESSAGES_PER_LEAD). The PostgreSQL part took $((PG_DONE - PG_STARTED)) s."
  echo
  echo "| measure | SQLite | PostgreSQL | target |"
  echo "|---|---|---|---|"
  echo "| ingest chat_accepted, 32 connections: req/s, p50, p99, errors | ${a32[0]} req/s, ${a32[1]} ms, ${a32[2]} ms, ${a32[3]} | ${pa32[0]} req/s, ${pa32[1]} ms, ${pa32[2]} ms, ${pa32[3]} | 0 errors |"
  echo "| ingest chat_accepted, 256 connections: req/s, p50, p99, errors | ${a256[0]} req/s, ${a256[1]} ms, ${a256[2]} ms, ${a256[3]} | ${pa256[0]} req/s, ${pa256[1]} ms, ${pa256[2]} ms, ${pa256[3]} | 0 errors |"
  echo "| ingest chat_finished (20 messages), 32 connections: req/s, p50, p99, errors | ${f32[0]} req/s, ${f32[1]} ms, ${f32[2]} ms, ${f32[3]} | ${pf32[0]} req/s, ${pf32[1]} ms, ${pf32[2]} ms, ${pf32[3]} | 0 errors |"
  echo "| ingest chat_finished (20 messages), 256 connections: req/s, p50, p99, errors | ${f256[0]} req/s, ${f256[1]} ms, ${f256[2]} ms, ${f256[3]} | ${pf256[0]} req/s, ${pf256[1]} ms, ${pf256[2]} ms, ${pf256[3]} | 0 errors |"
  echo "| listener RSS, chat_accepted at 32 connections: peak | $(mib "${a32[4]}") MiB | $(mib "${pa32[4]}") MiB | |"
  echo "| reply to a returning visitor at the console's scale, server-side p50 / p99 | $(printf "$pair" "${warm[0]}" "${warm[1]}") | $(printf "$pair" "$pg_reply50" "$pg_reply99") | p99 < 1 ms |"
  echo "| seeding the console's leads / transcript messages (with their indexes) | $seed_leads / $seed_messages s | $pg_seed_leads / $pg_seed_messages s | |"
  echo "| first screen | $(console first_screen_ms) ms | $(pg_console first_screen_ms) ms | < 150 ms |"
  echo "| page-down in the All tab, p50 / p99 of 30 | $(printf "$pair" "$(console page_down_p50_ms)" "$(console page_down_p99_ms)") | $(printf "$pair" "$(pg_console page_down_p50_ms)" "$(pg_console page_down_p99_ms)") | < 10 ms |"
  echo "| the Conflicts tab, median of 5 | $(console conflicts_tab_ms) ms | $(pg_console conflicts_tab_ms) ms | < 10 ms |"
  echo "| search by name, median of 5 | $(console search_name_ms) ms | $(pg_console search_name_ms) ms | < 50 ms |"
  echo "| search by phone, median of 5 | $(console search_phone_ms) ms | $(pg_console search_phone_ms) ms | < 50 ms |"
  echo "| search by email, median of 5 | $(console search_email_ms) ms | $(pg_console search_email_ms) ms | < 50 ms |"
  echo "| search by transcript text, median of 5 | $(console search_transcript_ms) ms | $(pg_console search_transcript_ms) ms | < 50 ms |"
  echo "| search, all 20: p50 / slowest | $(printf "$pair" "$(console search_p50_ms)" "$(console search_max_ms)") | $(printf "$pair" "$(pg_console search_p50_ms)" "$(pg_console search_max_ms)") | < 50 ms |"
  echo "| broad search: \"Maria\" in names / \"доставка\" in transcripts, median of 5 | $(printf "$pair" "$(console search_broad_name_ms)" "$(console search_broad_transcript_ms)") | $(printf "$pair" "$(pg_console search_broad_name_ms)" "$(pg_console search_broad_transcript_ms)") | < 50 ms |"
  echo "| broad search, slowest of 10 | $(console search_broad_max_ms) ms | $(pg_console search_broad_max_ms) ms | < 50 ms |"
  echo "| open the lead with a 2,000-message transcript: select / Enter | $(printf "$pair" "$(console select_lead_ms)" "$(console open_lead_ms)") | $(printf "$pair" "$(pg_console select_lead_ms)" "$(pg_console open_lead_ms)") | < 30 ms |"
  echo "| console peak memory (VmHWM) | $(console console_peak_mib) MiB | $(pg_console console_peak_mib) MiB | < 64 MiB |"
}
postgres_report >>"$OUT"
cat "$OUT"
