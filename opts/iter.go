package opts

import "golang.org/x/sys/unix"

// IterLinkInfo is union bpf_iter_link_info: what an iterator link walks.
// Set at most one member; libbpf passes iter_info_len = IterLinkInfoSize.
type IterLinkInfo struct {
	Map    *IterMap    // map: the map a bpf_map_elem (or sockmap) iterator walks
	Cgroup *IterCgroup // cgroup: where and how a cgroup iterator walks
	Task   *IterTask   // task: which task(s) a task, task_file or task_vma iterator walks
}

// IterLinkInfoSize is sizeof(union bpf_iter_link_info).
const IterLinkInfoSize = 16

// IterMap is the map member of union bpf_iter_link_info.
type IterMap struct {
	MapFD uint32 // map_fd
}

// IterCgroup is the cgroup member of union bpf_iter_link_info. At most one of
// CgroupFD and CgroupID may be set; with neither, the walk starts at the
// cgroup v2 root.
type IterCgroup struct {
	Order    CgroupIterOrder // order: required (the kernel refuses CgroupIterOrderUnspec)
	CgroupFD uint32          // cgroup_fd
	CgroupID uint64          // cgroup_id
}

// IterTask is the task member of union bpf_iter_link_info. At most one of
// TID, PID and PIDFD may be set; with none, every task is walked.
type IterTask struct {
	TID   uint32 // tid: one thread
	PID   uint32 // pid: the threads of one process
	PIDFD uint32 // pid_fd: the threads of the process a pidfd refers to
}

func (i *IterLinkInfo) validate() error {
	if i == nil {
		return nil
	}
	const s = linkCreateStruct
	n := 0
	for _, set := range []bool{i.Map != nil, i.Cgroup != nil, i.Task != nil} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return invalid(s, "IterInfo", "no member of the union is set")
	case n > 1:
		return invalid(s, "IterInfo", "only one of Map, Cgroup and Task may be set")
	case i.Map != nil && i.Map.MapFD == 0:
		e := invalid(s, "IterInfo.Map.MapFD", "is zero")
		e.Errno = unix.EBADF // what the kernel returns for it
		return e
	case i.Cgroup != nil && i.Cgroup.CgroupFD != 0 && i.Cgroup.CgroupID != 0:
		return invalid(s, "IterInfo.Cgroup", "only one of CgroupFD and CgroupID may be set")
	case i.Cgroup != nil && (i.Cgroup.Order == CgroupIterOrderUnspec || i.Cgroup.Order > CgroupIterAncestorsUp):
		return invalid(s, "IterInfo.Cgroup.Order", "%d is not a bpf_cgroup_iter_order", i.Cgroup.Order)
	case i.Task != nil:
		m := 0
		for _, v := range []uint32{i.Task.TID, i.Task.PID, i.Task.PIDFD} {
			if v != 0 {
				m++
			}
		}
		if m > 1 {
			return invalid(s, "IterInfo.Task", "only one of TID, PID and PIDFD may be set")
		}
	}
	return nil
}
