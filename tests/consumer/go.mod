module example.com/golibbpf-consumer

go 1.24.0

require (
	github.com/golibbpf/golibbpf v0.0.0
	golang.org/x/sys v0.36.0
)

replace github.com/golibbpf/golibbpf => ../..
