#!/usr/bin/env bash
# setup.sh prepares a bare Debian bookworm machine for golibbpf: the packages
# the build and the tests need, the pinned libbpf, and the file systems the
# tests use (bpffs, tracefs, cgroup v2).
#
#   scripts/setup.sh            everything
#   scripts/setup.sh packages   only the Debian packages
#   scripts/setup.sh mounts     only the mounts
#
# Every step is a no-op when already done, so running it again is cheap.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

# Packages installed from bookworm (name:command-or-file that proves presence).
want=(
	"clang-16:/usr/bin/clang-16"
	"llvm-16:/usr/bin/llvm-strip-16"
	"libelf-dev:/usr/include/libelf.h"
	"zlib1g-dev:/usr/include/zlib.h"
	"libzstd-dev:/usr/include/zstd.h"
	"iproute2:/usr/sbin/ip"
	"make:/usr/bin/make"
	"gcc:/usr/bin/gcc"
	"pkg-config:/usr/bin/pkg-config"
	"systemtap-sdt-dev:/usr/include/x86_64-linux-gnu/sys/sdt.h"
)
# bpftool 7.5 comes from bookworm-backports (bookworm's own is 7.1).
backports_list=/etc/apt/sources.list.d/golibbpf-bookworm-backports.sources

log() { printf 'setup: %s\n' "$*" >&2; }

bpftool_ok() {
	command -v bpftool >/dev/null 2>&1 || [ -x /usr/sbin/bpftool ] || return 1
	local v
	v=$({ bpftool version 2>/dev/null || /usr/sbin/bpftool version; } | head -n1)
	case "$v" in *" v7."[5-9]* | *" v7.1"[0-9]* | *" v"[8-9]*) return 0 ;; esac
	return 1
}

packages() {
	local missing=() item
	for item in "${want[@]}"; do
		[ -e "${item#*:}" ] || missing+=("${item%%:*}")
	done
	local need_bpftool=0
	bpftool_ok || need_bpftool=1
	if [ ${#missing[@]} -eq 0 ] && [ $need_bpftool -eq 0 ]; then
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		log "missing: ${missing[*]} $([ $need_bpftool -eq 1 ] && echo 'bpftool>=7.5 (bookworm-backports)')"
		log "run this script as root, or install them yourself"
		exit 1
	fi
	if [ $need_bpftool -eq 1 ] && [ ! -e "$backports_list" ]; then
		log "adding bookworm-backports to apt ($backports_list)"
		cat >"$backports_list" <<-'EOF'
			Types: deb
			URIs: http://deb.debian.org/debian
			Suites: bookworm-backports
			Components: main
			Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOF
	fi
	log "installing: ${missing[*]} $([ $need_bpftool -eq 1 ] && echo bpftool/bookworm-backports)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	local pkgs=("${missing[@]}")
	[ $need_bpftool -eq 1 ] && pkgs+=("bpftool/bookworm-backports")
	apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
	bpftool_ok || { log "bpftool 7.5 did not install"; exit 1; }
}

mounts() {
	if [ "$(id -u)" -ne 0 ]; then
		log "not root: skipping mounts"
		return 0
	fi
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	if [ -d /sys/kernel/tracing ] && [ ! -e /sys/kernel/tracing/events ]; then
		mount -t tracefs tracefs /sys/kernel/tracing
	fi
	# The tests look for cgroup v2 at /sys/fs/cgroup/unified, else /sys/fs/cgroup.
	if ! grep -q ' cgroup2 ' /proc/mounts; then
		mkdir -p /sys/fs/cgroup/unified
		mount -t cgroup2 none /sys/fs/cgroup/unified
	fi
}

case "${1:-all}" in
packages) packages ;;
mounts) mounts ;;
all)
	packages
	"$here/build-libbpf.sh"
	mounts
	;;
*)
	log "unknown step $1 (want: all, packages, mounts)"
	exit 2
	;;
esac
