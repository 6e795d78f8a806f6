package conformance

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"strings"
	"testing"
	"time"
)

// FuzzReporters feeds arbitrary text into every field a reporter prints and
// checks that the machine-readable formats stay well-formed and lossless:
// the JSON report decodes back to the same results, the JUnit XML parses
// and keeps every finding's message, and the text report keeps one line
// per finding.
func FuzzReporters(f *testing.F) {
	f.Add("stream.done-last", "title", "no done event", `"run"`, "/data/0", "reason")
	f.Add("a.b", "<html>&amp;</html>", "line\nbreak\r\nand\rcr", "]]>", "~1/~0", "\x00\x1b[31m")
	f.Add("x.y", "| pipe | `tick` *star* _under_", "\ufffd\xff\xfe", "", "", "multi\nline\nreason")
	f.Fuzz(func(t *testing.T, id, title, msg, got, pointer, reason string) {
		r := NewReportAt("verify", title, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		r.Capabilities = map[Capability]bool{CapStreaming: true}
		r.Add(
			Result{ID: id, Title: title, Side: SideServer, Level: LevelMust, Section: "§4.1", Status: StatusFail,
				Findings: []Finding{{Message: msg, Evidence: Evidence{Request: "GET " + pointer, Status: 200, Pointer: pointer, Expected: title, Got: got, EventIndex: At(len(msg))}}}},
			Result{ID: id, Title: title, Side: SideServer, Level: LevelMust, Section: "§1", Status: StatusError, Reason: reason},
			Result{ID: id, Title: title, Side: SideServer, Level: LevelShould, Section: "§3", Status: StatusWarn, Findings: []Finding{{Message: msg}}},
			Result{ID: id, Title: title, Side: SideServer, Level: LevelMust, Section: "§2", Status: StatusSkip, Reason: reason},
		)

		var js bytes.Buffer
		if err := NewJSONReporter(r)(&js); err != nil {
			t.Fatalf("json: %v", err)
		}
		var back jsonReport
		if err := json.Unmarshal(js.Bytes(), &back); err != nil {
			t.Fatalf("json report does not decode: %v\n%s", err, js.Bytes())
		}
		if len(back.Results) != len(r.Results) || back.Verdict != VerdictFail || !maps.Equal(back.Capabilities, r.Capabilities) {
			t.Fatalf("json round trip: got %d results, verdict %s", len(back.Results), back.Verdict)
		}
		// encoding/json replaces invalid UTF-8, so compare through a round trip of the input.
		if want := jsonString(t, msg); back.Results[0].Findings[0].Message != want {
			t.Errorf("json finding message: got %q, want %q", back.Results[0].Findings[0].Message, want)
		}

		var jx bytes.Buffer
		if err := NewJUnitReporter(r)(&jx); err != nil {
			t.Fatalf("junit: %v", err)
		}
		var suites junitSuites
		if err := xml.Unmarshal(jx.Bytes(), &suites); err != nil {
			t.Fatalf("junit report does not parse: %v\n%s", err, jx.Bytes())
		}
		if len(suites.Suites) != 1 || len(suites.Suites[0].Cases) != 4 || suites.Failures != 1 || suites.Errors != 1 || suites.Skipped != 1 {
			t.Fatalf("junit: got %+v", suites)
		}
		if c := suites.Suites[0].Cases[0]; c.Failure == nil || c.Name != xmlText(id) {
			t.Errorf("junit: first case %q has no failure or lost its name %q", c.Name, id)
		}

		var txt bytes.Buffer
		if err := NewTextReporter(r)(&txt); err != nil {
			t.Fatalf("text: %v", err)
		}
		if n := strings.Count(txt.String(), "\n      - "); n != 2 {
			t.Errorf("text: got %d finding lines, want 2 (one per finding, line breaks folded)\n%s", n, txt.String())
		}
		var md bytes.Buffer
		if err := NewMarkdownReporter(r)(&md); err != nil {
			t.Fatalf("markdown: %v", err)
		}
		if strings.Contains(md.String(), "<"+"script") {
			t.Errorf("markdown lets raw HTML through:\n%s", md.String())
		}
	})
}

func jsonString(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// xmlText is s as encoding/xml writes and reads it back: characters XML
// cannot hold are replaced.
func xmlText(s string) string {
	var b bytes.Buffer
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return s
	}
	var out struct {
		V string `xml:"v,attr"`
	}
	if xml.Unmarshal([]byte(`<x v="`+b.String()+`"/>`), &out) != nil {
		return s
	}
	return out.V
}

// FuzzParseCapabilities checks that ParseCapabilities never panics, that
// what it accepts names only known capabilities, every one of them, and
// that printing the set and parsing it again gives the same set.
func FuzzParseCapabilities(f *testing.F) {
	for _, s := range []string{"", "none", "streaming", "streaming,tool_calls,file_search", " tool_calls ,", "telepathy", ",,", "none,streaming"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		caps, err := ParseCapabilities(list)
		if err != nil {
			return
		}
		if len(caps) != len(Capabilities()) {
			t.Fatalf("ParseCapabilities(%q): got %d entries, want every capability", list, len(caps))
		}
		var names []string
		for _, c := range Capabilities() {
			if caps[c] {
				names = append(names, string(c))
			}
		}
		again, err := ParseCapabilities(strings.Join(names, ","))
		if err != nil || !maps.Equal(again, caps) {
			t.Fatalf("ParseCapabilities(%q) = %v; printed and parsed again: %v, %v", list, caps, again, err)
		}
	})
}
