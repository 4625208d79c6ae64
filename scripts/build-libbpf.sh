#!/usr/bin/env bash
# build-libbpf.sh builds the pinned libbpf (see libbpf/PIN) into libbpf/:
#
#   libbpf/lib/libbpf.a        the static archive
#   libbpf/include/bpf/*.h     libbpf's headers
#   libbpf/include/linux/*.h   the kernel UAPI headers libbpf was written against
#
# The source is Debian's source package, fetched with apt through a private
# apt configuration (the machine's own sources are not touched), and its
# orig tarball must match the pinned sha256. LIBBPF_TARBALL=path builds from
# a tarball you already have instead; the same checksum rule applies.
#
# A second run with the same pin is a no-op.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/libbpf"
# shellcheck source=../libbpf/PIN
. "$out/PIN"
stamp="$out/.built"
want_stamp="$LIBBPF_VERSION $LIBBPF_SHA256"

log() { printf 'build-libbpf: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] &&
	[ -f "$out/lib/libbpf.a" ] && [ -f "$out/include/bpf/libbpf.h" ]; then
	exit 0
fi

# Build dependencies: command or file that proves presence, and its package.
deps=(
	"/usr/bin/gcc:gcc"
	"/usr/bin/make:make"
	"/usr/bin/pkg-config:pkg-config"
	"/usr/include/libelf.h:libelf-dev"
	"/usr/include/zlib.h:zlib1g-dev"
	"/usr/include/zstd.h:libzstd-dev"
)
missing=()
for d in "${deps[@]}"; do
	[ -e "${d%%:*}" ] || missing+=("${d#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		die "missing build dependencies: ${missing[*]} (install them, or run as root)"
	fi
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

verify() {
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$LIBBPF_SHA256" ] ||
		die "checksum mismatch for $1: got $got, want $LIBBPF_SHA256; refusing to build"
}

if [ -n "${LIBBPF_TARBALL:-}" ]; then
	[ -f "$LIBBPF_TARBALL" ] || die "LIBBPF_TARBALL=$LIBBPF_TARBALL: no such file"
	tarball=$LIBBPF_TARBALL
else
	command -v apt-get >/dev/null || die "apt-get not found; set LIBBPF_TARBALL to a libbpf $LIBBPF_VERSION orig tarball"
	# A private apt world: its own source list, lists and cache, nothing shared.
	apt_dir="$root/libbpf/.apt"
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/etc/preferences.d"
	keyring=/usr/share/keyrings/debian-archive-trixie-stable.gpg
	[ -f "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	cat >"$apt_dir/etc/sources.list" <<EOF
deb-src [signed-by=$keyring,/usr/share/keyrings/debian-archive-trixie-automatic.gpg] $LIBBPF_MIRROR $LIBBPF_SUITE main
EOF
	aptopts=(
		-o "Dir::Etc::SourceList=$apt_dir/etc/sources.list"
		-o "Dir::Etc::SourceParts=-"
		-o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
		-o "Dir::State::Lists=$apt_dir/lists"
		-o "Dir::Cache=$apt_dir/cache"
		-o "APT::Get::List-Cleanup=0"
		-o "Debug::NoLocking=1"
		-o "APT::Sandbox::User=root"
	)
	orig="$apt_dir/libbpf_${LIBBPF_VERSION}.orig.tar.gz"
	if [ ! -f "$orig" ] || [ "$(sha256sum "$orig" | cut -d' ' -f1)" != "$LIBBPF_SHA256" ]; then
		log "fetching libbpf $LIBBPF_DEBIAN_VERSION ($LIBBPF_SUITE deb-src) with a private apt configuration"
		apt-get "${aptopts[@]}" -qq update ||
			die "apt-get update failed for $LIBBPF_MIRROR $LIBBPF_SUITE"
		(cd "$work" && apt-get "${aptopts[@]}" -qq source --download-only "libbpf=$LIBBPF_DEBIAN_VERSION") ||
			die "apt-get source libbpf=$LIBBPF_DEBIAN_VERSION failed"
		found=$(ls "$work"/libbpf_"$LIBBPF_VERSION".orig.tar.* 2>/dev/null | head -n1)
		[ -n "$found" ] || die "apt fetched no orig tarball for libbpf $LIBBPF_VERSION"
		verify "$found"
		cp "$found" "$orig"
	fi
	tarball=$orig
fi

verify "$tarball"
log "building libbpf $LIBBPF_VERSION (sha256 verified)"
mkdir -p "$work/src"
tar -xf "$tarball" -C "$work/src" --strip-components=1
[ -f "$work/src/src/Makefile" ] || die "$tarball does not look like a libbpf source tarball"

rm -rf "$out/lib" "$out/include"
make -s -C "$work/src/src" -j"$(nproc)" \
	BUILD_STATIC_ONLY=1 OBJDIR="$work/obj" DESTDIR="$work/dest" \
	PREFIX=/ LIBDIR=/lib INCLUDEDIR=/include UAPIDIR=/include \
	EXTRA_CFLAGS="-g -O2 -fPIC" \
	install install_uapi_headers >/dev/null
mkdir -p "$out/lib"
cp "$work/dest/lib/libbpf.a" "$out/lib/"
cp -r "$work/dest/include" "$out/include"
echo "$want_stamp" >"$stamp"
log "done: $out/lib/libbpf.a"
