// Package jsonread is a small, strict, reflection-free JSON reader used to
// decode the contract's objects on the streaming hot path.
//
// A Reader walks one JSON document held in a string. Unescaped strings are
// returned as substrings of that document, so decoding an object costs no
// allocation per string field. The grammar is RFC 8259, with two deliberate
// choices: strings must be valid UTF-8 (RFC 8259 §8.1), and nesting deeper
// than MaxDepth is refused.
//
// Errors are sticky: after the first error every method returns a zero value
// and Err reports the error with its byte offset.
package jsonread

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects a Reader accepts.
const MaxDepth = 10000

// Error is a syntax or type error at a byte offset of the document.
type Error struct {
	Offset int    // byte offset of the offending value or character
	Msg    string // what was wrong
}

// Error describes the Error.
func (e *Error) Error() string { return fmt.Sprintf("at byte %d: %s", e.Offset, e.Msg) }

// Reader reads values from one JSON document.
type Reader struct {
	s       string
	pos     int
	depth   int
	err     *Error
	scratch []byte
}

// Reset points the reader at a new document and clears any error.
func (r *Reader) Reset(s string) {
	r.s, r.pos, r.depth, r.err = s, 0, 0, nil
}

// Err returns the first error met, or nil.
func (r *Reader) Err() error {
	if r.err == nil {
		return nil
	}
	return r.err
}

// Failed reports whether an error was met.
func (r *Reader) Failed() bool { return r.err != nil }

// Offset returns the current byte offset.
func (r *Reader) Offset() int { return r.pos }

// Fail records an error at offset off unless one was already recorded.
func (r *Reader) Fail(off int, format string, args ...any) {
	if r.err == nil {
		r.err = &Error{Offset: off, Msg: fmt.Sprintf(format, args...)}
	}
}

// End checks that only whitespace follows the value just read.
func (r *Reader) End() error {
	if r.err == nil {
		r.skipWS()
		if r.pos < len(r.s) {
			r.Fail(r.pos, "invalid character %s after top-level value", quoteByte(r.s[r.pos]))
		}
	}
	return r.Err()
}

func (r *Reader) skipWS() {
	for r.pos < len(r.s) {
		switch r.s[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (r *Reader) peek() byte {
	if r.err != nil {
		return 0
	}
	r.skipWS()
	if r.pos >= len(r.s) {
		return 0
	}
	return r.s[r.pos]
}

// Null consumes a null literal and reports whether there was one.
func (r *Reader) Null() bool {
	if r.peek() != 'n' {
		return false
	}
	r.literal("null")
	return r.err == nil
}

func (r *Reader) literal(lit string) {
	if len(r.s)-r.pos >= len(lit) && r.s[r.pos:r.pos+len(lit)] == lit {
		r.pos += len(lit)
		return
	}
	r.Fail(r.pos, "invalid literal, expected %s", lit)
}

// Kind names the JSON type of the next value, for error messages.
func (r *Reader) kind() string {
	switch c := r.peek(); {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	case c == 0:
		return "end of input"
	default:
		return "character " + quoteByte(c)
	}
}

func (r *Reader) typeError(want string) {
	if r.err != nil {
		return
	}
	got := r.kind()
	if got == "end of input" || got[0] == 'c' {
		r.Fail(r.pos, "unexpected %s, expected %s", got, want)
		return
	}
	r.Fail(r.pos, "expected %s, found %s", want, got)
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("0x%02x", c)
}

// Str reads a string. null reads as "".
func (r *Reader) Str() string {
	switch r.peek() {
	case '"':
		return r.str()
	case 'n':
		r.literal("null")
		return ""
	}
	r.typeError("string")
	return ""
}

// NullableString reads a string, or nil for null.
func (r *Reader) NullableString() *string {
	if r.Null() {
		return nil
	}
	s := r.Str()
	if r.err != nil {
		return nil
	}
	return &s
}

// str reads the string starting at the current '"'.
func (r *Reader) str() string {
	start := r.pos + 1
	s := r.s
	for i := start; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			r.pos = i + 1
			return s[start:i]
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return r.strSlow(start, i)
		}
	}
	r.Fail(len(s), "unexpected end of input in string")
	return ""
}

// strSlow finishes a string holding escapes, control or non-ASCII bytes.
// Strings without escapes are still returned as substrings.
func (r *Reader) strSlow(start, i int) string {
	s := r.s
	buf := r.scratch[:0]
	escaped := false
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			r.pos = i + 1
			if !escaped {
				return s[start:i]
			}
			r.scratch = buf
			return string(buf)
		case c < 0x20:
			r.Fail(i, "invalid control character %s in string", quoteByte(c))
			return ""
		case c == '\\':
			if !escaped {
				buf = append(buf, s[start:i]...)
				escaped = true
			}
			n, ok := r.escape(&buf, i)
			if !ok {
				return ""
			}
			i += n
		case c >= utf8.RuneSelf:
			rn, size := utf8.DecodeRuneInString(s[i:])
			if rn == utf8.RuneError && size <= 1 {
				r.Fail(i, "invalid UTF-8 in string")
				return ""
			}
			if escaped {
				buf = append(buf, s[i:i+size]...)
			}
			i += size
		default:
			if escaped {
				buf = append(buf, c)
			}
			i++
		}
	}
	r.Fail(len(s), "unexpected end of input in string")
	return ""
}

