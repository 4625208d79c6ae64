// The per-thread route of libbpf's print callback (see print_route.go).
#include <stdint.h>

__thread uintptr_t golibbpf_route;

uintptr_t golibbpf_route_swap(uintptr_t h)
{
	uintptr_t old = golibbpf_route;

	golibbpf_route = h;
	return old;
}
