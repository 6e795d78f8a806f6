package sse_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/sse"
)

func TestAppendEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		dst       string
		event     string
		data      string
		want      string
		wantFrame ev // what a Decoder reads back
	}{
		{name: "data_only", data: "x", want: "data: x\n\n", wantFrame: msg("x")},
		{name: "named", event: "thread.run.created", data: "{}", want: "event: thread.run.created\ndata: {}\n\n", wantFrame: ev{"thread.run.created", "{}", "", -1}},
		{name: "empty_data", data: "", want: "data: \n\n", wantFrame: msg("")},
		{name: "named_empty_data", event: "done", want: "event: done\ndata: \n\n", wantFrame: ev{"done", "", "", -1}},
		{name: "lf_lines", event: "a", data: "l1\nl2", want: "event: a\ndata: l1\ndata: l2\n\n", wantFrame: ev{"a", "l1\nl2", "", -1}},
		{name: "crlf_becomes_lines", data: "a\r\nb", want: "data: a\ndata: b\n\n", wantFrame: msg("a\nb")},
		{name: "cr_becomes_lines", data: "a\rb", want: "data: a\ndata: b\n\n", wantFrame: msg("a\nb")},
		{name: "empty_lines_kept", data: "a\n\nb", want: "data: a\ndata: \ndata: b\n\n", wantFrame: msg("a\n\nb")},
		{name: "cr_then_crlf", data: "a\r\r\nb", want: "data: a\ndata: \ndata: b\n\n", wantFrame: msg("a\n\nb")},
		{name: "lf_cr", data: "a\n\rb", want: "data: a\ndata: \ndata: b\n\n", wantFrame: msg("a\n\nb")},
		{name: "trailing_lf", data: "a\n", want: "data: a\ndata: \n\n", wantFrame: msg("a\n")},
		{name: "trailing_cr", data: "a\r", want: "data: a\ndata: \n\n", wantFrame: msg("a\n")},
		{name: "only_cr", data: "\r", want: "data: \ndata: \n\n", wantFrame: msg("\n")},
		{name: "only_crlf", data: "\r\n", want: "data: \ndata: \n\n", wantFrame: msg("\n")},
		{name: "leading_space_kept", data: " x", want: "data:  x\n\n", wantFrame: msg(" x")},
		{name: "colon_and_nul_in_data", data: ": \x00", want: "data: : \x00\n\n", wantFrame: msg(": \x00")},
		{name: "name_leading_space", event: " e", data: "x", want: "event:  e\ndata: x\n\n", wantFrame: ev{" e", "x", "", -1}},
		{name: "name_with_colon", event: "a:b", data: "x", want: "event: a:b\ndata: x\n\n", wantFrame: ev{"a:b", "x", "", -1}},
		{name: "name_message", event: "message", data: "x", want: "event: message\ndata: x\n\n", wantFrame: msg("x")},
		{name: "appends_to_dst", dst: "data: first\n\n", event: "e", data: "x", want: "data: first\n\nevent: e\ndata: x\n\n", wantFrame: ev{"e", "x", "", -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dst := []byte(tt.dst)
			got, err := sse.AppendEvent(dst, tt.event, []byte(tt.data))
			if err != nil {
				t.Fatalf("AppendEvent: got error %v, want nil", err)
			}
			if string(got) != tt.want {
				t.Errorf("AppendEvent(%q, %q, %q): got %q, want %q", tt.dst, tt.event, tt.data, got, tt.want)
			}
			res, err := decode(t, bytes.NewReader(got[len(tt.dst):]))
			if err != nil {
				t.Fatalf("decoding %q: got error %v, want nil", got, err)
			}
			if diff := cmp.Diff([]ev{tt.wantFrame}, evs(res.Frames)); diff != "" {
				t.Errorf("decoding %q: frames (-want +got):\n%s", got, diff)
			}
		})
	}
}

func TestAppendEventBadName(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"a\nb", "a\rb", "a\x00b", "\n", "\r", "\x00", "e\r\n"} {
		dst := []byte("keep")
		got, err := sse.AppendEvent(dst, name, []byte("x"))
		if err == nil {
			t.Errorf("AppendEvent(name %q): got nil error, want one", name)
		}
		if string(got) != "keep" {
			t.Errorf("AppendEvent(name %q): got dst %q, want it unchanged %q", name, got, "keep")
		}
	}
}

func TestAppendEventRoundTrip(t *testing.T) {
	t.Parallel()
	eventNames := []string{"", "message", "thread.run.created", "done", " lead", "trail ", "a:b", "\xff", "ü", strings.Repeat("n", 300)}
	datas := []string{"", "x", "[DONE]", "{\"a\": 1}", "\n", "a\nb", "\n\n", " a", "  a", "\ta", ":x", "a\x00b", "\xEF\xBB\xBFx", strings.Repeat("y\n", 100)}
	var stream []byte
	var want []ev
	for _, name := range eventNames {
		for _, data := range datas {
			var err error
			stream, err = sse.AppendEvent(stream, name, []byte(data))
			if err != nil {
				t.Fatalf("AppendEvent(%q, %q): got error %v, want nil", name, data, err)
			}
			wantName := name
			if name == "" {
				wantName = sse.DefaultEventName
			}
			want = append(want, ev{Event: wantName, Data: data, Retry: -1})
		}
	}
	for _, c := range chunkings() {
		got, err := decode(t, c.wrap(stream), sse.WithBufferSize(16))
		if err != nil {
			t.Fatalf("%s: error: got %v, want nil", c.name, err)
		}
		if diff := cmp.Diff(want, evs(got.Frames)); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", c.name, diff)
		}
	}

	// Data with CR or CRLF line breaks comes back with LF ones.
	for _, data := range []string{"a\rb", "a\r\nb", "\r\r\n\n\r", "x\r"} {
		enc, err := sse.AppendEvent(nil, "e", []byte(data))
		if err != nil {
			t.Fatalf("AppendEvent: got error %v, want nil", err)
		}
		got, _ := decode(t, bytes.NewReader(enc))
		wantData := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(data)
		if diff := cmp.Diff([]ev{{"e", wantData, "", -1}}, evs(got.Frames)); diff != "" {
			t.Errorf("round trip of %q (-want +got):\n%s", data, diff)
		}
	}
}