// escape decodes the escape sequence at s[i] == '\\' into buf and returns
// its length in the input.
func (r *Reader) escape(buf *[]byte, i int) (int, bool) {
	s := r.s
	if i+1 >= len(s) {
		r.Fail(len(s), "unexpected end of input in string escape")
		return 0, false
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/':
		*buf = append(*buf, c)
	case 'b':
		*buf = append(*buf, '\b')
	case 'f':
		*buf = append(*buf, '\f')
	case 'n':
		*buf = append(*buf, '\n')
	case 'r':
		*buf = append(*buf, '\r')
	case 't':
		*buf = append(*buf, '\t')
	case 'u':
		rn, ok := r.hex4(i + 2)
		if !ok {
			return 0, false
		}
		n := 6
		if utf16IsSurrogate(rn) {
			rn2 := rune(-1)
			if i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
				if v, ok := r.hex4(i + 8); ok {
					rn2 = v
				} else {
					return 0, false
				}
			}
			if dec := utf16Decode(rn, rn2); dec != utf8.RuneError {
				rn, n = dec, 12
			} else {
				rn = utf8.RuneError
			}
		}
		*buf = utf8.AppendRune(*buf, rn)
		return n, true
	default:
		r.Fail(i, "invalid escape %s in string", quoteByte(c))
		return 0, false
	}
	return 2, true
}

func (r *Reader) hex4(i int) (rune, bool) {
	if i+4 > len(r.s) {
		r.Fail(i, "unexpected end of input in \\u escape")
		return 0, false
	}
	var v rune
	for _, c := range []byte(r.s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			r.Fail(i, "invalid \\u escape")
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}

func utf16IsSurrogate(r rune) bool { return r >= 0xd800 && r < 0xe000 }

func utf16Decode(r1, r2 rune) rune {
	if r1 >= 0xd800 && r1 < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000 {
		return (r1-0xd800)<<10 | (r2 - 0xdc00) + 0x10000
	}
	return utf8.RuneError
}

// Bool reads a boolean. null reads as false.
func (r *Reader) Bool() bool {
	switch r.peek() {
	case 't':
		r.literal("true")
		return r.err == nil
	case 'f':
		r.literal("false")
		return false
	case 'n':
		r.literal("null")
		return false
	}
	r.typeError("boolean")
	return false
}

// NullableBool reads a boolean, or nil for null.
func (r *Reader) NullableBool() *bool {
	if r.Null() {
		return nil
	}
	b := r.Bool()
	if r.err != nil {
		return nil
	}
	return &b
}

// number scans a JSON number and returns its text and whether it is an
// integer (no fraction, no exponent).
func (r *Reader) number() (string, bool) {
	s, start := r.s, r.pos
	i := start
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	default:
		r.Fail(i, "invalid number")
		return "", false
	}
	integer := true
	if i < len(s) && s[i] == '.' {
		integer = false
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			r.Fail(i, "invalid number: no digit after decimal point")
			return "", false
		}
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		integer = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			r.Fail(i, "invalid number: no digit in exponent")
			return "", false
		}
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		}
	}
	r.pos = i
	return s[start:i], integer
}

// Int reads an integer that fits in 64 bits. null reads as 0.
func (r *Reader) Int() int64 {
	switch c := r.peek(); {
	case c == '-' || (c >= '0' && c <= '9'):
	case c == 'n':
		r.literal("null")
		return 0
	default:
		r.typeError("integer")
		return 0
	}
	start := r.pos
	text, integer := r.number()
	if r.err != nil {
		return 0
	}
	if !integer {
		r.Fail(start, "number %s is not an integer", text)
		return 0
	}
	if len(text) < 19 {
		var v int64
		neg := text[0] == '-'
		digits := text
		if neg {
			digits = text[1:]
		}
		for i := 0; i < len(digits); i++ {
			v = v*10 + int64(digits[i]-'0')
		}
		if neg {
			v = -v
		}
		return v
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		r.Fail(start, "number %s overflows a 64-bit integer", text)
		return 0
	}
	return v
}

// NullableInt reads an integer, or nil for null.
func (r *Reader) NullableInt() *int64 {
	if r.Null() {
		return nil
	}
	v := r.Int()
	if r.err != nil {
		return nil
	}
	return &v
}

// Float reads a number as a float64. null reads as 0.
func (r *Reader) Float() float64 {
	switch c := r.peek(); {
	case c == '-' || (c >= '0' && c <= '9'):
	case c == 'n':
		r.literal("null")
		return 0
	default:
		r.typeError("number")
		return 0
	}
	start := r.pos
	text, _ := r.number()
	if r.err != nil {
		return 0
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		r.Fail(start, "number %s out of range", text)
		return 0
	}
	return v
}

// NullableFloat reads a number, or nil for null.
func (r *Reader) NullableFloat() *float64 {
	if r.Null() {
		return nil
	}
	v := r.Float()
	if r.err != nil {
		return nil
	}
	return &v
}
