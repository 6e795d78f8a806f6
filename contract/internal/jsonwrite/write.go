// Package jsonwrite holds the JSON primitives of contract's append
// encoders. They write what encoding/json writes: HTML-safe string
// escaping, invalid UTF-8 replaced by U+FFFD, floats formatted like
// json.Marshal, maps with sorted keys.
package jsonwrite

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json writes unescaped.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// safe8 reports whether the 8 bytes of s are all ASCII bytes that
// encoding/json writes unescaped: none below 0x20 or from 0x80, none of
// " \\ < > &. It tests the eight at once in one 64-bit word.
func safe8(s string) bool {
	_ = s[7]
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	bad := (x - 0x20*lo) & ^x & hi // a byte below 0x20
	bad |= x & hi                  // a byte from 0x80
	for _, c := range [...]uint64{'"', '\\', '<', '>', '&'} {
		y := x ^ (c * lo)
		bad |= (y - lo) & ^y & hi // a byte equal to c
	}
	return bad == 0
}

// String appends s as a JSON string.
func String(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip eight plain ASCII bytes at a time.
		for i+8 <= len(s) && safe8(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Key appends "key": after a comma unless first. The key must need no
// escaping (the contract's keys are lowercase ASCII).
func Key(dst []byte, key string, first bool) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

// Null appends null.
func Null(dst []byte) []byte { return append(dst, "null"...) }

// Int appends v.
func Int(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }

// IntPtr appends the value or null.
func IntPtr(dst []byte, v *int64) []byte {
	if v == nil {
		return Null(dst)
	}
	return strconv.AppendInt(dst, *v, 10)
}

// StringPtr appends the string or null.
func StringPtr(dst []byte, v *string) []byte {
	if v == nil {
		return Null(dst)
	}
	return String(dst, *v)
}

// Bool appends true or false.
func Bool(dst []byte, v bool) []byte { return strconv.AppendBool(dst, v) }

// Float appends f formatted as encoding/json does. NaN and infinities,
// which JSON cannot hold, become null (encoding/json refuses them).
func Float(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Null(dst)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// Clean up e-09 to e-9, as encoding/json does.
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// StringMap appends m with sorted keys, or null for a nil map.
func StringMap(dst []byte, m map[string]string) []byte {
	if m == nil {
		return Null(dst)
	}
	dst = append(dst, '{')
	switch len(m) {
	case 0:
	case 1:
		for k, v := range m {
			dst = String(dst, k)
			dst = append(dst, ':')
			dst = String(dst, v)
		}
	default:
		for i, k := range slices.Sorted(maps.Keys(m)) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = String(dst, k)
			dst = append(dst, ':')
			dst = String(dst, m[k])
		}
	}
	return append(dst, '}')
}

// Strings appends a string array, or null for a nil slice.
func Strings(dst []byte, ss []string) []byte {
	if ss == nil {
		return Null(dst)
	}
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = String(dst, s)
	}
	return append(dst, ']')
}

// Raw appends raw JSON as it is, or null when it is empty. The caller
// keeps raw valid and compact, as encoding/json would write it.
func Raw(dst, raw []byte) []byte {
	if len(raw) == 0 {
		return Null(dst)
	}
	return append(dst, raw...)
}

// Slice appends s as a JSON array with elem writing each element, or null
// for a nil slice.
func Slice[T any](dst []byte, s []T, elem func([]byte, *T) []byte) []byte {
	if s == nil {
		return Null(dst)
	}
	dst = append(dst, '[')
	for i := range s {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = elem(dst, &s[i])
	}
	return append(dst, ']')
}
