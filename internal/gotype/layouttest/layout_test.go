package layouttest

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/internal/btf"
	"github.com/golibbpf/golibbpf/internal/gotype"
	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
)

// TestCheckLayout runs the generated layout check.
func TestCheckLayout(t *testing.T) {
	if err := layoutCheckLayout(); err != nil {
		t.Fatal(err)
	}
}

// TestLayoutAgainstBTF checks, independently of the generated check, that
// each section struct has each exposed variable at the offset the object's
// BTF gives it and is at least as large as the section.
func TestLayoutAgainstBTF(t *testing.T) {
	spec, err := btf.LoadELF(testenv.BPFObject(t, "gotype_layout"))
	if err != nil {
		t.Fatal(err)
	}
	structs := map[string]reflect.Type{
		".bss":      reflect.TypeFor[LayoutBss](),
		".data":     reflect.TypeFor[LayoutData](),
		".data.foo": reflect.TypeFor[LayoutDataFoo](),
		".rodata":   reflect.TypeFor[LayoutRodata](),
	}
	seen := 0
	for _, ds := range spec.Datasecs() {
		rt, ok := structs[ds.Name]
		if !ok {
			continue
		}
		seen++
		if rt.Size() < uintptr(ds.Size) {
			t.Errorf("%s: Go size %d < BTF size %d", rt, rt.Size(), ds.Size)
		}
		for _, v := range ds.Vars {
			if v.Linkage != btf.LinkageGlobal {
				continue
			}
			f, ok := rt.FieldByName(gotype.GoName(v.Name))
			if !ok {
				t.Errorf("%s has no field for %s %s", rt, ds.Name, v.Name)
				continue
			}
			if f.Offset != uintptr(v.Offset) || f.Type.Size() != uintptr(v.Size) {
				t.Errorf("%s.%s: offset %d size %d, BTF says %d and %d", rt, f.Name, f.Offset, f.Type.Size(), v.Offset, v.Size)
			}
		}
	}
	if seen != len(structs) {
		t.Errorf("found %d of %d sections in BTF", seen, len(structs))
	}
	for name, want := range map[string]uintptr{"gl_point": 4, "gl_bits": 16, "gl_num": 4, "gl_packed": 13, "gl_nested": 104, "gl_key": 8, "gl_val": 32} {
		typ, err := spec.TypeByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if uintptr(typ.Size) != want {
			t.Errorf("BTF size of %s is %d, the test expects %d", name, typ.Size, want)
		}
	}
	for rt, want := range map[reflect.Type]uintptr{
		reflect.TypeFor[LayoutGlPoint](): 4, reflect.TypeFor[LayoutGlBits](): 16, reflect.TypeFor[LayoutGlNum](): 4,
		reflect.TypeFor[LayoutGlPacked](): 13, reflect.TypeFor[LayoutGlNested](): 104, reflect.TypeFor[LayoutGlKey](): 8,
		reflect.TypeFor[LayoutGlVal](): 32,
	} {
		if rt.Size() != want {
			t.Errorf("unsafe.Sizeof(%s) = %d, want %d", rt, rt.Size(), want)
		}
	}
}

// TestAccessors exercises the generated setters and getters without the
// kernel: each setter changes its own bits and nothing else.
func TestAccessors(t *testing.T) {
	var b LayoutGlBits
	b.Tail = 0xff
	b.SetA(5)
	b.SetB(17)
	b.SetC(-9)
	b.SetD(0x12345678ab)
	b.SetCol(LayoutGlBlue)
	b.SetFlag(true)
	if b.A() != 5 || b.B() != 17 || b.C() != -9 || b.D() != 0x12345678ab || b.Col() != LayoutGlBlue || !b.Flag() || b.Tail != 0xff {
		t.Fatalf("after setting: a=%d b=%d c=%d d=%#x col=%d flag=%v tail=%#x", b.A(), b.B(), b.C(), b.D(), b.Col(), b.Flag(), b.Tail)
	}
	b.SetA(0xff) // only the low 3 bits are kept
	b.SetC(63)
	b.SetFlag(false)
	if b.A() != 7 || b.B() != 17 || b.C() != 63 || b.D() != 0x12345678ab || b.Flag() {
		t.Fatalf("after overflow: a=%d b=%d c=%d d=%#x flag=%v", b.A(), b.B(), b.C(), b.D(), b.Flag())
	}
	var p LayoutGlPacked
	p.SetWide(0x0102030405060708)
	p.SetMid(0xa0b0c0d0)
	p.Tag = 1
	if p.Wide() != 0x0102030405060708 || p.Mid() != 0xa0b0c0d0 {
		t.Fatalf("packed: wide=%#x mid=%#x", p.Wide(), p.Mid())
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&p)), unsafe.Sizeof(p))
	if raw[1] != 0x08 || raw[8] != 0x01 || raw[9] != 0xd0 {
		t.Fatalf("packed bytes % x", raw)
	}
	var n LayoutGlNum
	n.Pt().X, n.Pt().Y = 1, -1
	if *n.U() != 0xffff0001 || n.Bytes()[3] != 0xff {
		t.Fatalf("union: u=%#x bytes=% x", *n.U(), *n.Bytes())
	}
}

