// Package elfsym finds where functions and variables of the running
// executable lie in its ELF file, as the file offsets uprobes take.
//
// A Go binary may have no symbol table (`go test` and `go run` link with
// -s -w), so the run-time address of a function or variable is taken from
// Go itself, turned into a link-time virtual address (minus the load bias,
// 0 for ET_EXEC) and then into a file offset through the PT_LOAD program
// header whose file-backed part holds it. Every offset is proved by
// comparing the bytes there in the file with the bytes at the address in
// this process's memory (/proc/self/mem).
package elfsym
