#!/usr/bin/env bash
# gotest.sh runs `go test -v` with the given flags over the module and prints
# a summary: how many tests passed, failed and were skipped. Under CI (CI set)
# a skipped test fails the run, because every test must run on CI's machine.
#
#   scripts/gotest.sh NAME [go test flags...]
set -uo pipefail
name=$1
shift
mkdir -p build
log="build/test-$name.log"
go test -v -count=1 "$@" ./... >"$log" 2>&1
status=$?
pass=$(grep -c -- '--- PASS' "$log")
fail=$(grep -c -- '--- FAIL' "$log")
skip=$(grep -c -- '--- SKIP' "$log")
grep -E -- '^(ok|FAIL|---|panic:|\s+.*_test\.go:[0-9]+:)|^\s*--- (FAIL|SKIP)' "$log" | grep -v -- '--- PASS' || true
echo "go test $name ($*): $pass passed, $fail failed, $skip skipped (full log: $log)"
if [ "$status" -ne 0 ]; then
	tail -n 40 "$log"
	exit "$status"
fi
if [ -n "${CI:-}" ] && [ "$skip" -gt 0 ]; then
	echo "CI=$CI: skipped tests are failures here:"
	grep -- '--- SKIP' -A2 "$log"
	exit 1
fi
