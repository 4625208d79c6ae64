package uprobe

// The probe targets. Each is a tiny leaf function without a stack frame:
// noinline so that it is really called, nosplit so that it has no stack
// growth check and is never asynchronously preempted (the whole body is an
// unsafe point), and norace so that -race adds no calls to it. A uretprobe
// replaces the return address on the stack until the function returns; a
// function that neither grows its stack nor stops at a safe point lets no Go
// traceback see the replaced address.

// targetA is probed by the cookie, pid filter and return probe tests.
//
//go:noinline
//go:nosplit
//go:norace
func targetA(x uint64) uint64 { return x*3 + 1 }

// targetB is probed by the cookie and return probe tests.
//
//go:noinline
//go:nosplit
//go:norace
func targetB(x uint64) uint64 { return x*5 + 2 }

// targetRef is probed only by the reference counter test, with refSemaphore
// as its semaphore. A uprobe is keyed by file and offset and its reference
// counter offset may not change while it exists, so no other test probes it.
//
//go:noinline
//go:nosplit
//go:norace
func targetRef(x uint64) uint64 { return x*7 + 3 }

// targetInfoE and targetInfoF are probed only by the link info test, with
// infoSemaphore as their semaphore.
//
//go:noinline
//go:nosplit
//go:norace
func targetInfoE(x uint64) uint64 { return x*11 + 4 }

// targetInfoF: see targetInfoE.
//
//go:noinline
//go:nosplit
//go:norace
func targetInfoF(x uint64) uint64 { return x*13 + 5 }

// refSemaphore and infoSemaphore are USDT-style semaphores: 2-byte counters
// the kernel increments in every process that maps the binary while a
// uprobe names them as ref_ctr_offset. A nonzero initial value puts them in
// .noptrdata, which is backed by the file (a zero one would land in
// .noptrbss, which has no file offset).
var (
	refSemaphore  uint16 = 7
	infoSemaphore uint16 = 9
)
