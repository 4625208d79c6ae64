// The C half of libbpf's print callback: format the message and hand it to Go.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include "_cgo_export.h"

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
		golibbpfPrint((int)level, small, n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (big) {
			vsnprintf(big, (size_t)n + 1, format, again);
			golibbpfPrint((int)level, big, n);
			free(big);
		} else {
			golibbpfPrint((int)level, small, (int)sizeof(small) - 1);
		}
	}
	va_end(again);
	return n;
}

void golibbpf_route_print(int on)
{
	libbpf_set_print(on ? golibbpf_print : NULL);
}
