package streamcheck

import (
	"bytes"
	"testing"
)

func TestTextField(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "-"},
		{"run_abc123", "run_abc123"},
		{"thread.run.step.delta", "thread.run.step.delta"},
		{"-", `"-"`},
		{"two words", `"two words"`},
		{"line\nbreak", `"line\nbreak"`},
		{"tab\there", `"tab\there"`},
		{"nul\x00", `"nul\x00"`},
		{"bad\xffutf8", `"bad\xffutf8"`},
		{"héllo", "héllo"},
	}
	for _, tt := range tests {
		if got := textField(tt.in); got != tt.want {
			t.Errorf("textField(%q): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestPrinters(t *testing.T) {
	t.Parallel()
	ev := Event{Index: 3, Event: "thread.run.created", Object: "thread.run", ID: "run 1", Bytes: 1142}
	tests := []struct {
		format Format
		sum    Summary
		want   string
	}{
		{FormatText, Summary{Events: 4, Bytes: 4000, Ended: EndedDone, OK: true},
			"#3 thread.run.created thread.run \"run 1\" 1142B\n4 events, 4000 bytes, ended with done\n"},
		{FormatText, Summary{Events: 4, Bytes: 4000, Skipped: 1, Error: "event #4 at byte 4000: 1 byte after done"},
			"#3 thread.run.created thread.run \"run 1\" 1142B\n4 events, 4000 bytes, 1 unknown skipped, failed: event #4 at byte 4000: 1 byte after done\n"},
		{FormatJSONL, Summary{Events: 4, Bytes: 4000, Ended: EndedError, OK: true},
			`{"event":"thread.run.created","object":"thread.run","id":"run 1","bytes":1142}` + "\n" +
				`{"summary":{"events":4,"bytes":4000,"ended":"error","ok":true}}` + "\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		p := NewPrinter(tt.format, &b)
		if err := p.Event(ev); err != nil {
			t.Fatal(err)
		}
		if err := p.Summary(tt.sum); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s: got %q, want %q", tt.format, b.String(), tt.want)
		}
	}
}

func TestFormatSet(t *testing.T) {
	t.Parallel()
	var f Format
	for _, s := range []string{"text", "jsonl"} {
		if err := f.Set(s); err != nil || string(f) != s {
			t.Errorf("Set(%q): got %q, %v", s, f, err)
		}
	}
	if err := f.Set("yaml"); err == nil {
		t.Error("Set(yaml): got nil, want an error")
	}
}
