package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/sse"
)

// maxEventSizeLimit is the largest --max-event-size accepted: 1 GiB is far
// beyond any real event and keeps the decoder's buffer arithmetic safe.
const maxEventSizeLimit = 1 << 30

// decodeOptions holds the decode command's flags.
type decodeOptions struct {
	format       outputFormat
	maxEventSize int
	skipUnknown  bool
}

// newDecodeCmd returns the decode command.
func newDecodeCmd() *cobra.Command {
	opts := decodeOptions{format: formatText, maxEventSize: sse.DefaultMaxEventSize}
	cmd := &cobra.Command{
		Use:   "decode [flags] FILE|-",
		Short: "Decode a recorded event stream and list its assistant events",
		Long: `decode reads a server-sent event stream of the Assistants Runs API from
FILE, or from standard input when FILE is "-", and prints one line per
event, then a summary.

Text lines read "#<index> <event> <object> <id> <bytes>B", with "-" for an
empty object or id and bytes the raw size of the event block. With
--format jsonl every event is a JSON object, and the last line is
{"summary":{...}}.

Exit status: 0 when every event decoded and the stream ended with done or
an error event, 1 when the stream is malformed (the message names the
event index and byte offset), 2 for usage errors or an unreadable file.`,
		Example: `  conformance decode fixtures/runs/text_reply.sse
  curl -sN ... | conformance decode --format jsonl -`,
		Args: exactArgs(1, "one FILE or -"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDecode(cmd, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.Var(&opts.format, "format", "output format: text or jsonl")
	f.IntVar(&opts.maxEventSize, "max-event-size", opts.maxEventSize,
		"largest raw event in bytes (values below 64 count as 64)")
	f.BoolVar(&opts.skipUnknown, "skip-unknown", false,
		"skip events whose names are not Assistants events instead of failing")
	return cmd
}

// runDecode decodes the stream in name and writes the listing to the
// command's output.
func runDecode(cmd *cobra.Command, name string, opts decodeOptions) error {
	if opts.maxEventSize < 0 || opts.maxEventSize > maxEventSizeLimit {
		return usageErrorf(cmd, "--max-event-size must be between 0 and %d, got %d", maxEventSizeLimit, opts.maxEventSize)
	}
	ctx := cmd.Context()
	in, closeInput, err := openInput(ctx, name, cmd.InOrStdin())
	if err != nil {
		return err
	}
	defer closeInput()

	readerOpts := []runs.EventReaderOption{runs.WithMaxEventSize(opts.maxEventSize)}
	if opts.skipUnknown {
		readerOpts = append(readerOpts, runs.SkipUnknownEvents())
	}
	er := runs.NewEventReader(in, readerOpts...)
	p := newEventPrinter(opts.format, cmd.OutOrStdout())
	var sum decodeSummary
	var last contract.EventName
	for er.Next() {
		ev, frame := er.Event(), er.Frame()
		last = ev.Name
		sum.Events++
		sum.Bytes += frame.Size
		err := p.event(eventLine{
			Index:  er.Index(),
			Event:  string(ev.Name),
			Object: ev.Object(),
			ID:     ev.ID(),
			Bytes:  frame.Size,
		})
		if err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	decodeErr := er.Err()
	var readErr *sse.ReadError
	switch {
	case decodeErr != nil && ctx.Err() != nil:
		// The read error only says the context ended; say so plainly.
		return fmt.Errorf("interrupted after %d events: %w", sum.Events, ctx.Err())
	case errors.As(decodeErr, &readErr):
		// The input could not be read: the harness failed, not the stream,
		// so there is no verdict to summarize.
		var pathErr *fs.PathError
		if errors.As(readErr.Err, &pathErr) {
			return readErr.Err // already names the operation and the file
		}
		return fmt.Errorf("read %s: %w", name, readErr.Err)
	}

	sum.Skipped = er.Skipped()
	switch {
	case decodeErr != nil:
		sum.Error = decodeErr.Error()
	case last == contract.EventError:
		sum.Ended, sum.OK = endedError, true
	default:
		sum.Ended, sum.OK = endedDone, true
	}
	if err := p.summary(sum); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if decodeErr != nil {
		return &failError{err: decodeErr}
	}
	return nil
}

// How a stream ended, as decodeSummary.Ended reports it.
const (
	endedDone  = "done"  // with a done event
	endedError = "error" // with an error event
)

// eventLine is one decoded event as decode lists it. Its JSON form is the
// jsonl output line.
type eventLine struct {
	Index  int    `json:"-"`
	Event  string `json:"event"`
	Object string `json:"object,omitempty"`
	ID     string `json:"id,omitempty"`
	Bytes  int64  `json:"bytes"`
}

// decodeSummary totals a decoded stream. Its JSON form is the value of the
// jsonl output's last line, {"summary":{...}}.
type decodeSummary struct {
	Events  int    `json:"events"`            // events decoded
	Bytes   int64  `json:"bytes"`             // their raw size
	Skipped int    `json:"skipped,omitempty"` // unknown events skipped (--skip-unknown)
	Ended   string `json:"ended"`             // endedDone, endedError, or "" when the stream failed
	OK      bool   `json:"ok"`                // the stream decoded and ended properly
	Error   string `json:"error,omitempty"`   // why it did not
}

// eventPrinter writes decode's output in one format.
type eventPrinter interface {
	event(eventLine) error
	summary(decodeSummary) error
}

// newEventPrinter returns the printer for format writing to w.
func newEventPrinter(format outputFormat, w io.Writer) eventPrinter {
	if format == formatJSONL {
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

func (p textPrinter) event(e eventLine) error {
	_, err := fmt.Fprintf(p.w, "#%d %s %s %s %dB\n", e.Index, textField(e.Event), textField(e.Object), textField(e.ID), e.Bytes)
	return err
}

func (p textPrinter) summary(s decodeSummary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d events, %d bytes", s.Events, s.Bytes)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %d unknown skipped", s.Skipped)
	}
	switch s.Ended {
	case endedDone:
		b.WriteString(", ended with done")
	case endedError:
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

func (p jsonlPrinter) event(e eventLine) error { return p.enc.Encode(e) }

func (p jsonlPrinter) summary(s decodeSummary) error {
	return p.enc.Encode(struct {
		Summary decodeSummary `json:"summary"`
	}{s})
}

// outputFormat is the value of decode's --format flag; it implements
// pflag.Value so a bad value is a flag error.
type outputFormat string

// The output formats of decode.
const (
	formatText  outputFormat = "text"  // one line of columns per event
	formatJSONL outputFormat = "jsonl" // one JSON object per event
)

// String returns the format's name.
func (f *outputFormat) String() string { return string(*f) }

// Set parses a format name.
func (f *outputFormat) Set(s string) error {
	switch v := outputFormat(s); v {
	case formatText, formatJSONL:
		*f = v
		return nil
	}
	return fmt.Errorf("want %s or %s", formatText, formatJSONL)
}

// Type names the flag's value in the help.
func (f *outputFormat) Type() string { return "text|jsonl" }
