#!/usr/bin/env bash
# container-base.sh makes sure the Dockerfile's base image (its default
# ARG BASE_IMAGE, e.g. golang:1.26-bookworm) is in the local image store.
#
#   scripts/container-base.sh [IMAGE]
#
# When the image is already there, or the engine can pull it, that is all.
# On a machine that reaches no container registry, it makes the image here:
# a `debootstrap --variant=minbase bookworm` root file system from Debian's
# packages, plus the Go toolchain already installed on this machine
# (/usr/local/go, whose version must match the image tag), imported and
# tagged with the name a pull would have given it, with the environment the
# official golang image sets (PATH, GOPATH, GOTOOLCHAIN=local).
#
# ENGINE=docker|podman picks the engine (default: docker when its engine
# answers, else podman). DEBIAN_MIRROR overrides http://deb.debian.org/debian.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

log() { printf 'container-base: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

image=${1:-$(sed -n 's/^ARG BASE_IMAGE=//p' "$root/Dockerfile" | head -n1)}
[ -n "$image" ] || die "no image given and no 'ARG BASE_IMAGE=' default in $root/Dockerfile"

if [ -z "${ENGINE:-}" ]; then
	if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
		ENGINE=docker
	elif command -v podman >/dev/null; then
		ENGINE=podman
	else
		die "neither a docker engine nor podman is available (scripts/docker-test.sh installs podman)"
	fi
fi

# The fully qualified name a pull would store: golang:1.26-bookworm is
# docker.io/library/golang:1.26-bookworm.
case "$image" in
*/*)
	case "${image%%/*}" in
	*.* | *:* | localhost) qualified=$image ;;
	*) qualified=docker.io/$image ;;
	esac
	;;
*) qualified=docker.io/library/$image ;;
esac

if $ENGINE image inspect "$qualified" >/dev/null 2>&1 || $ENGINE image inspect "$image" >/dev/null 2>&1; then
	log "$image is present"
	exit 0
fi
log "$image is not in ${ENGINE%% *}'s image store; trying to pull it"
# $ENGINE may carry global flags (podman --runtime runc ...): split it.
# shellcheck disable=SC2086
if timeout 600 $ENGINE pull -q "$qualified" >/dev/null 2>&1; then
	log "pulled $qualified"
	exit 0
fi
log "no registry answers: making $image locally from Debian bookworm and this machine's Go"

case "$image" in
*bookworm*) ;;
*) die "can only make a bookworm-based image, not $image" ;;
esac

go=${GO:-/usr/local/go/bin/go}
[ -x "$go" ] || go=$(command -v go) || die "no Go toolchain on this machine (looked for /usr/local/go/bin/go and go on PATH)"
goroot=$("$go" env GOROOT)
gover=$("$go" env GOVERSION) # go1.26.8
gover=${gover#go}
tag=${image##*:}      # 1.26-bookworm
tagver=${tag%%-*}     # 1.26
case "$gover" in
"$tagver" | "$tagver".*) ;;
*) die "this machine's Go is $gover, but $image wants Go $tagver; install Go $tagver in /usr/local/go or pass another image" ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	die "debootstrap needs root"
fi
if ! command -v debootstrap >/dev/null; then
	log "installing debootstrap"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; } ||
		die "could not install debootstrap"
fi

mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d /var/tmp/golibbpf-base.XXXXXX)
# debootstrap mounts /proc and /sys inside the root while it works; a failed
# or interrupted run may leave them there, so unmount before removing, and
# never let rm cross into another file system.
cleanup() {
	local m
	awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r |
		while IFS= read -r m; do umount -l "$m" 2>/dev/null || true; done
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
rootfs=$work/rootfs

log "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
	tail -n 30 "$work/debootstrap.log" >&2
	die "debootstrap failed (log above)"
}

# What the official debian:bookworm image has: deb822 sources for bookworm,
# bookworm-updates and bookworm-security; no package lists or archives, and
# no resolv.conf or hostname from this machine.
rm -f "$rootfs/etc/apt/sources.list" "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
	"$rootfs"/var/log/*.log "$rootfs"/tmp/* "$rootfs"/var/tmp/*

log "adding Go $gover from $goroot"
mkdir -p "$rootfs/usr/local" "$rootfs/go/bin" "$rootfs/go/src"
cp -a "$goroot" "$rootfs/usr/local/go"

log "importing as $qualified"
tar -C "$rootfs" --numeric-owner -c . |
	$ENGINE import \
		--change "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		--change "ENV GOLANG_VERSION=$gover" \
		--change "ENV GOTOOLCHAIN=local" \
		--change "ENV GOPATH=/go" \
		--change "WORKDIR /go" \
		--change 'CMD ["bash"]' \
		- "$qualified" >/dev/null ||
	die "$ENGINE import failed"
log "made $qualified ($(du -sh "$rootfs" | cut -f1) from debootstrap bookworm + Go $gover)"
