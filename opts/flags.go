package opts

// Flags of BPF_PROG_ATTACH and BPF_LINK_CREATE, from libbpf 1.5.0's
// include/uapi/linux/bpf.h.
const (
	// BPF_F_ALLOW_OVERRIDE lets a sub-cgroup override this cgroup's program.
	BPF_F_ALLOW_OVERRIDE uint32 = 1 << 0
	// BPF_F_ALLOW_MULTI allows several programs per cgroup and attach type.
	BPF_F_ALLOW_MULTI uint32 = 1 << 1
	// BPF_F_REPLACE replaces the program or link named by the replace/relative field.
	BPF_F_REPLACE uint32 = 1 << 2
	// BPF_F_BEFORE places the new program before the relative one (multi-prog attach: tcx, netkit).
	BPF_F_BEFORE uint32 = 1 << 3
	// BPF_F_AFTER places the new program after the relative one.
	BPF_F_AFTER uint32 = 1 << 4
	// BPF_F_ID says the relative object is given by ID, not by file descriptor.
	BPF_F_ID uint32 = 1 << 5
	// BPF_F_LINK says the relative object is a link, not a program.
	BPF_F_LINK uint32 = 1 << 13

	// BPF_F_KPROBE_MULTI_RETURN makes a kprobe_multi link a return probe.
	BPF_F_KPROBE_MULTI_RETURN uint32 = 1 << 0
	// BPF_F_UPROBE_MULTI_RETURN makes an uprobe_multi link a return probe.
	BPF_F_UPROBE_MULTI_RETURN uint32 = 1 << 0
	// BPF_F_NETFILTER_IP_DEFRAG asks netfilter to defragment packets before the program sees them.
	BPF_F_NETFILTER_IP_DEFRAG uint32 = 1 << 0

	// BPF_F_QUERY_EFFECTIVE makes BPF_PROG_QUERY report the programs in effect, inherited ones included.
	BPF_F_QUERY_EFFECTIVE uint32 = 1 << 0
)

// mprogAttachFlags are the flags multi-program attach points (tcx, netkit) accept.
const mprogAttachFlags = BPF_F_REPLACE | BPF_F_BEFORE | BPF_F_AFTER | BPF_F_ID | BPF_F_LINK

// Netfilter protocol families and hooks accepted by BPF netfilter links
// (linux/netfilter.h).
const (
	NFPROTO_IPV4 uint32 = 2  // NFPROTO_IPV4
	NFPROTO_IPV6 uint32 = 10 // NFPROTO_IPV6

	NF_INET_PRE_ROUTING  uint32 = 0 // NF_INET_PRE_ROUTING
	NF_INET_LOCAL_IN     uint32 = 1 // NF_INET_LOCAL_IN
	NF_INET_FORWARD      uint32 = 2 // NF_INET_FORWARD
	NF_INET_LOCAL_OUT    uint32 = 3 // NF_INET_LOCAL_OUT
	NF_INET_POST_ROUTING uint32 = 4 // NF_INET_POST_ROUTING

	// NF_IP_PRI_CONNTRACK_DEFRAG is the priority of IPv4/IPv6 defragmentation;
	// a link with BPF_F_NETFILTER_IP_DEFRAG must run after it (priority > -400).
	NF_IP_PRI_CONNTRACK_DEFRAG int32 = -400
)

// CgroupIterOrder is enum bpf_cgroup_iter_order: how a cgroup iterator walks.
type CgroupIterOrder uint32

// Values of CgroupIterOrder.
const (
	CgroupIterOrderUnspec     CgroupIterOrder = 0 // BPF_CGROUP_ITER_ORDER_UNSPEC
	CgroupIterSelfOnly        CgroupIterOrder = 1 // BPF_CGROUP_ITER_SELF_ONLY
	CgroupIterDescendantsPre  CgroupIterOrder = 2 // BPF_CGROUP_ITER_DESCENDANTS_PRE
	CgroupIterDescendantsPost CgroupIterOrder = 3 // BPF_CGROUP_ITER_DESCENDANTS_POST
	CgroupIterAncestorsUp     CgroupIterOrder = 4 // BPF_CGROUP_ITER_ANCESTORS_UP
)
