// Package gotype turns the BTF of a BPF object into Go type declarations
// for a generated skeleton: one struct per global-data section (.bss, .data,
// .rodata, .kconfig, .data.*, .rodata.*) that matches the BTF layout byte for
// byte, Go types for the keys and values of BTF-defined maps, and a layout
// check the skeleton runs at Open.
//
// The mapping:
//
//   - integers become int8 … uint64 by width and sign, C char becomes byte,
//     bool stays bool, __int128 becomes [2]uint64, float and double become
//     float32 and float64; pointers become uint64 (BPF pointers are 64 bits);
//   - typedefs and const/volatile/restrict/type_tag qualifiers are resolved
//     away; an anonymous struct, union or enum takes its typedef's name if it
//     has one, else its parent's Go name followed by the member's;
//   - arrays stay arrays, multi-dimensional ones included;
//   - a struct becomes a Go struct with explicit padding fields (_ [N]byte);
//     an unnamed struct or union member is embedded, so its fields and
//     methods are promoted as C promotes them;
//   - a union becomes a struct holding its bytes (with a zero-length field
//     giving it the union's alignment) and one method per member returning a
//     pointer into them;
//   - an enum becomes a named integer type and one constant per enumerator,
//     named Prefix + the enumerator's Go name;
//   - a bitfield gets byte-array storage and a getter (Name) and setter
//     (SetName) method;
//   - a member Go could not place where BTF puts it (a packed struct) is
//     stored as a byte array with a getter and setter that copy the value.
//
// The generated code assumes a 64-bit little-endian target on which Go
// aligns each integer to its size (amd64, arm64, ...): the generated layout
// check reports any platform where that does not hold.
package gotype
