module github.com/golibbpf/golibbpf

go 1.24.0

require golang.org/x/sys v0.36.0

require github.com/google/go-cmp v0.7.0

tool github.com/golibbpf/golibbpf/cmd/skelgen
