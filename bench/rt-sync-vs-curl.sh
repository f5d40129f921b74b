#!/usr/bin/env bash
# bench/rt-sync-vs-curl.sh BUILD_DIR [TICKETS] — Onsite's full sync beside curl
#
# Copyright 2026 The Onsite Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts a private RT 5 (tests/rt/rt-instance.py), creates TICKETS tickets
# (default 2000) with custom fields through REST2's bulk endpoint, then
# times (1) curl fetching every page of the search Onsite makes, one after
# the other, and (2) `onsitectl sync --once --full` into a fresh database,
# which makes the same requests, parses, stores, and then lists the active
# ids once more to notice deletions. Prints both and the overhead.

set -euo pipefail

build=${1:?usage: bench/rt-sync-vs-curl.sh BUILD_DIR [TICKETS]}
n=${2:-2000}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rt="python3 $top/tests/rt/rt-instance.py"
export GIO_USE_PROXY_RESOLVER=dummy

dir=$(mktemp -d)
{ read -r url; read -r pid; } < <($rt start "$dir")
cleanup () { $rt stop "$pid"; rm -rf "$dir"; }
trap cleanup EXIT

token=$($rt token "$dir" alice)
printf '%s\n' "$token" > "$dir/token"
printf '[rt]\nurl=%s\nqueue=Onsite\ntoken-file=%s\n' "$url" "$dir/token" > "$dir/sync.ini"
auth="Authorization: token $token"

echo "RT at $url; creating $n tickets…" >&2
start=$(date +%s)
for ((i = 0; i < n; i += 100)); do
  python3 - "$i" "$n" > "$dir/bulk.json" <<'PY'
import json, sys
first, n = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps([{"Queue": "Onsite", "Subject": f"Bench ticket {k} <printer> & “toner”",
                   "CustomFields": {"Site": f"Site {k % 97}", "Address": f"Via Roma {k % 97}",
                                    "Latitude": f"{45 + (k % 89) / 100:.4f}",
                                    "Longitude": f"{9 + (k % 83) / 100:.4f}",
                                    "Support Level": "2"}}
                  for k in range(first, min(first + 100, n))]))
PY
  curl -sf -o /dev/null -H "$auth" -H 'Content-Type: application/json' \
       -X POST --data "@$dir/bulk.json" "$url/REST/2.0/tickets/bulk"
done
echo "created in $(( $(date +%s) - start )) s" >&2

query=$(python3 -c "import urllib.parse; print(urllib.parse.quote(\"Queue = 'Onsite' AND Status = '__Active__'\"))")
fields=Subject,Status,LastUpdated,Created,Due,Owner,Queue,Priority,Requestor,CustomFields
pages=$(( (n + 99) / 100 ))

# Warm RT up once, so neither side pays for a cold worker.
curl -sf -o /dev/null -H "$auth" "$url/REST/2.0/tickets?query=$query&per_page=1"

t0=$(date +%s.%N)
for ((p = 1; p <= pages; p++)); do
  curl -sf -o /dev/null -H "$auth" \
    "$url/REST/2.0/tickets?query=$query&orderby=id&order=ASC&per_page=100&page=$p&fields=$fields"
done
t1=$(date +%s.%N)
"$build/src/tools/onsitectl" --db "$dir/onsite.db" sync --once --full --config "$dir/sync.ini"
t2=$(date +%s.%N)

python3 - "$t0" "$t1" "$t2" "$n" <<'PY'
import sys
t0, t1, t2, n = map(float, sys.argv[1:])
curl, onsite = t1 - t0, t2 - t1
print(f"tickets: {int(n)}")
print(f"curl, every page:            {curl:.2f} s")
print(f"onsitectl sync --once --full: {onsite:.2f} s")
print(f"overhead: {100 * (onsite - curl) / curl:+.1f} %")
PY
