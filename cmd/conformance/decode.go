package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/runs/streamcheck"
	"github.com/runsuite/runsuite/sse"
)

// maxEventSizeLimit is the largest --max-event-size accepted: 1 GiB is far
// beyond any real event and keeps the decoder's buffer arithmetic safe.
const maxEventSizeLimit = 1 << 30

// decodeOptions holds the decode command's flags.
type decodeOptions struct {
	format streamcheck.Format
	check  streamcheck.Options
}

// newDecodeCmd returns the decode command.
func newDecodeCmd() *cobra.Command {
	opts := decodeOptions{format: streamcheck.FormatText, check: streamcheck.DefaultOptions()}
	cmd := &cobra.Command{
		Use:   "decode [flags] FILE|-",
		Short: "Decode a recorded event stream and check its assistant events",
		Long: `decode reads a server-sent event stream of the Assistants Runs API from
FILE, or from standard input when FILE is "-", checks it, and prints one
line per event, then a summary.

Every event must decode, and its payload must have the shape the
catalogue gives it: required keys, the "object" value, enum values,
non-negative indexes, an error event's message and type. The stream must
end with done (event: done, data: [DONE]) or an error event, and nothing
may follow done: decode reads the input to its end to check that, unless
--allow-trailing is given.

Text lines read "#<index> <event> <object> <id> <bytes>B", with "-" for an
empty object or id and bytes the raw size of the event block. With
--format jsonl every event is a JSON object, and the last line is
{"summary":{...}}.

Exit status: 0 when the stream conforms, 1 when it does not (the message
names the event index and byte offset), 2 for usage errors or an
unreadable file.`,
		Example: `  conformance decode fixtures/runs/text_reply.sse
  curl -sN ... | conformance decode --format jsonl -`,
		Args: exactArgs(1, "one FILE or -"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDecode(cmd, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.Var(&opts.format, "format", "output format: text or jsonl")
	f.IntVar(&opts.check.MaxEventSize, "max-event-size", opts.check.MaxEventSize,
		fmt.Sprintf("largest raw event in bytes (values below %d, 0 included, count as %d)", sse.MinMaxEventSize, sse.MinMaxEventSize))
	f.BoolVar(&opts.check.SkipUnknown, "skip-unknown", false,
		"skip events whose names are not Assistants events instead of failing")
	f.BoolVar(&opts.check.AllowTrailing, "allow-trailing", false,
		"accept bytes and events after done (they are not read)")
	f.BoolVar(&opts.check.StrictPayloads, "strict-payloads", false,
		"fail the live API's known departures from the contract's shapes too (null instructions on runs, steps without expired_at or metadata)")
	return cmd
}

// runDecode checks the stream in name and writes the listing to the
// command's output.
func runDecode(cmd *cobra.Command, name string, opts decodeOptions) error {
	if n := opts.check.MaxEventSize; n < 0 || n > maxEventSizeLimit {
		return usageErrorf(cmd, "--max-event-size must be between 0 and %d, got %d", maxEventSizeLimit, n)
	}
	ctx := cmd.Context()
	in, closeInput, err := openInput(ctx, name, cmd.InOrStdin())
	if err != nil {
		return err
	}
	defer closeInput()

	c := streamcheck.New(in, opts.check)
	p := streamcheck.NewPrinter(opts.format, cmd.OutOrStdout())
	for c.Next() {
		if err := p.Event(c.Event()); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	verdict := c.Err()
	var readErr *sse.ReadError
	switch {
	case verdict != nil && ctx.Err() != nil:
		// The read error only says the context ended; say so plainly.
		return fmt.Errorf("interrupted after %d events: %w", c.Summary().Events, ctx.Err())
	case errors.As(verdict, &readErr):
		// The input could not be read: the harness failed, not the stream,
		// so there is no verdict to summarize.
		var pathErr *fs.PathError
		if errors.As(readErr.Err, &pathErr) {
			return readErr.Err // already names the operation and the file
		}
		return fmt.Errorf("read %s: %w", name, readErr.Err)
	}
	if err := p.Summary(c.Summary()); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if verdict != nil {
		return &failError{err: verdict}
	}
	return nil
}
