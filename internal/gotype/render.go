package gotype

import (
	"fmt"
	"slices"
	"strings"
)

// render writes every declaration, in the order the types were first met.
func (g *generator) render() (string, error) {
	var b strings.Builder
	for _, d := range g.decls {
		switch d.kind {
		case declEnum:
			fmt.Fprintf(&b, "// %s is %s.\ntype %s %s\n\n", d.name, d.what, d.name, d.underlying)
			if len(d.consts) > 0 {
				fmt.Fprintf(&b, "// Values of %s.\nconst (\n", d.what)
				for _, c := range d.consts {
					fmt.Fprintf(&b, "\t%s %s = %s // %s\n", c.name, d.name, c.value, c.comment)
				}
				b.WriteString(")\n\n")
			}
		default:
			fmt.Fprintf(&b, "// %s is %s: %s in BTF.\ntype %s struct {\n", d.name, d.what, byteCount(d.btfSize), d.name)
			for _, f := range d.fields {
				fmt.Fprintf(&b, "\t%s %s // %s\n", f.name, f.typ, f.comment)
			}
			b.WriteString("}\n\n")
			for _, m := range d.methods {
				b.WriteString(m)
				b.WriteString("\n")
			}
		}
	}
	return gofmt(b.String())
}

// checkFuncName is the name of the generated layout check.
func checkFuncName(prefix string) string {
	if prefix == "" {
		return "checkLayout"
	}
	return strings.ToLower(prefix[:1]) + prefix[1:] + "CheckLayout"
}

// renderCheck writes the layout check function.
func (g *generator) renderCheck(name string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, `// %s compares the size of every generated struct, and
// the offset of each of its fields, with the BTF layout they were generated
// from. It returns nil if all agree, else an error naming every Go and C
// name that does not.
func %s() error {
`, name, name)
	n := 0
	for _, d := range g.decls {
		if d.kind == declEnum {
			continue
		}
		if n == 0 {
			b.WriteString(`	var errs []error
	check := func(what string, got, want uintptr) {
		if got != want {
			errs = append(errs, fmt.Errorf("%s: %d in Go, %d in BTF", what, got, want))
		}
	}
`)
		}
		n++
		fmt.Fprintf(&b, "\tcheck(%q, unsafe.Sizeof(%s{}), %d)\n", fmt.Sprintf("size of %s (%s)", d.name, d.what), d.name, d.lay.size)
		for _, f := range d.fields {
			if f.check == "" {
				continue
			}
			sel := f.name
			if sel == "" {
				sel = f.typ
			}
			fmt.Fprintf(&b, "\tcheck(%q, unsafe.Offsetof(%s{}.%s), %d)\n", fmt.Sprintf("offset of %s.%s (%s)", d.name, sel, f.check), d.name, sel, f.off)
		}
	}
	if n > 0 {
		b.WriteString(`	if len(errs) > 0 {
		return fmt.Errorf("the generated Go types do not match the object's BTF layout (regenerate the skeleton for this platform?): %w", errors.Join(errs...))
	}
`)
	}
	b.WriteString("\treturn nil\n}\n")
	return gofmt(b.String())
}

// imports lists the packages the generated source uses.
func (g *generator) imports() []string {
	var imps []string
	for _, d := range g.decls {
		if d.kind != declEnum {
			imps = append(imps, "errors", "fmt", "unsafe")
			break
		}
	}
	if g.usesUnsafe {
		imps = append(imps, "unsafe")
	}
	slices.Sort(imps)
	return slices.Compact(imps)
}

// byteCount says n bytes in words: "1 byte", "16 bytes".
func byteCount(n uint32) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
