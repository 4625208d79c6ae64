package section

import "testing"

// TestScanLongLikeGlibc checks scanLong against what glibc 2.36's
// sscanf("%li%n") returned for the same input on this machine.
func TestScanLongLikeGlibc(t *testing.T) {
	const maxInt64, minInt64 = 1<<63 - 1, -1 << 63
	for _, c := range []struct {
		in   string
		v    int64
		rest string
		ok   bool
	}{
		{"0x", 0, "", true},
		{"0xg", 0, "g", true},
		{" 5", 5, "", true},
		{"\t7", 7, "", true},
		{"\n3", 3, "", true},
		{"-5", -5, "", true},
		{"+5", 5, "", true},
		{" -3", -3, "", true},
		{"99999999999999999999", maxInt64, "", true},
		{"0xFFFFFFFFFFFFFFFF", maxInt64, "", true},
		{"-0x8000000000000000", minInt64, "", true},
		{"-99999999999999999999", minInt64, "", true},
		{"010", 8, "", true},
		{"08", 0, "8", true},
		{"00x5", 0, "x5", true},
		{"0x10z", 16, "z", true},
		{"0X1f", 31, "", true},
		{"5 ", 5, " ", true},
		{"0", 0, "", true},
		{"", 0, "", false},
		{"-", 0, "-", false},
		{"- 3", 0, "- 3", false},
		{"x", 0, "x", false},
		{"  ", 0, "  ", false},
	} {
		v, rest, ok := scanLong(c.in)
		if v != c.v || rest != c.rest || ok != c.ok {
			t.Errorf("scanLong(%q) = %d, %q, %v; glibc: %d, %q, %v", c.in, v, rest, ok, c.v, c.rest, c.ok)
		}
	}
}
