package skel

import (
	"errors"
	"iter"
)

// Keys iterates over the map's keys (bpf_map_get_next_key). The key slice
// is reused: copy it to keep it. An error ends the iteration and is yielded
// with a nil key. A key deleted while iterating may make a hash map's walk
// start over, as the kernel's next-key does.
func (m *Map) Keys() iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		ks := int(m.KeySize())
		cur, next := make([]byte, ks), make([]byte, ks)
		var prev []byte
		for {
			err := m.NextKey(prev, next)
			if errors.Is(err, ErrKeyNotExist) {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			cur, next = next, cur
			if !yield(cur, nil) {
				return
			}
			prev = cur
		}
	}
}

// All iterates over the map's keys and values. Both slices are reused:
// copy them to keep them. Keys deleted during the walk are skipped; any
// other error ends it silently (use Keys and Lookup to see errors).
func (m *Map) All() iter.Seq2[[]byte, []byte] {
	return func(yield func([]byte, []byte) bool) {
		value := make([]byte, m.ValueBufferSize())
		for key, err := range m.Keys() {
			if err != nil {
				return
			}
			if err := m.Lookup(key, value); err != nil {
				if errors.Is(err, ErrKeyNotExist) {
					continue
				}
				return
			}
			if !yield(key, value) {
				return
			}
		}
	}
}
