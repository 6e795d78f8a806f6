package jsonread

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStringDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{`"plain"`, "plain"},
		{`""`, ""},
		{`null`, ""},
		{`"caf\u00e9 \"q\" \\ \/ \b\f\n\r\t"`, "café \"q\" \\ / \b\f\n\r\t"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\ud83d"`, "\ufffd"},
		{`"\ud83dx"`, "\ufffdx"},
		{`"\ud83d\u0041"`, "\ufffdA"},
		{`"\ude00"`, "\ufffd"},
		{`"héllo wörld"`, "héllo wörld"},
		{`"日本語\n"`, "日本語\n"},
	}
	for _, tt := range tests {
		var r Reader
		r.Reset(tt.in)
		got := r.Str()
		if err := r.End(); err != nil {
			t.Errorf("String(%s): unexpected error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("String(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		read   func(*Reader)
		offset int
		msg    string
	}{
		{"unterminated string", `"abc`, func(r *Reader) { r.Str() }, 4, "unexpected end of input in string"},
		{"control char", "\"a\x01\"", func(r *Reader) { r.Str() }, 2, "invalid control character"},
		{"bad escape", `"\x"`, func(r *Reader) { r.Str() }, 1, "invalid escape"},
		{"bad unicode escape", `"\u12G4"`, func(r *Reader) { r.Str() }, 3, "invalid \\u escape"},
		{"invalid utf8", "\"a\xffb\"", func(r *Reader) { r.Str() }, 2, "invalid UTF-8"},
		{"number for string", `12`, func(r *Reader) { r.Str() }, 0, "expected string, found number"},
		{"fraction for int", `1.5`, func(r *Reader) { r.Int() }, 0, "not an integer"},
		{"exponent for int", `1e3`, func(r *Reader) { r.Int() }, 0, "not an integer"},
		{"int overflow", `9223372036854775808`, func(r *Reader) { r.Int() }, 0, "overflows"},
		{"leading zero", `01`, func(r *Reader) { r.Int() }, 1, "after top-level value"},
		{"bare minus", `-`, func(r *Reader) { r.Int() }, 1, "invalid number"},
		{"dot without digits", `1.`, func(r *Reader) { r.Float() }, 2, "no digit after decimal point"},
		{"exponent without digits", `1e+`, func(r *Reader) { r.Float() }, 3, "no digit in exponent"},
		{"float out of range", `1e400`, func(r *Reader) { r.Float() }, 0, "out of range"},
		{"string for bool", `"true"`, func(r *Reader) { r.Bool() }, 0, "expected boolean, found string"},
		{"bad literal", `nul`, func(r *Reader) { r.Skip() }, 0, "invalid literal"},
		{"missing colon", `{"a" 1}`, func(r *Reader) { r.Skip() }, 5, "expected ':'"},
		{"missing comma", `{"a":1 "b":2}`, func(r *Reader) { r.Skip() }, 7, "expected ',' or '}'"},
		{"trailing comma in array", `[1,]`, func(r *Reader) { r.Skip() }, 3, "value after ','"},
		{"trailing comma in object", `{"a":1,}`, func(r *Reader) { r.Skip() }, 7, "string for object key"},
		{"non-string key", `{1:2}`, func(r *Reader) { r.Skip() }, 1, "string for object key"},
		{"empty input", ``, func(r *Reader) { r.Skip() }, 0, "unexpected end of input"},
		{"unclosed object", `{"a":1`, func(r *Reader) { r.Skip() }, 6, "unexpected end of input"},
		{"trailing garbage", `{} x`, func(r *Reader) { r.Skip() }, 3, "after top-level value"},
		{"array for object", `[]`, func(r *Reader) { r.Object() }, 0, "expected object, found array"},
		{"too deep", strings.Repeat("[", MaxDepth+1), func(r *Reader) { r.Skip() }, MaxDepth, "nesting deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var r Reader
			r.Reset(tt.in)
			tt.read(&r)
			err := r.End()
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("got error %v, want *Error", err)
			}
			if je.Offset != tt.offset || !strings.Contains(je.Msg, tt.msg) {
				t.Errorf("got offset %d %q, want offset %d containing %q", je.Offset, je.Msg, tt.offset, tt.msg)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	t.Parallel()
	ints := map[string]int64{"0": 0, "-0": 0, "42": 42, "-42": -42, "9223372036854775807": math.MaxInt64, "-9223372036854775808": math.MinInt64, "123456789012345678": 123456789012345678}
	for in, want := range ints {
		var r Reader
		r.Reset(in)
		if got := r.Int(); got != want || r.End() != nil {
			t.Errorf("Int(%s) = %d, %v; want %d", in, got, r.Err(), want)
		}
	}
	floats := map[string]float64{"0.5": 0.5, "-1.25e2": -125, "1E-2": 0.01, "3": 3}
	for in, want := range floats {
		var r Reader
		r.Reset(in)
		if got := r.Float(); got != want || r.End() != nil {
			t.Errorf("Float(%s) = %v, %v; want %v", in, got, r.Err(), want)
		}
	}
}

func TestContainers(t *testing.T) {
	t.Parallel()
	var r Reader
	r.Reset(` { "a" : [ 1 , 2 ] , "b" : { "c" : null } , "m" : {"k":"v"}, "e": [], "n": null } `)
	var a []int64
	var sawB bool
	var m map[string]string
	var e, n []string
	for obj := r.Object(); obj.Next(); {
		switch obj.Key() {
		case "a":
			for arr := r.Array(); arr.Next(); {
				a = append(a, r.Int())
			}
		case "b":
			sawB = true
			r.Skip()
		case "m":
			m = r.StringMap()
		case "e":
			e = r.Strings()
		case "n":
			n = r.Strings()
		}
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
	if len(a) != 2 || a[0] != 1 || a[1] != 2 || !sawB || m["k"] != "v" {
		t.Errorf("got a=%v sawB=%v m=%v", a, sawB, m)
	}
	if e == nil || len(e) != 0 {
		t.Errorf("empty array: got %#v, want empty non-nil slice", e)
	}
	if n != nil {
		t.Errorf("null array: got %#v, want nil", n)
	}
}

func TestRawCopies(t *testing.T) {
	t.Parallel()
	in := `{"p": {"type":"object", "x":[1,2]} }`
	var r Reader
	r.Reset(in)
	var raw []byte
	for obj := r.Object(); obj.Next(); {
		raw = r.Raw()
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
	if got, want := string(raw), `{"type":"object", "x":[1,2]}`; got != want {
		t.Errorf("Raw = %s, want %s", got, want)
	}
}

func TestSubstringsAreZeroAlloc(t *testing.T) {
	doc := `{"id":"run_1","object":"thread.run","status":"queued","n":12}`
	allocs := testing.AllocsPerRun(100, func() {
		var r Reader
		r.Reset(doc)
		for obj := r.Object(); obj.Next(); {
			if obj.Key() == "n" {
				r.Int()
			} else {
				r.Str()
			}
		}
		if r.End() != nil {
			t.Fatal(r.Err())
		}
	})
	if allocs != 0 {
		t.Errorf("reading a flat object allocated %v times, want 0", allocs)
	}
}

// FuzzSkip checks the reader's grammar against encoding/json: a document
// is accepted exactly when encoding/json finds it valid and it is UTF-8.
func FuzzSkip(f *testing.F) {
	for _, s := range []string{`{}`, `[1,"a",null,true,false,{"k":[]}]`, `"\ud83d\ude00"`, `-0.5e+3`, `{"a":1,}`, "\"\xff\"", `[`, `01`, ` 1 `} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var r Reader
		r.Reset(in)
		r.Skip()
		err := r.End()
		want := json.Valid([]byte(in)) && utf8.ValidString(in)
		if (err == nil) != want {
			t.Fatalf("Skip(%q) error = %v, want valid=%v", in, err, want)
		}
		if err != nil {
			var je *Error
			if !errors.As(err, &je) || je.Offset < 0 || je.Offset > len(in) {
				t.Fatalf("Skip(%q) error %v has a bad offset", in, err)
			}
		}
	})
}

// FuzzString checks string decoding against encoding/json.
func FuzzString(f *testing.F) {
	for _, s := range []string{`"a"`, `"\u00e9\n"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83d\u0041"`, "\"é\"", `"\/"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var want string
		stdErr := json.Unmarshal([]byte(in), &want)
		var r Reader
		r.Reset(in)
		got := r.Str()
		err := r.End()
		if !utf8.ValidString(in) {
			if err == nil {
				t.Fatalf("String(%q) accepted invalid UTF-8", in)
			}
			return
		}
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("String(%q) error = %v, encoding/json error = %v", in, err, stdErr)
		}
		if err == nil && got != want {
			t.Fatalf("String(%q) = %q, encoding/json = %q", in, got, want)
		}
	})
}
