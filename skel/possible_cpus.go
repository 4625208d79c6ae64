package skel

import (
	"sync"

	"github.com/golibbpf/golibbpf/cgo"
)

var possibleCPUs = sync.OnceValue(func() int {
	n, err := cgo.LibbpfNumPossibleCPUs()
	if err != nil || n < 1 {
		return 1
	}
	return n
})
