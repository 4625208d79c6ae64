#!/bin/sh
# Builds and runs every example under examples/ as root, each with a time
# limit, from the module root, and prints one line per example. An example
# checks its own results and exits non-zero when the BPF side did not do its
# job; then its output is shown and this script fails. Needs the BPF objects (make bpf) and the generated
# skeletons (go generate ./examples/...).
#
#	scripts/run-examples.sh [name...]   (VERBOSE=1 also shows the output of passing examples)
set -u

cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
GO=${GO:-go}

if [ "$(id -u)" != 0 ]; then
	echo "run-examples: needs root (the examples load BPF programs)" >&2
	exit 1
fi

if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(for d in examples/*/; do basename "$d"; done | grep -vx internal)
fi

tmp=$(mktemp -d /tmp/golibbpf-examples.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

failed=0
for name in $names; do
	dir=examples/$name
	if [ ! -d "$dir" ]; then
		printf 'FAIL %-12s no such example\n' "$name"
		failed=1
		continue
	fi
	log=$tmp/$name.log
	if ! $GO build -o "$tmp/$name" "./$dir" >"$log" 2>&1; then
		printf 'FAIL %-12s does not build\n' "$name"
		sed 's/^/    /' "$log"
		failed=1
		continue
	fi
	start=$(date +%s.%N)
	timeout -k 5 60 "$tmp/$name" >"$log" 2>&1
	rc=$?
	secs=$(echo "$(date +%s.%N) $start" | awk '{printf "%.1f", $1 - $2}')
	if [ $rc -eq 0 ]; then
		printf 'ok   %-12s %ss\n' "$name" "$secs"
		[ -n "${VERBOSE:-}" ] && sed 's/^/    /' "$log"
	else
		if [ $rc -eq 124 ]; then why="timed out"; else why="exit status $rc"; fi
		printf 'FAIL %-12s %s after %ss\n' "$name" "$why" "$secs"
		sed 's/^/    /' "$log"
		failed=1
	fi
done
exit $failed
