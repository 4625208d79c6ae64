// Global data and map types that stress internal/gotype's BTF-to-Go layout:
// every integer width, bool, char arrays, multi-dimensional arrays, nested
// and anonymous structs and unions, enums (unsigned, signed, 64-bit,
// packed), pointers, bitfields, packed structs, typedefs and qualifiers, in
// .bss, .data, .rodata and a custom .data.foo section, plus maps with struct
// keys and values. The syscall program gl_fill writes known values into all
// of it; the Go tests read them back through the generated types.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

typedef unsigned int gl_u32_t;
typedef volatile gl_u32_t gl_cv_u32_t;

enum gl_color { GL_RED = 1, GL_GREEN = 2, GL_BLUE = 4 };
enum gl_sign { GL_NEG = -5, GL_POS = 7 };
enum gl_big { GL_BIG_ONE = 1, GL_BIG_HUGE = 0xfffffffff0ULL };
enum gl_small { GL_SMALL_A, GL_SMALL_B, GL_SMALL_C } __attribute__((packed));

struct gl_point {
	__s16 x;
	__s16 y;
};

// Bitfields of several storage types, signed and unsigned, an enum and a
// bool bitfield, a 40-bit one that straddles a 32-bit boundary.
struct gl_bits {
	unsigned int a : 3;
	unsigned int b : 5;
	int c : 7;
	unsigned long long d : 40;
	enum gl_color col : 4;
	bool flag : 1;
	__u8 tail;
};

union gl_num {
	__u32 u;
	__s32 i;
	float f;
	__u8 bytes[4];
	struct gl_point pt;
};

// 13 bytes, alignment 1: Go cannot place wide or mid at these offsets.
struct gl_packed {
	__u8 tag;
	__u64 wide;
	__u32 mid;
} __attribute__((packed));

// A typedef'd anonymous struct: the Go type takes the typedef's name.
typedef struct {
	__u16 lo;
	__u16 hi;
} gl_pair_t;

struct gl_nested {
	__u8 kind;
	__u64 stamp; // 7 bytes of padding before it
	struct gl_point pts[2][3];
	struct {
		__u16 lo;
		__u16 hi;
	} pair; // named member of an anonymous struct type
	union {
		__u32 word;
		__u8 octets[4];
	}; // anonymous union member
	struct {
		__u8 m;
		__u8 n;
	}; // anonymous struct member
	union gl_num num;
	struct gl_packed pk;
	const volatile __u32 cv;
	gl_cv_u32_t cvt;
	void *ptr;
	int (*fn)(int);
	gl_pair_t tp;
	__u8 end; // trailing padding after it
};

// .bss: every scalar kind, arrays, nested types.
__u8 gl_u8;
__s8 gl_s8;
__u16 gl_u16;
__s16 gl_s16;
__u32 gl_u32;
__s32 gl_s32;
__u64 gl_u64;
__s64 gl_s64;
bool gl_bool;
char gl_name[16];
signed char gl_sc[3];
unsigned char gl_uc[5];
__u32 gl_grid[2][3][4];
float gl_f32;
double gl_f64;
unsigned __int128 gl_u128;
struct gl_nested gl_nested;
struct gl_bits gl_bits;
union gl_num gl_num;
enum gl_color gl_color;
enum gl_sign gl_sign;
enum gl_big gl_big;
enum gl_small gl_small;
gl_u32_t gl_typedefd;
void *gl_ptr;
struct gl_packed gl_packed_var;
static volatile __u32 gl_hidden; // static: not exposed, becomes padding
__u64 gl_ro_copy;
struct {
	__u8 x;
	__u32 y;
} gl_anon_var;

// .data: initialised globals.
__u32 gl_data_u32 = 0x11223344;
struct gl_point gl_data_pt = { -1, 2 };
char gl_data_str[8] = "hello";
struct gl_bits gl_data_bits = { .a = 6, .b = 9, .c = -3, .d = 0xabcdef0123, .col = GL_GREEN, .flag = 1, .tail = 0x5a };

