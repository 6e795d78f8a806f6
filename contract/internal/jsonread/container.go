package jsonread

// Object iterates over the members of an object.
//
//	for obj := r.Object(); obj.Next(); {
//		switch obj.Key() { case "id": v.ID = r.Str(); default: r.Skip() }
//	}
//
// The loop body must read or skip exactly one value per key. A null object
// yields no members; any other non-object value is a type error.
type Object struct {
	r     *Reader
	key   string
	open  bool
	first bool
}

// Object starts reading an object.
func (r *Reader) Object() Object {
	switch r.peek() {
	case '{':
		if !r.enter() {
			return Object{}
		}
		r.pos++
		return Object{r: r, open: true, first: true}
	case 'n':
		r.literal("null")
	default:
		r.typeError("object")
	}
	return Object{}
}

// IsNull reports whether the next value is null, without consuming it.
func (r *Reader) IsNull() bool { return r.peek() == 'n' }

func (r *Reader) enter() bool {
	r.depth++
	if r.depth > MaxDepth {
		r.Fail(r.pos, "nesting deeper than %d", MaxDepth)
		return false
	}
	return true
}

// Next moves to the next member and reports whether there is one.
func (o *Object) Next() bool {
	if !o.open {
		return false
	}
	r := o.r
	c := r.peek()
	if r.err != nil {
		o.open = false
		return false
	}
	if c == '}' {
		r.pos++
		r.depth--
		o.open = false
		return false
	}
	if !o.first {
		if c != ',' {
			r.expected("',' or '}' after object member")
			o.open = false
			return false
		}
		r.pos++
		c = r.peek()
	}
	o.first = false
	if c != '"' {
		r.expected("string for object key")
		o.open = false
		return false
	}
	o.key = r.str()
	if r.peek() != ':' {
		r.expected("':' after object key")
		o.open = false
		return false
	}
	r.pos++
	return true
}

// Key returns the current member's key.
func (o *Object) Key() string { return o.key }

func (r *Reader) expected(what string) {
	if r.err != nil {
		return
	}
	if r.pos >= len(r.s) {
		r.Fail(r.pos, "unexpected end of input, expected %s", what)
		return
	}
	r.Fail(r.pos, "invalid character %s, expected %s", quoteByte(r.s[r.pos]), what)
}

// Array iterates over the elements of an array; see Object for the loop
// shape. A null array yields no elements.
type Array struct {
	r     *Reader
	open  bool
	first bool
}

// Array starts reading an array.
func (r *Reader) Array() Array {
	switch r.peek() {
	case '[':
		if !r.enter() {
			return Array{}
		}
		r.pos++
		return Array{r: r, open: true, first: true}
	case 'n':
		r.literal("null")
	default:
		r.typeError("array")
	}
	return Array{}
}

// Next moves to the next element and reports whether there is one.
func (a *Array) Next() bool {
	if !a.open {
		return false
	}
	r := a.r
	c := r.peek()
	if r.err != nil {
		a.open = false
		return false
	}
	if c == ']' {
		r.pos++
		r.depth--
		a.open = false
		return false
	}
	if !a.first {
		if c != ',' {
			r.expected("',' or ']' after array element")
			a.open = false
			return false
		}
		r.pos++
		if r.peek() == ']' {
			r.expected("value after ','")
			a.open = false
			return false
		}
	}
	a.first = false
	return true
}

// Skip reads and discards one value, checking its syntax.
func (r *Reader) Skip() {
	switch c := r.peek(); {
	case c == '"':
		r.str()
	case c == '{':
		for obj := r.Object(); obj.Next(); {
			r.Skip()
		}
	case c == '[':
		for arr := r.Array(); arr.Next(); {
			r.Skip()
		}
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		r.number()
	default:
		if r.err == nil {
			r.expected("value")
		}
	}
}

// Raw reads one value and returns a copy of its exact bytes.
func (r *Reader) Raw() []byte {
	r.skipWS()
	start := r.pos
	r.Skip()
	if r.err != nil {
		return nil
	}
	return []byte(r.s[start:r.pos])
}

// StringMap reads an object of strings into a map; null reads as nil.
func (r *Reader) StringMap() map[string]string {
	if r.Null() {
		return nil
	}
	m := map[string]string{}
	for obj := r.Object(); obj.Next(); {
		m[obj.Key()] = r.Str()
	}
	if r.err != nil {
		return nil
	}
	return m
}

// Strings reads an array of strings; null reads as nil and [] as an empty,
// non-nil slice.
func (r *Reader) Strings() []string {
	if r.Null() {
		return nil
	}
	out := make([]string, 0)
	for arr := r.Array(); arr.Next(); {
		out = append(out, r.Str())
	}
	return out
}

// Slice reads an array whose elements are read by elem; null reads as nil
// and [] as an empty, non-nil slice.
func Slice[T any](r *Reader, elem func(*Reader, *T)) []T {
	if r.Null() {
		return nil
	}
	out := make([]T, 0)
	for arr := r.Array(); arr.Next(); {
		var v T
		elem(r, &v)
		out = append(out, v)
	}
	if r.err != nil {
		return nil
	}
	return out
}

// Ptr reads a value into a new T with read, or returns nil for null.
func Ptr[T any](r *Reader, read func(*Reader, *T)) *T {
	if r.Null() {
		return nil
	}
	v := new(T)
	read(r, v)
	if r.err != nil {
		return nil
	}
	return v
}

// IsString reports whether the next value is a string, without consuming it.
func (r *Reader) IsString() bool { return r.peek() == '"' }

// OneString reads an object for the string under key, skipping (and
// checking) its other members; a null object or a missing key reads as "".
func OneString(r *Reader, key string) string {
	var s string
	for obj := r.Object(); obj.Next(); {
		if obj.Key() == key {
			s = r.Str()
		} else {
			r.Skip()
		}
	}
	return s
}
