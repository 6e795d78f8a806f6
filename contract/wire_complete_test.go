package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// This file checks that every field of every wire type has a reader and an
// encoder, by construction rather than by example: a reflection filler sets
// every field, recursively, to a distinct non-zero value, and the three
// codecs (encoding/json through the struct tags, the hand readers, the hand
// encoders) must carry each such value unchanged. A field added to a type
// and forgotten by a reader or an encoder fails a check that names it.

// nullableHook lets the filler and the comparer reach inside a Nullable,
// whose fields are unexported.
type nullableHook interface {
	fillHook(func(reflect.Value) error) error
	innerHook() (state nullState, value reflect.Value)
}

func (n *Nullable[T]) fillHook(fill func(reflect.Value) error) error {
	var v T
	if err := fill(reflect.ValueOf(&v).Elem()); err != nil {
		return err
	}
	*n = Set(v)
	return nil
}

func (n *Nullable[T]) innerHook() (nullState, reflect.Value) {
	return n.state, reflect.ValueOf(&n.value).Elem()
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// filler sets every field it reaches to a distinct non-zero value: strings
// "v1", "v2"..., numbers 1, 2..., floats 1.5, 2.5..., one element per
// slice and one entry per map, a compact JSON object per raw message.
type filler struct {
	n      int
	fields []string // every struct field filled, as Type.Field
}

func (f *filler) next() int { f.n++; return f.n }

// fill fills v, which must be settable; path names it in errors.
func (f *filler) fill(v reflect.Value, path string) error {
	if v.CanAddr() {
		if h, ok := v.Addr().Interface().(nullableHook); ok {
			return h.fillHook(func(inner reflect.Value) error { return f.fill(inner, path+"(set)") })
		}
	}
	if v.Type() == rawMessageType {
		v.SetBytes(fmt.Appendf(nil, `{"k":%d}`, f.next()))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("v" + strconv.Itoa(f.next()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.next()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.next()))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(f.next()) + 0.5)
	case reflect.Bool:
		v.SetBool(true) // the one non-zero bool
	case reflect.Interface:
		v.Set(reflect.ValueOf("v" + strconv.Itoa(f.next())))
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return f.fill(v.Elem(), path)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		return f.fill(v.Index(0), path+"[0]")
	case reflect.Map:
		k := reflect.New(v.Type().Key()).Elem()
		if err := f.fill(k, path+"{key}"); err != nil {
			return err
		}
		e := reflect.New(v.Type().Elem()).Elem()
		if err := f.fill(e, path+"{value}"); err != nil {
			return err
		}
		v.Set(reflect.MakeMapWithSize(v.Type(), 1))
		v.SetMapIndex(k, e)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				return fmt.Errorf("%s.%s: unexported field the filler cannot set", path, sf.Name)
			}
			f.fields = append(f.fields, t.Name()+"."+sf.Name)
			if err := f.fill(v.Field(i), path+"."+sf.Name); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%s: the filler has no value for kind %s", path, v.Kind())
	}
	return nil
}

// filled returns a *T with every field filled.
func filled[T any](tb testing.TB) (*T, []string) {
	tb.Helper()
	var f filler
	v := new(T)
	if err := f.fill(reflect.ValueOf(v).Elem(), reflect.TypeFor[T]().Name()); err != nil {
		tb.Fatal(err)
	}
	return v, f.fields
}

