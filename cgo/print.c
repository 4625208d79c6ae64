// The C half of libbpf's print callback: format the message and hand it to Go.
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include "_cgo_export.h"

/* golibbpf_route (print_route.c) is the calling thread's route: when set,
 * messages go to golibbpfRoutePrint with it instead of to golibbpfPrint. */
extern __thread uintptr_t golibbpf_route;

static void deliver(int level, char *msg, int n)
{
	if (golibbpf_route)
		golibbpfRoutePrint(golibbpf_route, level, msg, n);
	else
		golibbpfPrint(level, msg, n);
}

static int golibbpf_print(enum libbpf_print_level level, const char *format, va_list args)
{
	char small[512];
	va_list again;
	int n;

	va_copy(again, args);
	n = vsnprintf(small, sizeof(small), format, args);
	if (n < 0) {
		va_end(again);
		return n;
	}
	if ((size_t)n < sizeof(small)) {
		deliver((int)level, small, n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (big) {
			vsnprintf(big, (size_t)n + 1, format, again);
			deliver((int)level, big, n);
			free(big);
		} else {
			deliver((int)level, small, (int)sizeof(small) - 1);
		}
	}
	va_end(again);
	return n;
}

/* The callback stays installed even when Go silences libbpf (on == 0):
 * routed calls (RoutePrint) still need their messages; golibbpfPrint drops
 * the others when no PrintFunc is set. */
void golibbpf_route_print(int on)
{
	(void)on;
	libbpf_set_print(golibbpf_print);
}
