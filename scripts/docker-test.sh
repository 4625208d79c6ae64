#!/usr/bin/env bash
# docker-test.sh builds the test image (Dockerfile) and runs the whole suite
# in a privileged container, the way a CI job in Docker would.
#
#   scripts/docker-test.sh [all|base|image|test] [COMMAND...]
#
#   base    make sure the Dockerfile's base image is there (scripts/container-base.sh)
#   image   base, then build the image golibbpf-test (layers cached by the engine)
#   test    run the suite in a privileged container from that image
#   all     image, then test (the default)
#
# A COMMAND after the step runs in the container instead of the README's test
# command (scripts/docker-test.sh test make bpf test-race), after the same
# mounts.
#
# The engine is docker when a docker engine answers, else podman, installed
# with apt (with runc) when missing. ENGINE=docker|podman forces one. Podman
# runs with runc, the cgroupfs cgroup manager, the host's ulimits and a
# containers.conf of our own (build/container/containers.conf) with
# default_ulimits = []; crun cannot set RLIMIT_NOFILE on these machines.
#
# The suite runs with CI=true (a skip is a failure). Its logs land in
# build/container/ on the host, and the in-container test counts are printed
# at the end. BASE_IMAGE overrides the Dockerfile's base; IMAGE names the
# built image (golibbpf-test).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step=${1:-all}
[ $# -gt 0 ] && shift
cmd=("$@")
image=${IMAGE:-golibbpf-test}
state=$root/build/container

log() { printf 'docker-test: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}
now() { date +%s; }

case "$step" in
all | base | image | test) ;;
*) die "unknown step '$step' (want all, base, image or test)" ;;
esac
mkdir -p "$state"

# --- the engine -------------------------------------------------------------
if [ -z "${ENGINE:-}" ]; then
	if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
		ENGINE=docker
	else
		ENGINE=podman
	fi
fi
case "$ENGINE" in
docker)
	command -v docker >/dev/null || die "ENGINE=docker but there is no docker command"
	docker info >/dev/null 2>&1 || die "ENGINE=docker but no docker engine answers (docker info failed)"
	export DOCKER_BUILDKIT=1 # build secrets need BuildKit
	run_flags=()
	;;
podman)
	if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
		[ "$(id -u)" -eq 0 ] || die "podman and runc are missing; install them (apt-get install podman runc) or run as root"
		log "installing podman and runc"
		export DEBIAN_FRONTEND=noninteractive
		{ apt-get install -y -qq --no-install-recommends podman runc >/dev/null 2>&1 ||
			{ apt-get update -qq && apt-get install -y -qq --no-install-recommends podman runc >/dev/null; }; } ||
			die "could not install podman and runc with apt"
	fi
	cat >"$state/containers.conf" <<-'EOF'
		# Written by scripts/docker-test.sh: what podman needs on these machines.
		[containers]
		default_ulimits = []
		[engine]
		runtime = "runc"
		cgroup_manager = "cgroupfs"
		events_logger = "file"
	EOF
	export CONTAINERS_CONF=$state/containers.conf
	ENGINE="podman --runtime runc --cgroup-manager cgroupfs"
	run_flags=(--ulimit host)
	;;
*) die "ENGINE=$ENGINE: want docker or podman" ;;
esac
log "engine: $ENGINE"
export ENGINE

# --- build secrets: how this machine reaches Debian and the Go proxy ---------
# apt's network settings (proxies, Valid-Until checks, ...) as an apt.conf,
# and the CA bundle, handed to the RUN steps as secrets and to the test run
# as a read-only mount; neither ends up in the image.
cacert=/etc/ssl/certs/ca-certificates.crt
[ -f "${SSL_CERT_FILE:-}" ] && cacert=$SSL_CERT_FILE
aptconf=$state/apt.conf
: >"$aptconf"
if command -v apt-config >/dev/null; then
	apt-config dump |
		grep -E '^Acquire::(https?|ftp|socks|Check-Valid-Until|Check-Date|Max-ValidTime|Min-ValidTime|Retries|ForceIPv[46])\b' |
		grep -Ev '::(CaInfo|CaPath|SslCert|SslKey|IssuerCert|CrlFile) ' >"$aptconf" || true
fi
if [ -f "$cacert" ]; then
	echo 'Acquire::https::CaInfo "/run/secrets/cacert";' >>"$aptconf"
else
	cacert=$state/empty-ca.crt
	: >"$cacert"
fi

base() {
	local t0
	t0=$(now)
	if [ -n "${BASE_IMAGE:-}" ]; then
		scripts/container-base.sh "$BASE_IMAGE"
	else
		scripts/container-base.sh
	fi
	log "base image ready in $(($(now) - t0))s"
}

build() {
	local t0 status args=()
	t0=$(now)
	[ -n "${BASE_IMAGE:-}" ] && args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
	log "building $image"
	set +e
	$ENGINE build --network host -t "$image" "${args[@]}" \
		--secret "id=aptconf,src=$aptconf" --secret "id=cacert,src=$cacert" \
		-f Dockerfile . 2>&1 | tee "$state/build.log" | grep -E '^(STEP|#[0-9]+ \[|--> Using cache|COMMIT)'
	status=${PIPESTATUS[0]}
	set -e
	[ "$status" -eq 0 ] || {
		tail -n 40 "$state/build.log" >&2
		die "building $image failed (full log: $state/build.log)"
	}
	log "image $image built in $(($(now) - t0))s"
	# Podman keeps every superseded image and its cache layers; drop the
	# dangling ones (the current image's cached layers are not dangling).
	if [ "${ENGINE%% *}" = podman ]; then
		$ENGINE image prune -f >/dev/null 2>&1 || true
	fi
}

runtests() {
	local t0 status logs=$state/logs
	t0=$(now)
	# The container's build/ (vmlinux.h, BPF logs, the test logs) is
	# build/container/logs here, so the logs outlive the container.
	# --pid host: BPF programs see the kernel's PIDs (bpf_get_current_pid_tgid,
	# task iterators), and the tests compare them with their own getpid().
	rm -rf "$logs"
	mkdir -p "$logs"
	log "running the suite in a privileged container (CI=true)"
	set +e
	$ENGINE run --rm --privileged --network host --pid host "${run_flags[@]}" \
		-e CI=true -e SSL_CERT_FILE=/run/secrets/cacert \
		-v "$cacert:/run/secrets/cacert:ro" \
		-v "$logs:/src/golibbpf/build" \
		"$image" "${cmd[@]}" 2>&1 | tee "$state/test.log"
	status=${PIPESTATUS[0]}
	set -e
	log "suite ran in $(($(now) - t0))s, exit status $status"
	summary
	[ "$status" -eq 0 ] || die "the suite failed in the container (log: $state/test.log, test logs: $logs/)"
}

# summary prints the in-container counts: one line per go test run, and
# their sum as the closing line.
summary() {
	local lines p=0 f=0 s=0 a b c
	lines=$(grep -E '^go test [^ ]+ .*: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$state/test.log" || true)
	if [ -z "$lines" ]; then
		[ ${#cmd[@]} -gt 0 ] || log "no test counts in $state/test.log: the suite did not get to run"
		return 0
	fi
	echo "in-container test counts:"
	while IFS= read -r l; do
		echo "  container $l"
		read -r a b c <<<"$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<<"$l")"
		p=$((p + a)) f=$((f + b)) s=$((s + c))
	done <<<"$lines"
	echo "container: $p passed, $f failed, $s skipped"
}

case "$step" in
base) base ;;
image) base && build ;;
test) runtests ;;
all) base && build && runtests ;;
esac
