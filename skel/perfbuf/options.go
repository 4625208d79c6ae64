package perfbuf

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Options configures a Reader. The zero value (or nil) means 8 data pages
// per CPU and a wake-up for every sample.
type Options struct {
	// Pages is the size of each CPU's ring in pages, a power of two; 0
	// means 8.
	Pages int
	// Watermark, when not 0, wakes a waiting reader only once this many
	// bytes are in a CPU's ring (perf_event_attr.watermark and
	// wakeup_watermark), instead of for every WakeupEvents samples.
	Watermark int
	// WakeupEvents wakes a waiting reader every this many samples
	// (perf_event_attr.wakeup_events); 0 means 1. Not with Watermark.
	WakeupEvents int
}

func (o *Options) validate(pageSize int) error {
	if o.Pages < 0 || o.Pages&(o.Pages-1) != 0 {
		return fmt.Errorf("perfbuf: Options.Pages %d is not a power of two: %w", o.Pages, unix.EINVAL)
	}
	if o.Watermark < 0 || o.WakeupEvents < 0 {
		return fmt.Errorf("perfbuf: Options.Watermark and WakeupEvents must not be negative: %w", unix.EINVAL)
	}
	if o.Watermark != 0 && o.WakeupEvents != 0 {
		return fmt.Errorf("perfbuf: Options.Watermark and WakeupEvents are exclusive: %w", unix.EINVAL)
	}
	if o.Watermark >= o.Pages*pageSize {
		return fmt.Errorf("perfbuf: Options.Watermark %d is not below the ring size %d: %w", o.Watermark, o.Pages*pageSize, unix.EINVAL)
	}
	return nil
}
