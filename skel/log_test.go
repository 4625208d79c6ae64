package skel_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/golibbpf/golibbpf/skel"
)

// recorder is a slog.Handler that keeps every record.
type recorder struct {
	mu   sync.Mutex
	recs []record
}

type record struct {
	level string
	msg   string
	attrs map[string]string
}

func newLogger(r *recorder) *slog.Logger { return slog.New(r) }

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	x := record{level: rec.Level.String(), msg: rec.Message, attrs: map[string]string{}}
	rec.Attrs(func(a slog.Attr) bool {
		x.attrs[a.Key] = a.Value.String()
		return true
	})
	r.mu.Lock()
	r.recs = append(r.recs, x)
	r.mu.Unlock()
	return nil
}

func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func (r *recorder) all() []record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]record(nil), r.recs...)
}

func TestLogRoutedPerObject(t *testing.T) {
	recA, recB := &recorder{}, &recorder{}
	a := open(t, "skel_basic", &skel.OpenOptions{Logger: newLogger(recA)})
	b := open(t, "skel_cgroup", &skel.OpenOptions{Logger: newLogger(recB)})
	var wg sync.WaitGroup
	for _, o := range []*skel.Object{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := o.Load(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	check := func(rec *recorder, obj, foreign string) {
		recs := rec.all()
		if len(recs) == 0 {
			t.Errorf("%s: no libbpf messages at debug level", obj)
		}
		for _, r := range recs {
			if r.attrs["object"] != obj || strings.Contains(r.msg, foreign) {
				t.Errorf("%s's logger got %q (%v)", obj, r.msg, r.attrs)
			}
		}
	}
	check(recA, "skel_basic", "on_sock_create")
	check(recB, "skel_cgroup", "count_xdp")
}