// lookup0 reads the value at key 0 of the internal map of section sec
// into v, which must be at least the map's value size.
func lookup0[V any](t *testing.T, obj *cgo.Object, sec string, v *V) {
	t.Helper()
	var key uint32
	if err := cgo.MapLookupElem(testenv.MapFD(t, obj, sec), unsafe.Pointer(&key), unsafe.Pointer(v)); err != nil {
		t.Fatalf("lookup %s: %v", sec, err)
	}
}

// TestKernelRoundTrip loads the object (one program), runs gl_fill, which
// writes every field of .bss and the maps, and reads them back through the
// generated types; then it writes .data.foo through the setters, runs
// gl_fill again and checks that BPF saw Go's values.
func TestKernelRoundTrip(t *testing.T) {
	testenv.NoLeaks(t)
	obj := testenv.LoadObject(t, "gotype_layout")
	prog := testenv.ProgFD(t, obj, "gl_fill")
	run := func() {
		t.Helper()
		r, err := cgo.ProgTestRunOpts(prog, &opts.TestRun{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Retval != 0 {
			t.Fatalf("gl_fill returned %d", r.Retval)
		}
	}

	// Initial values, before any program ran.
	var ro LayoutRodata
	lookup0(t, obj, ".rodata", &ro)
	if ro.GlRoU64 != 0xdeadbeefcafef00d || ro.GlRoPt != (LayoutGlPoint{3, -4}) || ro.GlRoSign != LayoutGlNeg {
		t.Errorf(".rodata = %+v", ro)
	}
	var data LayoutData
	lookup0(t, obj, ".data", &data)
	if data.GlDataU32 != 0x11223344 || data.GlDataPt != (LayoutGlPoint{-1, 2}) || string(data.GlDataStr[:5]) != "hello" {
		t.Errorf(".data = %+v", data)
	}
	db := &data.GlDataBits
	if db.A() != 6 || db.B() != 9 || db.C() != -3 || db.D() != 0xabcdef0123 || db.Col() != LayoutGlGreen || !db.Flag() || db.Tail != 0x5a {
		t.Errorf(".data gl_data_bits: a=%d b=%d c=%d d=%#x col=%d flag=%v tail=%#x", db.A(), db.B(), db.C(), db.D(), db.Col(), db.Flag(), db.Tail)
	}

	run()

	var bss LayoutBss
	lookup0(t, obj, ".bss", &bss)
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v (%#[2]x), want %v (%#[3]x)", what, got, want)
		}
	}
	check("gl_u8", bss.GlU8, uint8(0xfe))
	check("gl_s8", bss.GlS8, int8(-2))
	check("gl_u16", bss.GlU16, uint16(0xfedc))
	check("gl_s16", bss.GlS16, int16(-300))
	check("gl_u32", bss.GlU32, uint32(0xfedcba98))
	check("gl_s32", bss.GlS32, int32(-70000))
	check("gl_u64", bss.GlU64, uint64(0xfedcba9876543210))
	check("gl_s64", bss.GlS64, int64(-5000000000))
	check("gl_bool", bss.GlBool, true)
	check("gl_name", string(bss.GlName[:9]), "golibbpf\x00")
	check("gl_sc[2]", bss.GlSc[2], int8(-7))
	check("gl_uc[4]", bss.GlUc[4], uint8(200))
	check("gl_grid[1][2][3]", bss.GlGrid[1][2][3], uint32(123))
	check("gl_grid[0][1][2]", bss.GlGrid[0][1][2], uint32(12))
	check("gl_u128", bss.GlU128, [2]uint64{0x1112131415161718, 0x0102030405060708})
	n := &bss.GlNested
	check("nested.kind", n.Kind, uint8(9))
	check("nested.stamp", n.Stamp, uint64(0x1122334455667788))
	check("nested.pts[1][2]", n.Pts[1][2], LayoutGlPoint{-11, 22})
	check("nested.pair", n.Pair, LayoutGlNestedPair{0x1234, 0x5678})
	check("nested.word", *n.Word(), uint32(0xa1b2c3d4))
	check("nested.octets[0]", n.Octets()[0], uint8(0xd4))
	check("nested.m", n.M, uint8(31))
	check("nested.n", n.N, uint8(32))
	check("nested.num.i", *n.Num.I(), int32(-42))
	check("nested.pk.tag", n.Pk.Tag, uint8(0x33))
	check("nested.pk.wide", n.Pk.Wide(), uint64(0x0807060504030201))
	check("nested.pk.mid", n.Pk.Mid(), uint32(0x0c0b0a09))
	check("nested.cvt", n.Cvt, uint32(77))
	check("nested.ptr", n.Ptr, uint64(0x1000))
	check("nested.tp.hi", n.Tp.Hi, uint16(0x4321))
	check("nested.end", n.End, uint8(0xee))
	b := &bss.GlBits
	check("bits.a", b.A(), uint32(5))
	check("bits.b", b.B(), uint32(17))
	check("bits.c", b.C(), int32(-9))
	check("bits.d", b.D(), uint64(0x12345678ab))
	check("bits.col", b.Col(), LayoutGlBlue)
	check("bits.flag", b.Flag(), true)
	check("bits.tail", b.Tail, uint8(0x7e))
	check("num.pt", *bss.GlNum.Pt(), LayoutGlPoint{100, -100})
	check("gl_color", bss.GlColor, LayoutGlGreen)
	check("gl_sign", bss.GlSign, LayoutGlNeg)
	check("gl_big", bss.GlBig, LayoutGlBigHuge)
	check("gl_small", bss.GlSmall, LayoutGlSmallC)
	check("gl_typedefd", bss.GlTypedefd, uint32(0xabcdef))
	check("gl_ptr", bss.GlPtr, uint64(0x2000))
	check("gl_packed_var.wide", bss.GlPackedVar.Wide(), uint64(0xf0e0d0c0b0a09080))
	check("gl_packed_var.mid", bss.GlPackedVar.Mid(), uint32(0x77665544))
	check("gl_ro_copy", bss.GlRoCopy, uint64(0xdeadbeefcafef00d+3-5))
	check("gl_anon_var", bss.GlAnonVar, LayoutBssGlAnonVar{X: 5, Y: 0x5050})

	// Go's setters must produce the bytes BPF's own bitfield stores do.
	var want LayoutGlBits
	want.SetA(5)
	want.SetB(17)
	want.SetC(-9)
	want.SetD(0x12345678ab)
	want.SetCol(LayoutGlBlue)
	want.SetFlag(true)
	want.Tail = 0x7e
	if want != bss.GlBits {
		t.Errorf("bitfields set in Go % x, by BPF % x", asBytes(&want), asBytes(&bss.GlBits))
	}

	var hv LayoutGlVal
	key := LayoutGlKey{Id: 7, Port: 8080, Proto: 6}
	if err := cgo.MapLookupElem(testenv.MapFD(t, obj, "gl_hash"), unsafe.Pointer(&key), unsafe.Pointer(&hv)); err != nil {
		t.Fatalf("gl_hash lookup of %+v: %v", key, err)
	}
	check("gl_hash.n.u", *hv.N.U(), uint32(0x01020304))
	check("gl_hash.bits.c", hv.Bits.C(), int32(-64))
	check("gl_hash.bits.d", hv.Bits.D(), uint64(0xffffffffff))
	check("gl_hash.bits.a", hv.Bits.A(), uint32(0))
	check("gl_hash.hits", hv.Hits, uint64(99))
	av := testenv.Lookup[uint32, LayoutGlNested](t, testenv.MapFD(t, obj, "gl_array"), 3)
	check("gl_array[3].kind", av.Kind, uint8(3))
	check("gl_array[3].stamp", av.Stamp, uint64(0xabcdabcd))
	check("gl_array[3].octets[3]", av.Octets()[3], uint8(0x99))
	check("gl_array[3].end", av.End, uint8(0x11))

	// Go writes .data.foo through the setters; BPF adds 0x100 to d and 1
	// to gl_foo_a and must leave the rest as Go wrote it.
	var foo LayoutDataFoo
	lookup0(t, obj, ".data.foo", &foo)
	check("gl_foo_a", foo.GlFooA, uint16(8))
	check("gl_foo_bits.d", foo.GlFooBits.D(), uint64(3+0x100))
	foo.GlFooA = 1000
	fb := &foo.GlFooBits
	fb.SetA(3)
	fb.SetB(30)
	fb.SetC(-60)
	fb.SetD(0xfffffffe00)
	fb.SetCol(LayoutGlBlue)
	fb.SetFlag(true)
	fb.Tail = 0x44
	var zero uint32
	if err := cgo.MapUpdateElem(testenv.MapFD(t, obj, ".data.foo"), unsafe.Pointer(&zero), unsafe.Pointer(&foo), 0); err != nil {
		t.Fatal(err)
	}
	run()
	lookup0(t, obj, ".data.foo", &foo)
	check("gl_foo_a after Go wrote 1000", foo.GlFooA, uint16(1001))
	check("gl_foo_bits.a", fb.A(), uint32(3))
	check("gl_foo_bits.b", fb.B(), uint32(30))
	check("gl_foo_bits.c", fb.C(), int32(-60))
	check("gl_foo_bits.d", fb.D(), uint64(0xffffffff00))
	check("gl_foo_bits.col", fb.Col(), LayoutGlBlue)
	check("gl_foo_bits.flag", fb.Flag(), true)
	check("gl_foo_bits.tail", fb.Tail, uint8(0x44))
}

func asBytes[T any](v *T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))
}
