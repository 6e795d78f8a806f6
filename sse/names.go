package sse

// NameTable is a fixed set of event names a Decoder returns without
// allocating. It is immutable and safe for concurrent use by many decoders.
type NameTable struct {
	m map[string]string
}

// NewNameTable builds a table of the given event names.
func NewNameTable(names ...string) *NameTable {
	t := &NameTable{m: make(map[string]string, len(names))}
	for _, n := range names {
		t.m[n] = n
	}
	return t
}

// maxCachedNames bounds the names a decoder remembers beyond its table, so
// a stream of ever-new names cannot grow memory.
const maxCachedNames = 64

// DefaultEventName is the name of an event that had no event field.
const DefaultEventName = "message"

// intern returns b as a string, reusing earlier strings for known names.
func (d *Decoder) intern(b []byte) string {
	if len(b) == 0 {
		return DefaultEventName
	}
	if d.names != nil {
		if s, ok := d.names.m[string(b)]; ok {
			return s
		}
	}
	if s, ok := d.cache[string(b)]; ok {
		return s
	}
	s := string(b)
	if d.cache == nil {
		d.cache = make(map[string]string)
	}
	if len(d.cache) < maxCachedNames {
		d.cache[s] = s
	}
	return s
}
