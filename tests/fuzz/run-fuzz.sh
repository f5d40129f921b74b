#!/usr/bin/env bash
# tests/fuzz/run-fuzz.sh [SECONDS] — build the RT JSON fuzz target with
# clang (libFuzzer + AddressSanitizer) and run it over the kept corpus,
# adding what it finds to tests/fuzz/corpus-rt-page.
#
# Copyright 2026 The Onsite Authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${ONSITE_FUZZ_DIR:-$(mktemp -d)}
mkdir -p "$out"
seconds=${1:-60}

printf '#define PACKAGE_VERSION "fuzz"\n#define GETTEXT_PACKAGE "onsite"\n' > "$out/config.h"

clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" -I"$top/src/core" -I"$top/src/core/sync" \
  $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0) \
  "$here/fuzz-rt-page.c" \
  "$top/src/core/sync/onsite-json-fast.c" \
  "$top/src/core/sync/onsite-rt-connector.c" \
  "$top/src/core/sync/onsite-rt-page-reader.c" \
  "$top/src/core/sync/onsite-connector.c" \
  "$top/src/core/onsite-types.c" \
  $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0) -lm \
  -o "$out/fuzz-rt-page"

mkdir -p "$here/corpus-rt-page"
"$out/fuzz-rt-page" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -dict="$here/rt-json.dict" "$here/corpus-rt-page"