// .rodata: read-only configuration.
const volatile __u64 gl_ro_u64 = 0xdeadbeefcafef00dULL;
const volatile struct gl_point gl_ro_pt = { 3, -4 };
const volatile enum gl_sign gl_ro_sign = GL_NEG;

// A custom data section.
__u16 gl_foo_a SEC(".data.foo") = 7;
struct gl_bits gl_foo_bits SEC(".data.foo") = { .a = 1, .b = 2, .c = -1, .d = 3, .col = GL_RED, .flag = 0, .tail = 4 };

struct gl_key {
	__u32 id;
	__u16 port;
	__u8 proto;
};

struct gl_val {
	union gl_num n;
	struct gl_bits bits;
	__u64 hits;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, struct gl_key);
	__type(value, struct gl_val);
} gl_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct gl_nested);
} gl_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} gl_ring SEC(".maps");

SEC("syscall")
int gl_fill(void *ctx)
{
	gl_u8 = 0xfe;
	gl_s8 = -2;
	gl_u16 = 0xfedc;
	gl_s16 = -300;
	gl_u32 = 0xfedcba98;
	gl_s32 = -70000;
	gl_u64 = 0xfedcba9876543210ULL;
	gl_s64 = -5000000000LL;
	gl_bool = true;
	__builtin_memcpy(gl_name, "golibbpf", 9);
	gl_sc[2] = -7;
	gl_uc[4] = 200;
	gl_grid[1][2][3] = 123;
	gl_grid[0][1][2] = 12;
	gl_u128 = ((unsigned __int128)0x0102030405060708ULL << 64) | 0x1112131415161718ULL;
	gl_nested.kind = 9;
	gl_nested.stamp = 0x1122334455667788ULL;
	gl_nested.pts[1][2].x = -11;
	gl_nested.pts[1][2].y = 22;
	gl_nested.pair.lo = 0x1234;
	gl_nested.pair.hi = 0x5678;
	gl_nested.word = 0xa1b2c3d4;
	gl_nested.m = 31;
	gl_nested.n = 32;
	gl_nested.num.i = -42;
	gl_nested.pk.tag = 0x33;
	gl_nested.pk.wide = 0x0807060504030201ULL;
	gl_nested.pk.mid = 0x0c0b0a09;
	gl_nested.cvt = 77;
	gl_nested.ptr = (void *)0x1000;
	gl_nested.tp.hi = 0x4321;
	gl_nested.end = 0xee;
	gl_bits.a = 5;
	gl_bits.b = 17;
	gl_bits.c = -9;
	gl_bits.d = 0x12345678abULL;
	gl_bits.col = GL_BLUE;
	gl_bits.flag = 1;
	gl_bits.tail = 0x7e;
	gl_num.pt.x = 100;
	gl_num.pt.y = -100;
	gl_color = GL_GREEN;
	gl_sign = GL_NEG;
	gl_big = GL_BIG_HUGE;
	gl_small = GL_SMALL_C;
	gl_typedefd = 0xabcdef;
	gl_ptr = (void *)0x2000;
	gl_packed_var.tag = 1;
	gl_packed_var.wide = 0xf0e0d0c0b0a09080ULL;
	gl_packed_var.mid = 0x77665544;
	gl_hidden = 1;
	gl_ro_copy = gl_ro_u64 + gl_ro_pt.x + gl_ro_sign;
	gl_anon_var.x = 5;
	gl_anon_var.y = 0x5050;
	gl_data_u32 += 1;
	gl_foo_a += 1;
	gl_foo_bits.d += 0x100;

	struct gl_key k = { .id = 7, .port = 8080, .proto = 6 };
	struct gl_val v = {};
	v.n.u = 0x01020304;
	v.bits.c = -64;
	v.bits.d = 0xffffffffffULL;
	v.hits = 99;
	bpf_map_update_elem(&gl_hash, &k, &v, BPF_ANY);

	__u32 i = 3;
	struct gl_nested *n = bpf_map_lookup_elem(&gl_array, &i);
	if (n) {
		n->kind = 3;
		n->stamp = 0xabcdabcdULL;
		n->octets[3] = 0x99;
		n->end = 0x11;
	}
	return 0;
}
