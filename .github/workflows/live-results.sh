#!/usr/bin/env bash
# Fails unless the trx file counts at least one test and every test passed (none failed, none skipped):
# dotnet test exits 0 when a filter matches nothing, and a live test that skips has checked nothing.
set -euo pipefail
counters=$(grep -o '<Counters [^>]*>' "$1")
echo "$counters"
total=$(echo "$counters" | grep -o ' total="[0-9]*"' | grep -o '[0-9][0-9]*')
passed=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9][0-9]*')
test "${total:-0}" -gt 0 && test "$passed" = "$total"
