package epoll

import (
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/opts"
)

// MapInfo is the part of struct bpf_map_info a reader checks.
type MapInfo struct {
	Type       opts.MapType
	ID         uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	Flags      uint32
	Name       string
}

// GetMapInfo reads the info of the map fd with BPF_OBJ_GET_INFO_BY_FD.
func GetMapInfo(fd int) (MapInfo, error) {
	// struct bpf_map_info starts with type, id, key_size, value_size,
	// max_entries, map_flags (all __u32), then char name[16].
	var info struct {
		typ, id, keySize, valueSize, maxEntries, flags uint32
		name                                           [16]byte
		rest                                           [64]byte
	}
	attr := struct {
		fd      uint32
		infoLen uint32
		info    uint64
	}{fd: uint32(fd), infoLen: uint32(unsafe.Sizeof(info)), info: uint64(uintptr(unsafe.Pointer(&info)))}
	_, _, errno := unix.Syscall(unix.SYS_BPF, unix.BPF_OBJ_GET_INFO_BY_FD, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr))
	runtime.KeepAlive(&info)
	if errno != 0 {
		return MapInfo{}, fmt.Errorf("bpf_map_get_info_by_fd(map_fd=%d): %w", fd, errno)
	}
	n := 0
	for n < len(info.name) && info.name[n] != 0 {
		n++
	}
	return MapInfo{Type: opts.MapType(info.typ), ID: info.id, KeySize: info.keySize, ValueSize: info.valueSize,
		MaxEntries: info.maxEntries, Flags: info.flags, Name: string(info.name[:n])}, nil
}

// Describe names a map for an error message: `map "events" (id 7, fd 5)`.
func (i MapInfo) Describe(fd int) string {
	return fmt.Sprintf("map %q (id %d, fd %d)", i.Name, i.ID, fd)
}
