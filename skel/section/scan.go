package section

import "strings"

// This file reads section extras the way glibc's sscanf reads them with
// the formats of libbpf's attach functions, so that a typed target names
// what libbpf would attach.

// scanSet returns the longest prefix of s made of bytes for which in is
// true (sscanf's "%m[set]"), and the rest.
func scanSet(s string, in func(byte) bool) (match, rest string) {
	i := 0
	for i < len(s) && in(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// isKprobeFunc is the set [a-zA-Z0-9_.] of attach_kprobe's format.
func isKprobeFunc(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
}

// isKprobePattern is the set [a-zA-Z0-9_.*?] of attach_kprobe_multi's format.
func isKprobePattern(c byte) bool {
	return isKprobeFunc(c) || c == '*' || c == '?'
}

// isCSpace is C's isspace in the "C" locale, which %li skips.
func isCSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

// scanLong reads a number as glibc's "%li" does: leading white space, an
// optional sign, then "0x"/"0X" and hex digits, "0" and octal digits, or
// decimal digits. Out-of-range values saturate to the int64 limits, as
// strtol's do. A "0x" without hex digits reads as 0, consuming the "x",
// as glibc does. ok is false when no number can be read (sscanf would
// stop converting there); rest is what follows the number.
func scanLong(s string) (v int64, rest string, ok bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i >= len(s) {
		return 0, s, false
	}
	base := uint64(10)
	digitsStart := i
	if s[i] == '0' {
		base = 8
		i++
		if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
			base = 16
			i++
		}
		digitsStart = i
	}
	var mag uint64
	overflow := false
	for i < len(s) {
		d, ok := digit(s[i], base)
		if !ok {
			break
		}
		if mag > (1<<64-1-d)/base {
			overflow = true
		} else {
			mag = mag*base + d
		}
		i++
	}
	if base == 10 && i == digitsStart {
		return 0, s, false // no digit at all
	}
	const maxInt64 = 1<<63 - 1
	switch {
	case neg && (overflow || mag > maxInt64+1):
		v = -maxInt64 - 1
	case neg:
		v = -int64(mag-1) - 1 // mag may be 2^63
	case overflow || mag > maxInt64:
		v = maxInt64
	default:
		v = int64(mag)
	}
	return v, s[i:], true
}

// digit returns c's value in base, if c is a digit of base (8, 10 or 16).
func digit(c byte, base uint64) (uint64, bool) {
	var d uint64
	switch {
	case c >= '0' && c <= '9':
		d = uint64(c - '0')
	case c >= 'a' && c <= 'f':
		d = uint64(c-'a') + 10
	case c >= 'A' && c <= 'F':
		d = uint64(c-'A') + 10
	default:
		return 0, false
	}
	return d, d < base
}

// cutLine returns s up to its first newline (sscanf's "%m[^\n]").
func cutLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
