package opts

// MapBatch is struct bpf_map_batch_opts, the options of
// bpf_map_lookup_batch, bpf_map_lookup_and_delete_batch,
// bpf_map_update_batch and bpf_map_delete_batch.
type MapBatch struct {
	ElemFlags uint64 // elem_flags: 0 or BPF_F_LOCK, for every operation (the kernel refuses BPF_NOEXIST and BPF_EXIST here)
	Flags     uint64 // flags: none are defined; the kernel refuses or ignores others depending on the map
}

// Validate reports a problem the kernel would reject in o: an ElemFlags
// other than 0 or BPF_F_LOCK. Whether the map's value holds the
// bpf_spin_lock that BPF_F_LOCK needs is the kernel's to check.
func (o *MapBatch) Validate() error {
	if o == nil {
		return nil
	}
	if o.ElemFlags&^BPF_F_LOCK != 0 {
		return invalid("bpf_map_batch_opts", "ElemFlags", "%#x: the batch operations take only BPF_F_LOCK", o.ElemFlags)
	}
	return nil
}
