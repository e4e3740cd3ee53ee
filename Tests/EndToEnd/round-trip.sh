#!/usr/bin/env bash
# The operator round trip, against the built binary over real HTTP on 127.0.0.1:
#   1. `jivocrm serve` runs; a chat_accepted creates the visitor's lead (enable_assign true,
#      crm_link from crm_link_template, the visitor's phone);
#   2. the operator runs `jivocrm edit ID --phone ... --crm-link ...` as a separate process
#      while serve keeps running;
#   3. the next chat_accepted for that visitor is answered with the edited phone and crm_link.
#
# Run by hand:   JIVOCRM_BIN=.build/debug/jivocrm Tests/EndToEnd/round-trip.sh
# (JIVOCRM_BIN defaults to `jivocrm` on PATH). Needs curl and jq. Exits 0 when every check
# holds, 1 with a FAIL line otherwise. EndToEndTests runs this script.
set -euo pipefail

bin=${JIVOCRM_BIN:-jivocrm}
for tool in curl jq; do
    command -v "$tool" >/dev/null || { echo "round-trip.sh needs $tool" >&2; exit 1; }
done

work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export JIVOCRM_DB="$work/crm.sqlite"
export JIVOCRM_CONFIG="$work/config"
printf 'crm_link_template = https://crm.example.com/leads/{id}\noperator = round-trip\n' >"$JIVOCRM_CONFIG"

# The log exists before the loop reads it: the background job opens its redirection when it
# is scheduled, which on a busy machine came after the first read (sed failed, and set -e
# ended the script with status 2).
: >"$work/serve.log"
"$bin" serve --listen 127.0.0.1:0 2>>"$work/serve.log" &
server=$!
url=
for _ in $(seq 1 300); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$work/serve.log")
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { echo "serve exited:" >&2; cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "FAIL: serve did not announce its address" >&2; exit 1; }
echo "serve is listening on ${url%/jivo/*}/jivo/<token>"

# chat_accepted for the same visitor, with chat id $1.
chat_accepted() {
    curl -sS --fail-with-body -H 'Content-Type: application/json; charset=utf-8' --data-binary @- "$url" <<JSON
{"event_name":"chat_accepted","chat_id":$1,"widget_id":"3925",
 "visitor":{"name":"Ольга Смирнова","email":"olga@example.com","phone":"8 (916) 000-11-22","number":"4100"},
 "agent":{"id":"1","name":"Anna","email":"anna@example.com"},
 "page":{"url":"https://shop.example.ru/","title":"Магазин"}}
JSON
}

check() { # what, actual, expected
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: got '$2', expected '$3'" >&2
        exit 1
    fi
    echo "ok: $1 = $3"
}

first=$(chat_accepted 501)
check "first reply: result" "$(jq -r .result <<<"$first")" ok
check "first reply: enable_assign (the event created the lead)" "$(jq -r .enable_assign <<<"$first")" true
id=$("$bin" leads --json | jq -r '.[0].id')
check "leads after the first chat" "$("$bin" leads --json | jq length)" 1
check "first reply: phone as the visitor typed it" "$(jq -r .contact_info.phone <<<"$first")" "8 (916) 000-11-22"
check "first reply: crm_link from the template" "$(jq -r .crm_link <<<"$first")" "https://crm.example.com/leads/$id"

"$bin" edit "$id" --phone "+7 999 123-45-67" --crm-link "https://crm.example.com/deals/77" >/dev/null
echo "edited lead #$id while serve runs"

second=$(chat_accepted 502)
check "second reply: edited phone" "$(jq -r .contact_info.phone <<<"$second")" "+7 999 123-45-67"
check "second reply: edited crm_link" "$(jq -r .crm_link <<<"$second")" "https://crm.example.com/deals/77"
check "second reply: enable_assign (lead existed)" "$(jq -r .enable_assign <<<"$second")" false
check "second reply: name" "$(jq -r .contact_info.name <<<"$second")" "Ольга Смирнова"
check "leads after the second chat" "$("$bin" leads --json | jq length)" 1
check "chats on the lead" "$("$bin" show "$id" --json | jq '.chats | length')" 2
check "the edit is audited with the operator" \
    "$("$bin" show "$id" --json | jq -r '[.audit[] | select(.actor == "round-trip")] | length > 0')" true

kill "$server"
wait "$server" && status=0 || status=$?
server=
check "serve exit status after SIGTERM" "$status" 0
echo "round trip passed"
