package opts

// PerCPU reports whether maps of type t hold one value per possible CPU:
// user space reads and writes a value of each CPU at once, each rounded up
// to 8 bytes.
func (t MapType) PerCPU() bool {
	switch t {
	case MapTypePerCPUHash, MapTypePerCPUArray, MapTypeLRUPerCPUHash, MapTypePerCPUCgroupStorage:
		return true
	}
	return false
}
