package ringbuf

import (
	"bytes"
	"testing"
	"unsafe"
)

// TestCopyRecord: copyRecord copies every size exactly, into the caller's
// memory when it is large enough, without touching the bytes past the
// record.
func TestCopyRecord(t *testing.T) {
	src := make([]byte, 80)
	for i := range src {
		src[i] = byte(i + 1)
	}
	for n := 0; n <= 70; n++ {
		for _, c := range []int{0, n - 1, n, n + 5, 80} {
			if c < 0 {
				continue
			}
			buf := bytes.Repeat([]byte{0xee}, c)
			got := copyRecord(buf[:0], unsafe.Pointer(&src[3]), uint32(n))
			if !bytes.Equal(got, src[3:3+n]) {
				t.Fatalf("n %d, cap %d: got %x, want %x", n, c, got, src[3:3+n])
			}
			if c >= n {
				if n > 0 && &got[0] != &buf[0] {
					t.Fatalf("n %d, cap %d: copied into new memory", n, c)
				}
				for i := n; i < c; i++ {
					if buf[i] != 0xee {
						t.Fatalf("n %d, cap %d: byte %d past the record written", n, c, i)
					}
				}
			}
		}
	}
}
