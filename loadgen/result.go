package loadgen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
)

// Result is what one run measured: a flat record that serializes as one
// JSON object. Durations are in nanoseconds; a zero duration was not
// measured (no response, no event, no requires_action).
type Result struct {
	// Seq numbers the runs of an attack (of a shard) from 0, in start order.
	Seq int64 `json:"seq"`
	// Shard is the index of the shard that ran it.
	Shard int `json:"shard"`
	// Timestamp is when the run started.
	Timestamp time.Time `json:"timestamp"`
	// Scenario is what the run did.
	Scenario Scenario `json:"scenario"`
	// Client is the client that drove it.
	Client ClientKind `json:"client"`
	// Code is the HTTP status of the run's last response, 0 when none
	// arrived.
	Code int `json:"code"`
	// TimeToHeaders is the time from the start to the first response's
	// headers.
	TimeToHeaders time.Duration `json:"time_to_headers_ns"`
	// TimeToFirstEvent is the time from the start to the first decoded
	// event.
	TimeToFirstEvent time.Duration `json:"time_to_first_event_ns"`
	// TimeToRequiresAction is the time from the start to the
	// thread.run.requires_action event (tool-roundtrip) or to the first
	// retrieval that found the run in requires_action (poll).
	TimeToRequiresAction time.Duration `json:"time_to_requires_action_ns"`
	// StreamDuration is the time from the start to the end of the run's
	// last stream, or to the terminal retrieval of a poll.
	StreamDuration time.Duration `json:"stream_duration_ns"`
	// Events is the number of events decoded, done included.
	Events int64 `json:"events"`
	// Bytes is the number of response body bytes read.
	Bytes int64 `json:"bytes"`
	// Gaps holds the time between consecutive events of the run's streams.
	Gaps []time.Duration `json:"gaps_ns,omitempty"`
	// EventTypes counts the decoded events by name.
	EventTypes map[string]int64 `json:"event_types,omitempty"`
	// RunStatus is the last status seen of the run ("" when none).
	RunStatus string `json:"run_status,omitempty"`
	// ErrorKind classes Error (see the Kind constants); "" for success.
	ErrorKind string `json:"error_kind,omitempty"`
	// Error describes what went wrong; "" for success.
	Error string `json:"error,omitempty"`
}

// reset empties r for reuse, keeping its slices' and map's storage.
func (r *Result) reset() {
	gaps, types := r.Gaps[:0], r.EventTypes
	clear(types)
	*r = Result{Gaps: gaps, EventTypes: types}
}

// ResultDecodeError reports a JSON Lines record that is not a Result.
type ResultDecodeError struct {
	Line int // 1-based
	Err  error
}

// Error names the line and the cause.
func (e *ResultDecodeError) Error() string {
	return fmt.Sprintf("results line %d: %v", e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *ResultDecodeError) Unwrap() error { return e.Err }

// MaxResultLine caps one JSON Lines record read by DecodeResults.
const MaxResultLine = 4 << 20

// DecodeResults reads Results from JSON Lines. Blank lines are skipped; a
// malformed line, an unknown field, a negative duration or count, or a line
// over MaxResultLine yields a *ResultDecodeError and ends the sequence.
// Results are yielded as new values the caller may keep.
func DecodeResults(r io.Reader) iter.Seq2[*Result, error] {
	return func(yield func(*Result, error) bool) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), MaxResultLine)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			res, err := decodeResult(b)
			if err != nil {
				yield(nil, &ResultDecodeError{Line: line, Err: err})
				return
			}
			if !yield(res, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				err = fmt.Errorf("longer than %d bytes: %w", MaxResultLine, err)
			}
			yield(nil, &ResultDecodeError{Line: line + 1, Err: err})
		}
	}
}

// decodeResult decodes and checks one record.
func decodeResult(b []byte) (*Result, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var res Result
	if err := dec.Decode(&res); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one value on the line")
	}
	if err := res.check(); err != nil {
		return nil, err
	}
	return &res, nil
}

// check refuses values no run can measure.
func (r *Result) check() error {
	switch {
	case r.Seq < 0 || r.Shard < 0:
		return errors.New("negative seq or shard")
	case r.TimeToHeaders < 0 || r.TimeToFirstEvent < 0 || r.TimeToRequiresAction < 0 || r.StreamDuration < 0:
		return errors.New("negative duration")
	case r.Events < 0 || r.Bytes < 0:
		return errors.New("negative count")
	case r.Code < 0 || r.Code > 999:
		return fmt.Errorf("status %d out of range", r.Code)
	}
	for _, g := range r.Gaps {
		if g < 0 {
			return errors.New("negative gap")
		}
	}
	for name, n := range r.EventTypes {
		if n < 0 {
			return fmt.Errorf("negative count of %q", name)
		}
	}
	return nil
}

// jsonlWriter writes Results as JSON Lines; it is used under the
// attacker's lock.
type jsonlWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
	err error
}

func newJSONLWriter(w io.Writer) *jsonlWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &jsonlWriter{w: bw, enc: json.NewEncoder(bw)}
}

// write encodes r; after the first failure it does nothing.
func (j *jsonlWriter) write(r *Result) {
	if j.err != nil {
		return
	}
	if err := j.enc.Encode(r); err != nil {
		j.err = fmt.Errorf("write results: %w", err)
	}
}

// flush writes what is buffered and returns the first failure.
func (j *jsonlWriter) flush() error {
	if j.err != nil {
		return j.err
	}
	if err := j.w.Flush(); err != nil {
		j.err = fmt.Errorf("write results: %w", err)
	}
	return j.err
}
