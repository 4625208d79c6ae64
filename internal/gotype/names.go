package gotype

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrNameClash is wrapped by the error Generate returns when two C names,
// or a C name and a reserved name, map to the same Go name.
var ErrNameClash = errors.New("Go name clash")

// GoName turns a C identifier (or a section name) into an exported Go name:
// it splits name at every character that is not an ASCII letter or digit,
// capitalises each part and joins them. A part written all in capitals
// keeps only its first letter capital (CFG_TGID → CfgTgid); other parts keep
// their case (service_mapping → ServiceMapping, ipAddr → IpAddr). A result
// that would start with a digit gets an X in front. GoName returns "" when
// name has no letter or digit.
func GoName(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return !isAlnum(r) }) {
		allCaps := strings.ToUpper(part) == part
		for i, r := range part {
			switch {
			case i == 0:
				r = unicode.ToUpper(r)
			case allCaps:
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		s = "X" + s
	}
	return s
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// namespace records which C entity each Go name in one scope stands for.
type namespace struct {
	scope string
	names map[string]string // Go name → description of the C entity
}

func newNamespace(scope string) *namespace {
	return &namespace{scope: scope, names: make(map[string]string)}
}

// claim records that goName stands for what; claiming a name twice for
// different things is an ErrNameClash naming both.
func (ns *namespace) claim(goName, what string) error {
	if prev, ok := ns.names[goName]; ok && prev != what {
		return fmt.Errorf("gotype: %s and %s both become %s%s: %w", prev, what, goName, ns.scope, ErrNameClash)
	}
	ns.names[goName] = what
	return nil
}
