package section_test

import (
	"errors"
	"fmt"

	"github.com/golibbpf/golibbpf/skel/section"
)

func Example() {
	for _, name := range []string{"cgroup/connect4", "kprobe", "kprobe/do_unlinkat+8", "uprobe//usr/bin/bash:readline", "tp/sched/sched_switch", "kprobe_x"} {
		s, err := section.Resolve(name)
		if errors.Is(err, section.ErrUnknown) {
			fmt.Println(err)
			continue
		}
		attach := "none"
		if s.Definition.HasAttachType {
			attach = s.Definition.AttachType.String()
		}
		target, err := s.Target()
		fmt.Printf("%s: %s %s flags=%s auto=%v target=%+v err=%v\n",
			name, s.Definition.ProgType, attach, s.Definition.Flags, s.AutoAttach(), target, err)
	}
	// Output:
	// cgroup/connect4: cgroup_sock_addr cgroup_inet4_connect flags=attachable auto=false target=<nil> err=<nil>
	// kprobe: kprobe none flags=none auto=false target=<nil> err=<nil>
	// kprobe/do_unlinkat+8: kprobe none flags=none auto=true target={Func:do_unlinkat Offset:8 Return:false} err=<nil>
	// uprobe//usr/bin/bash:readline: kprobe none flags=none auto=true target={Path:/usr/bin/bash Func:readline Offset:0 Return:false Sleepable:false} err=<nil>
	// tp/sched/sched_switch: tracepoint none flags=none auto=true target={Category:sched Name:sched_switch} err=<nil>
	// section "kprobe_x": unknown section name
}
