package streamcheck

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format is an output format of the listing. It implements pflag.Value,
// so a command line flag can hold it.
type Format string

// The output formats.
const (
	FormatText  Format = "text"  // one line of columns per event
	FormatJSONL Format = "jsonl" // one JSON object per event
)

// String returns the format's name.
func (f *Format) String() string { return string(*f) }

// Set parses a format name.
func (f *Format) Set(s string) error {
	switch v := Format(s); v {
	case FormatText, FormatJSONL:
		*f = v
		return nil
	}
	return fmt.Errorf("want %s or %s", FormatText, FormatJSONL)
}

// Type names the flag's value in the help.
func (f *Format) Type() string { return "text|jsonl" }

// Printer writes the listing of a checked stream.
type Printer interface {
	// Event writes one event's line.
	Event(Event) error
	// Summary writes the last line.
	Summary(Summary) error
}

// NewPrinter returns the Printer of format writing to w.
//
// Text lines read "#<index> <event> <object> <id> <bytes>B", with "-" for
// an empty column and any column holding spaces or unprintable characters
// quoted; the summary says how the stream ended or why it failed. JSON
// lines are Event objects, then {"summary":{...}}.
func NewPrinter(format Format, w io.Writer) Printer {
	if format == FormatJSONL {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return jsonlPrinter{enc}
	}
	return textPrinter{w}
}

// textPrinter writes the human-readable listing.
type textPrinter struct {
	w io.Writer
}

func (p textPrinter) Event(e Event) error {
	_, err := fmt.Fprintf(p.w, "#%d %s %s %s %dB\n", e.Index, textField(e.Event), textField(e.Object), textField(e.ID), e.Bytes)
	return err
}

func (p textPrinter) Summary(s Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d events, %d bytes", s.Events, s.Bytes)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %d unknown skipped", s.Skipped)
	}
	if s.LiveDeviations > 0 {
		fmt.Fprintf(&b, ", %d known live-API deviations accepted", s.LiveDeviations)
	}
	switch s.Ended {
	case EndedDone:
		b.WriteString(", ended with done")
	case EndedError:
		b.WriteString(", ended with error event")
	default:
		fmt.Fprintf(&b, ", failed: %s", s.Error)
	}
	b.WriteByte('\n')
	_, err := io.WriteString(p.w, b.String())
	return err
}

// textField returns s as one space-free column of the text listing: "-"
// when empty, quoted when it holds spaces or unprintable characters (or is
// itself "-"), so a payload cannot break the line format.
func textField(s string) string {
	if s == "" {
		return "-"
	}
	if s == "-" || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}) {
		return strconv.Quote(s)
	}
	return s
}

// jsonlPrinter writes one JSON object per line.
type jsonlPrinter struct {
	enc *json.Encoder
}

func (p jsonlPrinter) Event(e Event) error { return p.enc.Encode(e) }

func (p jsonlPrinter) Summary(s Summary) error {
	return p.enc.Encode(struct {
		Summary Summary `json:"summary"`
	}{s})
}
