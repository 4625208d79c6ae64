# golibbpf build and test entry points. Everything a bare Debian bookworm
# machine needs is installed by `make setup` (scripts/setup.sh), which the
# demo and test targets run first.

GO        ?= go
CLANG     ?= clang-16
BPFTOOL   ?= $(shell command -v bpftool || echo /usr/sbin/bpftool)
BUILD     := build
LIBBPF    := libbpf
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 \
	-I$(BUILD) -I$(LIBBPF)/include -I/usr/include/x86_64-linux-gnu -Wall -Werror

TEST_BPF_SRC := $(wildcard tests/testdata/*.bpf.c)
TEST_BPF_OBJ := $(TEST_BPF_SRC:.bpf.c=.bpf.o)
EXAMPLE_BPF_SRC := $(wildcard examples/*/bpf/*.bpf.c)
EXAMPLE_BPF_OBJ := $(EXAMPLE_BPF_SRC:.bpf.c=.bpf.o)
# User-space programs that the tests probe (uprobes, USDTs).
TEST_TARGETS := tests/testdata/lifecycle_target

export PATH := /usr/local/go/bin:$(PATH)

.PHONY: all setup libbpf bpf demo test test-unit test-race test-cgocheck test-consumer test-examples check-generate bench bench-smoke vet generate clean

all: bpf
	$(GO) build ./...

# Packages, the pinned libbpf, bpffs/tracefs/cgroup2 mounts.
setup:
	scripts/setup.sh

libbpf:
	scripts/build-libbpf.sh

$(BUILD)/vmlinux.h:
	@mkdir -p $(BUILD)
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

%.bpf.o: %.bpf.c $(BUILD)/vmlinux.h $(LIBBPF)/.built
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(LIBBPF)/.built:
	scripts/build-libbpf.sh

bpf: $(TEST_BPF_OBJ) $(EXAMPLE_BPF_OBJ) $(TEST_TARGETS)

tests/testdata/%_target: tests/testdata/%_target.c
	$(CC) -O1 -g -Wall -Werror -o $@ $<

# The demo: the seed scenario (cgroup/connect4, getpeername4, getsockname4,
# bind4) through the skeleton skelgen generated for it.
demo: setup bpf
	$(GO) run ./examples/connect4

# The whole suite: vet and gofmt, the tests under -race, again under
# GOEXPERIMENT=cgocheck2, the out-of-tree consumer module, every example,
# the generated skeletons reproduced by go generate, and one short run of
# every benchmark.
test: setup bpf vet test-race test-cgocheck test-consumer test-examples check-generate bench-smoke

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test-race:
	scripts/gotest.sh race -race

test-cgocheck:
	GOEXPERIMENT=cgocheck2 scripts/gotest.sh cgocheck2

test-consumer:
	cd tests/consumer && $(GO) build -o consumer . && ./consumer && \
		if ldd ./consumer | grep -E 'libbpf|libelf|libz'; then echo "consumer is not static in libbpf/libelf/zlib"; exit 1; fi

test-examples:
	scripts/run-examples.sh

check-generate:
	scripts/check-generate.sh

# Every benchmark, each next to its C baseline in the same run (the numbers
# in the README's performance section).
# The ring buffer benchmarks refill the ring between rounds, so they get a
# fixed count.
bench: bpf
	$(GO) test -run '^$$' -bench . -benchmem -count 3 ./cgo ./skel
	$(GO) test -run '^$$' -bench . -benchmem -count 3 -benchtime 20000000x ./skel/ringbuf

# One short run of every benchmark, as a smoke test.
bench-smoke: bpf
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 100x ./...

# opts/enums.go and cgo/enums_table.go from libbpf; the skeletons of the
# examples from their BPF objects.
generate: bpf
	$(GO) run ./scripts/genenums
	$(GO) generate ./...

clean:
	rm -rf $(BUILD) $(TEST_BPF_OBJ) $(EXAMPLE_BPF_OBJ) $(TEST_TARGETS) tests/consumer/consumer

# The suite in a privileged container (scripts/docker-test.sh): docker when a
# docker engine answers, else podman. docker-base makes the Dockerfile's base
# image locally when no registry can give it; docker-image builds the test
# image; docker-test builds it and runs the suite inside with CI=true.
.PHONY: docker-base docker-image docker-test

docker-base:
	scripts/docker-test.sh base

docker-image:
	scripts/docker-test.sh image

docker-test:
	scripts/docker-test.sh all
