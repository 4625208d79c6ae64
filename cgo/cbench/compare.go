package cbench

import (
	"slices"
	"testing"
	"time"
)

// Compare times b.N operations of goOps and of cOps, alternately in chunks
// of chunk operations, and reports both means, their ratio and their
// difference. The ratio and the difference are medians over adjacent
// chunks, which other processes on a busy machine disturb far less than
// the means.
func Compare(b *testing.B, chunk int, goOps, cOps func(n int)) {
	ratios := make([]float64, 0, (b.N+chunk-1)/chunk)
	extras := make([]float64, 0, cap(ratios))
	var goTime, cTime time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for done, odd := 0, false; done < b.N; odd = !odd {
		n := min(chunk, b.N-done)
		// Alternate which goes first, so neither always finds the
		// caches as the other left them.
		first, second := goOps, cOps
		if odd {
			first, second = cOps, goOps
		}
		t0 := time.Now()
		first(n)
		t1 := time.Now()
		second(n)
		t2 := time.Now()
		g, c := t1.Sub(t0), t2.Sub(t1)
		if odd {
			g, c = c, g
		}
		goTime += g
		cTime += c
		ratios = append(ratios, float64(g)/float64(c))
		extras = append(extras, float64(g-c)/float64(n))
		done += n
	}
	b.StopTimer()
	slices.Sort(ratios)
	slices.Sort(extras)
	b.ReportMetric(float64(goTime.Nanoseconds())/float64(b.N), "ns/op")
	b.ReportMetric(float64(cTime.Nanoseconds())/float64(b.N), "C-ns/op")
	b.ReportMetric(ratios[len(ratios)/2], "x_of_C")
	b.ReportMetric(extras[len(extras)/2], "extra-ns/op")
}
