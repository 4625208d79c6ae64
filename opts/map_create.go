package opts

// MapCreate is struct bpf_map_create_opts.
type MapCreate struct {
	BTFFD                 uint32 // btf_fd
	BTFKeyTypeID          uint32 // btf_key_type_id
	BTFValueTypeID        uint32 // btf_value_type_id
	BTFVmlinuxValueTypeID uint32 // btf_vmlinux_value_type_id
	InnerMapFD            uint32 // inner_map_fd
	MapFlags              uint32 // map_flags: BPF_F_NO_PREALLOC, BPF_F_MMAPABLE, ...
	MapExtra              uint64 // map_extra
	NumaNode              uint32 // numa_node, with BPF_F_NUMA_NODE
	MapIfindex            uint32 // map_ifindex
	ValueTypeBTFObjFD     int32  // value_type_btf_obj_fd
	TokenFD               uint32 // token_fd
}

// Validate reports a problem libbpf or the kernel would reject in o.
func (o *MapCreate) Validate() error {
	if o == nil {
		return nil
	}
	if (o.BTFKeyTypeID != 0 || o.BTFValueTypeID != 0) && o.BTFFD == 0 {
		return invalid("bpf_map_create_opts", "BTFFD", "BTF type IDs need a BTF fd")
	}
	return nil
}

// Flags of BPF_MAP_UPDATE_ELEM and BPF_MAP_LOOKUP_ELEM.
const (
	BPF_ANY     uint64 = 0 // create or update
	BPF_NOEXIST uint64 = 1 // create only
	BPF_EXIST   uint64 = 2 // update only
	BPF_F_LOCK  uint64 = 4 // take the value's bpf_spin_lock
)
