// The user-space target of lifecycle.bpf.c's uprobe, uretprobe and usdt
// programs: calls lifecycle_tick(i) and fires the golibbpf:tick USDT with i,
// for i = 1..N (N is the first argument, default 3).
#include <stdlib.h>
#include <sys/sdt.h>

__attribute__((noinline)) int lifecycle_tick(int n)
{
	__asm__ volatile("" ::: "memory");
	return n * 2;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	int sum = 0;

	for (int i = 1; i <= n; i++) {
		DTRACE_PROBE1(golibbpf, tick, i);
		sum += lifecycle_tick(i);
	}
	return sum == n * (n + 1) ? 0 : 1;
}
