#!/usr/bin/env bash
# container-entry.sh is the test image's entry point. Inside a privileged
# container it mounts what the tests need, where they look for it:
#
#   bpffs      at /sys/fs/bpf
#   tracefs    at /sys/kernel/tracing
#   cgroup v2  at /sys/fs/cgroup when the container's /sys/fs/cgroup is not
#              already cgroup v2; else at /sys/fs/cgroup/unified (a host with
#              the v1 controllers gives the container only those)
#
# then runs its arguments, or by default the README's test command:
# scripts/setup.sh && make test.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'container-entry: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

fstype() { stat -f -c %T "$1" 2>/dev/null || true; }

# mountfs TYPE DIR NAME: mount a TYPE file system at DIR unless DIR already
# holds one (NAME is its type as `stat -f -c %T` names it).
mountfs() {
	local type=$1 dir=$2
	[ "$(fstype "$dir")" = "$3" ] && return 0
	mkdir -p "$dir" 2>/dev/null || true
	mount -t "$type" "$type" "$dir" ||
		die "cannot mount $type at $dir: run the container with --privileged"
}

[ "$(id -u)" -eq 0 ] || die "the tests need root inside the container"
mountfs bpf /sys/fs/bpf bpf_fs
mountfs tracefs /sys/kernel/tracing tracefs
if [ "$(fstype /sys/fs/cgroup)" != cgroup2fs ]; then
	mountfs cgroup2 /sys/fs/cgroup/unified cgroup2fs
fi
log "bpffs at /sys/fs/bpf, tracefs at /sys/kernel/tracing, cgroup v2 at $(
	[ "$(fstype /sys/fs/cgroup)" = cgroup2fs ] && echo /sys/fs/cgroup || echo /sys/fs/cgroup/unified
)"

if [ $# -eq 0 ]; then
	set -- bash -c 'scripts/setup.sh && make test'
fi
exec "$@"