// zeroFields lists the paths under v that are zero: none may be after fill.
func zeroFields(v reflect.Value, path string) []string {
	if v.CanAddr() {
		if h, ok := v.Addr().Interface().(nullableHook); ok {
			state, inner := h.innerHook()
			if state != stateSet {
				return []string{path + " (not set)"}
			}
			return zeroFields(inner, path+"(set)")
		}
	}
	if v.IsZero() {
		return []string{path}
	}
	var out []string
	switch v.Kind() {
	case reflect.Pointer:
		out = zeroFields(v.Elem(), path)
	case reflect.Slice:
		if v.Type() != rawMessageType {
			for i := range v.Len() {
				out = append(out, zeroFields(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out = append(out, zeroFields(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
	}
	return out
}

// fieldDiffs lists, by field path, where got differs from want.
func fieldDiffs(want, got reflect.Value, path string) []string {
	if !want.CanAddr() {
		w := reflect.New(want.Type()).Elem()
		w.Set(want)
		want = w
	}
	if !got.CanAddr() {
		g := reflect.New(got.Type()).Elem()
		g.Set(got)
		got = g
	}
	if wh, ok := want.Addr().Interface().(nullableHook); ok {
		gh := got.Addr().Interface().(nullableHook)
		ws, wv := wh.innerHook()
		gs, gv := gh.innerHook()
		if ws != gs {
			return []string{fmt.Sprintf("%s: got state %d, want %d", path, gs, ws)}
		}
		return fieldDiffs(wv, gv, path+"(set)")
	}
	if want.Type() == rawMessageType {
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			return []string{fmt.Sprintf("%s: got %s, want %s", path, got.Bytes(), want.Bytes())}
		}
		return nil
	}
	switch want.Kind() {
	case reflect.Pointer:
		switch {
		case got.IsNil() && !want.IsNil():
			return []string{fmt.Sprintf("%s: got nil, want %s", path, describeValue(want.Elem()))}
		case want.IsNil() && !got.IsNil():
			return []string{fmt.Sprintf("%s: got %s, want nil", path, describeValue(got.Elem()))}
		}
		if want.IsNil() {
			return nil
		}
		return fieldDiffs(want.Elem(), got.Elem(), path)
	case reflect.Slice:
		if want.IsNil() != got.IsNil() || want.Len() != got.Len() {
			return []string{fmt.Sprintf("%s: got %d elements (nil=%t), want %d (nil=%t)", path, got.Len(), got.IsNil(), want.Len(), want.IsNil())}
		}
		var out []string
		for i := range want.Len() {
			out = append(out, fieldDiffs(want.Index(i), got.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range want.NumField() {
			out = append(out, fieldDiffs(want.Field(i), got.Field(i), path+"."+want.Type().Field(i).Name)...)
		}
		return out
	}
	if !reflect.DeepEqual(want.Interface(), got.Interface()) {
		return []string{fmt.Sprintf("%s: got %#v, want %#v", path, got.Interface(), want.Interface())}
	}
	return nil
}

// describeValue shows a value in a failure message.
func describeValue(v reflect.Value) string {
	if v.Kind() == reflect.Struct {
		return "a " + v.Type().Name()
	}
	return fmt.Sprintf("%#v", v.Interface())
}

// wireCase is one wire type, the event whose payload it is, and how to set
// and get it in an Event.
type wireCase struct {
	name  string
	event EventName
	value func(testing.TB) (any, []string)
	put   func(*Event, any)
	get   func(Event) any
	fresh func() any // a new zero value for encoding/json
}

func wireCase1[T any](name string, event EventName, put func(*Event, *T), get func(Event) *T) wireCase {
	return wireCase{
		name: name, event: event,
		value: func(tb testing.TB) (any, []string) { return filled[T](tb) },
		put:   func(e *Event, v any) { put(e, v.(*T)) },
		get:   func(e Event) any { return get(e) },
		fresh: func() any { return new(T) },
	}
}

// wireCases holds every payload type; through them the filler reaches
// every type the readers and encoders handle.
func wireCases() []wireCase {
	return []wireCase{
		wireCase1("Thread", EventThreadCreated, func(e *Event, v *Thread) { e.Thread = v }, func(e Event) *Thread { return e.Thread }),
		wireCase1("Run", EventThreadRunCompleted, func(e *Event, v *Run) { e.Run = v }, func(e Event) *Run { return e.Run }),
		wireCase1("RunStep", EventThreadRunStepCompleted, func(e *Event, v *RunStep) { e.Step = v }, func(e Event) *RunStep { return e.Step }),
		wireCase1("RunStepDelta", EventThreadRunStepDelta, func(e *Event, v *RunStepDelta) { e.StepDelta = v }, func(e Event) *RunStepDelta { return e.StepDelta }),
		wireCase1("Message", EventThreadMessageCompleted, func(e *Event, v *Message) { e.Message = v }, func(e Event) *Message { return e.Message }),
		wireCase1("MessageDelta", EventThreadMessageDelta, func(e *Event, v *MessageDelta) { e.MessageDelta = v }, func(e Event) *MessageDelta { return e.MessageDelta }),
		wireCase1("ErrorObject", EventError, func(e *Event, v *ErrorObject) { e.Error = v }, func(e Event) *ErrorObject { return e.Error }),
	}
}

// TestFillerReachesEveryField checks the filler itself: after it ran, no
// field of any contract type is zero, however deep, and it went through
// the types the readers and encoders share.
func TestFillerReachesEveryField(t *testing.T) {
	t.Parallel()
	reached := map[string]bool{}
	check := func(name string, v any, fields []string) {
		if zs := zeroFields(reflect.ValueOf(v).Elem(), name); len(zs) > 0 {
			t.Errorf("%s: the filler left zero: %s", name, strings.Join(zs, ", "))
		}
		for _, f := range fields {
			reached[f] = true
		}
	}
	for _, c := range wireCases() {
		v, fields := c.value(t)
		check(c.name, v, fields)
	}
	// The request types have no hand codec, but they are contract types.
	for name, fill := range map[string]func() (any, []string){
		"RunCreateParams":            func() (any, []string) { return filled[RunCreateParams](t) },
		"RunUpdateParams":            func() (any, []string) { return filled[RunUpdateParams](t) },
		"RunSubmitToolOutputsParams": func() (any, []string) { return filled[RunSubmitToolOutputsParams](t) },
		"RunListParams":              func() (any, []string) { return filled[RunListParams](t) },
		"StepListParams":             func() (any, []string) { return filled[StepListParams](t) },
		"StepRetrieveParams":         func() (any, []string) { return filled[StepRetrieveParams](t) },
		"List":                       func() (any, []string) { return filled[List[Message]](t) },
	} {
		v, fields := fill()
		check(name, v, fields)
	}
	// Spot-check the depth: fields under a slice, a pointer, a union and a
	// Nullable.
	for _, f := range []string{"RequiredToolCallFn.Arguments", "FileSearchContent.Text", "ToolChoiceFunction.Name",
		"JSONSchema.Strict", "FunctionDelta.Output", "AnnotationDelta.EndIndex", "ContentPart.ImageURL", "ImageURL.Detail"} {
		if !reached[f] {
			t.Errorf("the filler did not reach %s", f)
		}
	}
	t.Logf("the filler set %d distinct fields", len(reached))
}

// TestWireTypesComplete runs each filled payload type through the three
// codecs. Each failure names the field a reader or an encoder misses.
func TestWireTypesComplete(t *testing.T) {
	t.Parallel()
	for _, c := range wireCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			want, _ := c.value(t)
			report := func(what string, got any) {
				t.Helper()
				for _, d := range fieldDiffs(reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem(), c.name) {
					t.Errorf("%s: field %s", what, d)
				}
			}
			var ev Event
			c.put(&ev, want)
			ev.Name = c.event

			std, err := json.Marshal(want)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			// encoding/json -> hand reader
			if dec, err := DecodeEvent(string(c.event), std); err != nil {
				t.Errorf("hand reader of encoding/json output: %v", err)
			} else {
				report("hand reader (contract/wire_*.go read*) of encoding/json output", c.get(dec))
			}

			hand, err := AppendEventData(nil, ev)
			if err != nil {
				t.Fatalf("AppendEventData: %v", err)
			}
			// hand encoder -> encoding/json
			back := c.fresh()
			if err := json.Unmarshal(hand, back); err != nil {
				t.Errorf("encoding/json of hand encoder output: %v\n%s", err, hand)
			} else {
				report("hand encoder (contract/wire_*.go Append*) read by encoding/json", back)
			}
			// hand encoder -> hand reader
			if dec, err := DecodeEvent(string(c.event), hand); err != nil {
				t.Errorf("hand reader of hand encoder output: %v", err)
			} else {
				report("hand encoder -> hand reader round trip", c.get(dec))
			}
			if !bytes.Equal(hand, std) {
				t.Errorf("hand encoder bytes differ from json.Marshal:\n got %s\nwant %s", hand, std)
			}
		})
	}
}

// TestErrorEnvelopeComplete runs a filled ErrorObject through the envelope
// encoder and reader, and compares the encoder with encoding/json.
func TestErrorEnvelopeComplete(t *testing.T) {
	t.Parallel()
	want, _ := filled[ErrorObject](t)
	b := AppendErrorEnvelope(nil, want)
	std, err := json.Marshal(map[string]*ErrorObject{"error": want})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, std) {
		t.Errorf("AppendErrorEnvelope: got %s, want %s", b, std)
	}
	got, ok := ErrorEnvelope(b)
	if !ok {
		t.Fatalf("ErrorEnvelope(%s) found no error", b)
	}
	for _, d := range fieldDiffs(reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem(), "ErrorObject") {
		t.Errorf("envelope round trip: field %s", d)
	}
}
