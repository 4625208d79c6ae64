# The golibbpf test image: Debian bookworm with Go, the build and test tools,
# and the pinned libbpf. Its default command runs the README's test command
# (scripts/setup.sh && make test) after scripts/container-entry.sh has
# mounted bpffs, tracefs and cgroup v2; run it with --privileged.
#
#   docker build --network host -t golibbpf-test .
#   docker run --rm --privileged --network host --pid host -e CI=true golibbpf-test
#
# scripts/docker-test.sh (make docker-test) does both with docker or podman.
# The layers go from what changes least to what changes most: packages,
# libbpf (rebuilt only when libbpf/PIN or scripts/build-libbpf.sh change),
# Go modules (when go.mod/go.sum change), then the source.
#
# Two optional build secrets let the RUN steps reach Debian and the Go module
# proxy the way the building machine does; neither is stored in the image:
#   aptconf  an apt.conf (APT_CONFIG) with the machine's Acquire:: settings
#   cacert   a CA bundle for HTTPS (Go's SSL_CERT_FILE)

ARG BASE_IMAGE=golang:1.26-bookworm
FROM ${BASE_IMAGE}

ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	GOTOOLCHAIN=local \
	DEBIAN_FRONTEND=noninteractive
WORKDIR /src/golibbpf

# Debian packages: clang-16, llvm-16, libelf-dev, zlib1g-dev, libzstd-dev,
# iproute2, gcc, make, pkg-config, and bpftool from bookworm-backports,
# installed by the project's own scripts/setup.sh.
COPY scripts/setup.sh scripts/
RUN --mount=type=secret,id=aptconf --mount=type=secret,id=cacert \
	set -eu; \
	if [ -s /run/secrets/aptconf ]; then export APT_CONFIG=/run/secrets/aptconf; fi; \
	scripts/setup.sh packages; \
	apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null; \
	rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

# The pinned libbpf, fetched with apt (trixie deb-src), checksummed and built
# into libbpf/{lib,include}. The orig tarball stays in libbpf/.apt (a test
# reads libbpf's own source from it); apt's lists and cache go.
COPY libbpf/PIN libbpf/
COPY scripts/build-libbpf.sh scripts/
RUN --mount=type=secret,id=aptconf --mount=type=secret,id=cacert \
	set -eu; \
	if [ -s /run/secrets/aptconf ]; then export APT_CONFIG=/run/secrets/aptconf; fi; \
	scripts/build-libbpf.sh; \
	rm -rf libbpf/.apt/lists libbpf/.apt/cache

# The Go modules of the module and of tests/consumer, and the standard
# library compiled the three ways the suite builds it (plain, -race,
# GOEXPERIMENT=cgocheck2), so that a source change rebuilds only our code.
COPY go.mod go.sum ./
COPY tests/consumer/go.mod tests/consumer/go.sum tests/consumer/
RUN --mount=type=secret,id=cacert \
	set -eu; \
	if [ -s /run/secrets/cacert ]; then export SSL_CERT_FILE=/run/secrets/cacert; fi; \
	go mod download; \
	(cd tests/consumer && go mod download); \
	go build std golang.org/x/sys/unix github.com/google/go-cmp/cmp; \
	go build -race std golang.org/x/sys/unix github.com/google/go-cmp/cmp; \
	GOEXPERIMENT=cgocheck2 go build std golang.org/x/sys/unix github.com/google/go-cmp/cmp

COPY . .
ENTRYPOINT ["scripts/container-entry.sh"]
