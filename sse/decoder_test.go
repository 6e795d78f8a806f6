package sse_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/runsuite/runsuite/fixtures"
	"github.com/runsuite/runsuite/sse"
)

// ---------------------------------------------------------------------------
// Helpers shared by the test files of this package.

// rec is a decoded frame with its Data copied out of the decoder: Frame.Data
// is only valid until the next call to Next, so it must never be kept.
type rec struct {
	Event  string
	Data   string
	ID     string
	Retry  int64
	Offset int64
	Size   int64
}

func toRec(f sse.Frame) rec {
	return rec{Event: f.Event, Data: string(f.Data), ID: f.ID, Retry: f.Retry, Offset: f.Offset, Size: f.Size}
}

// ev is the part of a frame the decoding table spells out.
type ev struct {
	Event string
	Data  string
	ID    string
	Retry int64
}

// msg is an event without event, id or retry fields.
func msg(data string) ev { return ev{Event: "message", Data: data, Retry: -1} }

func evs(frames []rec) []ev {
	var out []ev // nil when there are no frames, like the table's want
	for _, f := range frames {
		out = append(out, ev{Event: f.Event, Data: f.Data, ID: f.ID, Retry: f.Retry})
	}
	return out
}

func names(frames []rec) []string {
	var out []string
	for _, f := range frames {
		out = append(out, f.Event)
	}
	return out
}

// errInfo is the comparable part of the error that ended a decode.
type errInfo struct {
	Kind   string // "" (clean end), "truncated", "too_large", "read" or "other"
	Offset int64
	Size   int64 // *TruncatedError only
	Limit  int   // *TooLargeError only
}

func describeErr(err error) errInfo {
	var (
		trunc *sse.TruncatedError
		big   *sse.TooLargeError
		rd    *sse.ReadError
	)
	switch {
	case err == nil:
		return errInfo{}
	case errors.As(err, &trunc):
		return errInfo{Kind: "truncated", Offset: trunc.Offset, Size: trunc.Size}
	case errors.As(err, &big):
		return errInfo{Kind: "too_large", Offset: big.Offset, Limit: big.Limit}
	case errors.As(err, &rd):
		return errInfo{Kind: "read", Offset: rd.Offset}
	default:
		return errInfo{Kind: "other"}
	}
}

// result is everything one decode of a stream produced.
type result struct {
	Frames []rec
	Err    errInfo
	// Consumed is Decoder.Offset at the end. It is only meaningful after a
	// clean end or a truncation (after other errors it depends on where the
	// decoder noticed the problem).
	Consumed int64
}

// comparable drops the parts of r that legitimately depend on how the
// stream was chunked.
func (r result) comparable() result {
	if r.Err.Kind != "" && r.Err.Kind != "truncated" {
		r.Consumed = -1
	}
	return r
}

// decode reads every frame of r with a new decoder.
func decode(tb testing.TB, r io.Reader, opts ...sse.Option) (result, error) {
	tb.Helper()
	return drain(tb, sse.NewDecoder(r, opts...))
}

// drain reads d to its end, checking the invariants every decode must keep.
func drain(tb testing.TB, d *sse.Decoder) (result, error) {
	tb.Helper()
	var res result
	for d.Next() {
		f := d.Frame()
		res.Frames = append(res.Frames, toRec(f))
		if got, want := d.Offset(), f.Offset+f.Size; got != want {
			tb.Errorf("after frame %d: Offset() = %d, want Offset+Size = %d", len(res.Frames)-1, got, want)
		}
		if d.Err() != nil {
			tb.Errorf("after frame %d: Err() = %v, want nil while Next returns true", len(res.Frames)-1, d.Err())
		}
	}
	err := d.Err()
	if d.Next() {
		tb.Errorf("Next after the end: got true, want false")
	}
	if again := d.Err(); again != err {
		tb.Errorf("Err after a further Next: got %v, want %v", again, err)
	}
	res.Err = describeErr(err)
	res.Consumed = d.Offset()
	return res, err
}

// checkConsumedAll checks that a clean end consumed every byte but an
// unterminated trailing comment.
func checkConsumedAll(tb testing.TB, where string, in []byte, consumed int64) {
	tb.Helper()
	if consumed < 0 || consumed > int64(len(in)) {
		tb.Errorf("%s: Offset() at the end: got %d, want it in [0, %d]", where, consumed, len(in))
		return
	}
	rest := in[consumed:]
	if len(rest) > 0 && (rest[0] != ':' || bytes.ContainsAny(rest, "\r\n")) {
		tb.Errorf("%s: Offset() at the end: got %d, want %d (only an unterminated comment may be left)", where, consumed, len(in))
	}
}

// chunkReader returns its bytes n at a time. With eofWithLast, the read
// that returns the last bytes also returns io.EOF (an io.Reader may do so).
type chunkReader struct {
	b           []byte
	n           int
	eofWithLast bool
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.b[:min(r.n, len(r.b))])
	r.b = r.b[k:]
	if r.eofWithLast && len(r.b) == 0 {
		return k, io.EOF
	}
	return k, nil
}

// chunking is one way of delivering a stream's bytes to the decoder.
type chunking struct {
	name string
	wrap func(b []byte) io.Reader
}

func chunkings() []chunking {
	cs := []chunking{
		{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"one_byte", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
		{"half", func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) }},
		{"one_byte_eof_with_last", func(b []byte) io.Reader { return &chunkReader{b: b, n: 1, eofWithLast: true} }},
		{"data_err", func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) }},
	}
	for _, n := range []int{2, 3, 5, 7} {
		cs = append(cs, chunking{fmt.Sprintf("chunks_%d", n), func(b []byte) io.Reader { return &chunkReader{b: b, n: n} }})
	}
	return cs
}

// pipeDecode writes each part to an io.Pipe with its own Write (an empty
// part is an empty Write, which the reader sees as a (0, nil) read),
// decodes the read side, then closes the pipe and waits for the writer.
func pipeDecode(tb testing.TB, parts [][]byte, opts ...sse.Option) (result, error) {
	tb.Helper()
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, p := range parts {
			if _, err := pw.Write(p); err != nil {
				return // the decoder stopped early and the pipe was closed
			}
		}
		pw.Close()
	}()
	res, err := decode(tb, pr, opts...)
	pr.Close()
	<-done
	return res, err
}

// randomParts cuts b into up to k parts at random positions.
func randomParts(rng *rand.Rand, b []byte, k int) [][]byte {
	cuts := []int{0, len(b)}
	for range k - 1 {
		cuts = append(cuts, rng.IntN(len(b)+1))
	}
	slices.Sort(cuts)
	var parts [][]byte
	for i := 1; i < len(cuts); i++ {
		parts = append(parts, b[cuts[i-1]:cuts[i]])
	}
	return parts
}

// bufferOptions are the initial buffer sizes every stream is decoded with:
// the default, and the smallest, which makes the buffer grow and compact.
var bufferOptions = []struct {
	name string
	opts []sse.Option
}{
	{"buf_default", nil},
	{"buf_16", []sse.Option{sse.WithBufferSize(16)}},
}

func withOpts(base []sse.Option, more ...sse.Option) []sse.Option {
	return append(slices.Clip(base), more...)
}

// ---------------------------------------------------------------------------
// The decoding table.

const (
	bom = "\xEF\xBB\xBF"
	// maxPipeSplitLen is the longest input split into two pipe writes at
	// every position.
	maxPipeSplitLen = 160
)

func x(n int) string { return strings.Repeat("x", n) }

type decodeCase struct {
	name  string
	in    string
	limit int // WithMaxEventSize(limit) when not 0
	want  []ev
	err   errInfo
}

var decodeCases = []decodeCase{
	// Line ends.
	{name: "lf", in: "data: a\n\ndata: b\n\n", want: []ev{msg("a"), msg("b")}},
	{name: "cr", in: "data: a\r\rdata: b\r\r", want: []ev{msg("a"), msg("b")}},
	{name: "crlf", in: "data: a\r\n\r\ndata: b\r\n\r\n", want: []ev{msg("a"), msg("b")}},
	{
		name: "mixed",
		in:   "event: e\rdata: a\r\ndata: b\n\r\ndata: c\r\n\n",
		want: []ev{{Event: "e", Data: "a\nb", Retry: -1}, msg("c")},
	},
	{name: "crlf_is_one_line_end", in: "data: a\r\ndata: b\r\n\r\n", want: []ev{msg("a\nb")}},
	{name: "lf_cr_is_two_line_ends", in: "data: a\n\rdata: b\n\n", want: []ev{msg("a"), msg("b")}},
	{name: "cr_then_crlf_blank_line", in: "data: a\r\r\ndata: b\n\n", want: []ev{msg("a"), msg("b")}},
	{name: "cr_cr_at_eof", in: "data: a\r\r", want: []ev{msg("a")}},
	{name: "lf_cr_at_eof", in: "data: a\n\r", want: []ev{msg("a")}},
	{name: "crlf_crlf_at_eof", in: "data: a\r\n\r\n", want: []ev{msg("a")}},

	// Data.
	{name: "multi_line_data", in: "data: a\ndata: b\ndata: c\n\n", want: []ev{msg("a\nb\nc")}},
	{name: "empty_data_colon", in: "data:\n\n", want: []ev{msg("")}},
	{name: "bare_data_no_colon", in: "data\n\n", want: []ev{msg("")}},
	{name: "two_bare_data_lines", in: "data\ndata\n\n", want: []ev{msg("\n")}},
	{name: "data_space_only", in: "data: \n\n", want: []ev{msg("")}},
	{name: "no_space_after_colon", in: "data:a\n\n", want: []ev{msg("a")}},
	{name: "only_one_space_stripped", in: "data:  x\n\n", want: []ev{msg(" x")}},
	{name: "tab_not_stripped", in: "data:\tx\n\n", want: []ev{msg("\tx")}},
	{name: "trailing_space_kept", in: "data: a \n\n", want: []ev{msg("a ")}},
	{name: "colon_in_value", in: "data: a: b\n\n", want: []ev{msg("a: b")}},
	{name: "value_is_colon", in: "data::\n\n", want: []ev{msg(":")}},
	{name: "nul_and_invalid_utf8_kept", in: "data: a\x00\xff\n\n", want: []ev{msg("a\x00\xff")}},
	{name: "field_name_with_space_ignored", in: "data : x\n\ndata: y\n\n", want: []ev{msg("y")}},
	{name: "field_name_case_sensitive", in: "Data: x\n\ndata: y\n\n", want: []ev{msg("y")}},
	{name: "line_of_one_space_ignored", in: " \ndata: y\n\n", want: []ev{msg("y")}},

	// Comments.
	{name: "comments_around_fields", in: ": c\ndata: a\n: c2\n\n", want: []ev{msg("a")}},
	{name: "comment_only_block", in: ":\n\ndata: a\n\n", want: []ev{msg("a")}},
	{name: "comment_with_data_text", in: ":data: x\n\n", want: nil},
	{name: "trailing_comment_no_newline", in: "data: a\n\n: keep-alive", want: []ev{msg("a")}},
	{name: "trailing_bare_colon_no_newline", in: "data: a\n\n:", want: []ev{msg("a")}},
	{name: "trailing_comment_line", in: "data: a\n\n: c\n", want: []ev{msg("a")}},

	// Byte order mark.
	{name: "bom_skipped", in: bom + "data: a\n\n", want: []ev{msg("a")}},
	{name: "bom_before_event", in: bom + "event: e\ndata: a\n\n", want: []ev{{Event: "e", Data: "a", Retry: -1}}},
	{name: "second_bom_is_part_of_field_name", in: bom + bom + "data: a\n\ndata: b\n\n", want: []ev{msg("b")}},
	{name: "bom_in_middle", in: "data: a\n\n" + bom + "event: e\ndata: b\n\n", want: []ev{msg("a"), msg("b")}},
	{name: "bom_in_middle_of_data_field", in: "data: a\n" + bom + "data: b\n\n", want: []ev{msg("a")}},
	{name: "bom_only", in: bom},
	{name: "bom_then_comment", in: bom + ":c\n\ndata: a\n\n", want: []ev{msg("a")}},
	{name: "bom_then_comment_at_eof", in: bom + ": c"},
	{name: "bom_then_blank_line", in: bom + "\ndata: a\n\n", want: []ev{msg("a")}},
	{name: "bom_then_cr", in: bom + "\rdata: a\r\r", want: []ev{msg("a")}},
	{name: "bom_prefix_only", in: "\xEF\xBB", err: errInfo{Kind: "truncated", Offset: 0, Size: 2}},
	{name: "bom_prefix_then_data", in: "\xEF\xBBdata: a\n\ndata: b\n\n", want: []ev{msg("b")}},

	// id.
	{
		name: "id_persists",
		in:   "id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n",
		want: []ev{{"message", "a", "1", -1}, {"message", "b", "1", -1}, {"message", "c", "2", -1}},
	},
	{
		name: "id_with_nul_ignored",
		in:   "id: 1\ndata: a\n\nid: 2\x00x\ndata: b\n\n",
		want: []ev{{"message", "a", "1", -1}, {"message", "b", "1", -1}},
	},
	{
		name: "id_with_nul_first",
		in:   "id: \x00\ndata: a\n\n",
		want: []ev{msg("a")},
	},
	{
		name: "empty_id_resets",
		in:   "id: 1\ndata: a\n\nid:\ndata: b\n\n",
		want: []ev{{"message", "a", "1", -1}, {"message", "b", "", -1}},
	},
	{
		name: "bare_id_resets",
		in:   "id: 1\ndata: a\n\nid\ndata: b\n\n",
		want: []ev{{"message", "a", "1", -1}, {"message", "b", "", -1}},
	},
	{
		name: "id_in_block_without_data_applies_later",
		in:   "id: 7\n\ndata: a\n\n",
		want: []ev{{"message", "a", "7", -1}},
	},
	{
		name: "id_after_data_in_block",
		in:   "data: a\nid: 3\n\n",
		want: []ev{{"message", "a", "3", -1}},
	},
	{
		name: "last_id_in_block_wins",
		in:   "id: 1\nid: 2\ndata: a\n\n",
		want: []ev{{"message", "a", "2", -1}},
	},
	{
		name: "id_keeps_spaces",
		in:   "id:  x \ndata: a\n\n",
		want: []ev{{"message", "a", " x ", -1}},
	},
	{
		name: "id_of_truncated_event_never_seen",
		in:   "id: 1\ndata: a\n\nid: 2\ndata: b\n",
		want: []ev{{"message", "a", "1", -1}},
		err:  errInfo{Kind: "truncated", Offset: 15, Size: 14},
	},

	// retry.
	{
		name: "retry_digits",
		in:   "retry: 1500\ndata: a\n\n",
		want: []ev{{"message", "a", "", 1500}},
	},
	{
		name: "retry_non_digits_ignored",
		in: "retry: 100\ndata: a\n\nretry: 1.5\ndata: b\n\nretry: -1\ndata: c\n\nretry: 12a\ndata: d\n\n" +
			"retry:\ndata: e\n\nretry:  5\ndata: f\n\nretry: \uff15\ndata: g\n\nretry: +5\ndata: h\n\nretry\ndata: i\n\n",
		want: []ev{
			{"message", "a", "", 100}, {"message", "b", "", 100}, {"message", "c", "", 100},
			{"message", "d", "", 100}, {"message", "e", "", 100}, {"message", "f", "", 100},
			{"message", "g", "", 100}, {"message", "h", "", 100}, {"message", "i", "", 100},
		},
	},
	{
		name: "retry_persists_from_block_without_data",
		in:   "retry: 5\n\ndata: a\n\ndata: b\n\n",
		want: []ev{{"message", "a", "", 5}, {"message", "b", "", 5}},
	},
	{
		name: "retry_leading_zeros_and_zero",
		in:   "retry: 007\ndata: a\n\nretry:0\ndata: b\n\n",
		want: []ev{{"message", "a", "", 7}, {"message", "b", "", 0}},
	},
	{
		name: "retry_largest_exact",
		in:   "retry: 9223372036854775799\ndata: a\n\nretry: 9223372036854775807\ndata: b\n\n",
		want: []ev{{"message", "a", "", 9223372036854775799}, {"message", "b", "", math.MaxInt64}},
	},
	{
		name: "retry_overflow_saturates",
		in: "retry: 9223372036854775808\ndata: a\n\nretry: 99999999999999999999999999\ndata: b\n\n" +
			"retry: 1\ndata: c\n\nretry: 00000000000000000000000000000000042\ndata: d\n\n",
		want: []ev{
			{"message", "a", "", math.MaxInt64}, {"message", "b", "", math.MaxInt64},
			{"message", "c", "", 1}, {"message", "d", "", 42},
		},
	},

	// Unknown fields.
	{name: "unknown_fields_ignored", in: "foo: bar\nx-request-id: 1\nfoo\ndata: a\n\n", want: []ev{msg("a")}},
	{name: "unknown_field_only_block", in: "foo: bar\n\ndata: a\n\n", want: []ev{msg("a")}},

	// event.
	{name: "event_name", in: "event: e\ndata: a\n\n", want: []ev{{"e", "a", "", -1}}},
	{name: "last_event_field_wins", in: "event: a\nevent: b\ndata: x\n\n", want: []ev{{"b", "x", "", -1}}},
	{name: "event_without_data_not_dispatched_nor_leaking", in: "event: e\n\ndata: a\n\n", want: []ev{msg("a")}},
	{name: "empty_event_is_message", in: "event:\ndata: a\n\n", want: []ev{msg("a")}},
	{name: "event_after_data_in_block", in: "data: a\nevent: e\n\n", want: []ev{{"e", "a", "", -1}}},
	{name: "event_name_not_persisting", in: "event: e\ndata: a\n\ndata: b\n\n", want: []ev{{"e", "a", "", -1}, msg("b")}},
	{name: "event_name_two_spaces", in: "event:  e\ndata: a\n\n", want: []ev{{" e", "a", "", -1}}},
	{name: "event_name_tab", in: "event:\te\ndata: a\n\n", want: []ev{{"\te", "a", "", -1}}},
	{name: "event_name_trailing_space", in: "event: e \ndata: a\n\n", want: []ev{{"e ", "a", "", -1}}},
	{name: "event_name_invalid_utf8_and_nul", in: "event: \xff\x00\ndata: a\n\n", want: []ev{{"\xff\x00", "a", "", -1}}},
	{name: "explicit_message", in: "event: message\ndata: a\n\n", want: []ev{msg("a")}},

	// Blank lines.
	{name: "blank_lines_between_events", in: "\n\n\ndata: a\n\n\n\ndata: b\n\n", want: []ev{msg("a"), msg("b")}},
	{name: "only_blank_lines", in: "\n\r\n\r\r"},

	// End of stream.
	{name: "empty_stream", in: ""},
	{name: "unterminated_final_event", in: "data: a\n\ndata: b\n", want: []ev{msg("a")}, err: errInfo{Kind: "truncated", Offset: 9, Size: 8}},
	{name: "partial_last_line", in: "data: a\n\ndata: b", want: []ev{msg("a")}, err: errInfo{Kind: "truncated", Offset: 9, Size: 7}},
	{name: "event_line_only", in: "event: e\n", err: errInfo{Kind: "truncated", Offset: 0, Size: 9}},
	{name: "comment_then_partial_line", in: "data: a\n\n: c\nid: 4", want: []ev{msg("a")}, err: errInfo{Kind: "truncated", Offset: 9, Size: 9}},
	{name: "cr_ended_line_at_eof", in: "data: a\r", err: errInfo{Kind: "truncated", Offset: 0, Size: 8}},
	{name: "id_line_only", in: "id: 1\n", err: errInfo{Kind: "truncated", Offset: 0, Size: 6}},
	{name: "unknown_field_line_only", in: "foo\n", err: errInfo{Kind: "truncated", Offset: 0, Size: 4}},
	{name: "bom_then_partial_line", in: bom + "data: a", err: errInfo{Kind: "truncated", Offset: 3, Size: 7}},
	{name: "blank_lines_then_partial_line", in: "data: a\n\n\n\ndata: b", want: []ev{msg("a")}, err: errInfo{Kind: "truncated", Offset: 11, Size: 7}},
	{name: "event_without_data_then_eof", in: "event: e\n\n"},
	{name: "comment_lines_then_eof", in: ": a\n: b\n"},

	// Size cap (64 bytes). A block counts every raw byte up to and including
	// the blank line that ends it.
	{name: "cap_exact", in: "data: " + x(56) + "\n\n", limit: 64, want: []ev{msg(x(56))}},
	{
		name: "cap_one_over", in: "data: " + x(57) + "\n\n", limit: 64,
		err: errInfo{Kind: "too_large", Offset: 0, Limit: 64},
	},
	{
		name: "cap_one_over_after_event", in: "data: a\n\ndata: " + x(57) + "\n\ndata: b\n\n", limit: 64,
		want: []ev{msg("a")}, err: errInfo{Kind: "too_large", Offset: 9, Limit: 64},
	},
	{
		name: "cap_counts_comments", in: ": " + x(53) + "\ndata: a\n\n", limit: 64,
		err: errInfo{Kind: "too_large", Offset: 0, Limit: 64},
	},
	{
		name: "cap_comment_only_block", in: ":" + x(63) + "\n\ndata: a\n\n", limit: 64,
		err: errInfo{Kind: "too_large", Offset: 0, Limit: 64},
	},
	{
		name: "cap_counts_crlf", in: "data: " + x(54) + "\r\n\r\n", limit: 64,
		want: []ev{msg(x(54))},
	},
	{
		name: "cap_counts_crlf_over", in: "data: " + x(55) + "\r\n\r\n", limit: 64,
		err: errInfo{Kind: "too_large", Offset: 0, Limit: 64},
	},
	{
		name: "cap_cr_cr_exact_then_event", in: "data: " + x(56) + "\r\rdata: b\r\r", limit: 64,
		want: []ev{msg(x(56)), msg("b")},
	},
	{
		name: "cap_cr_crlf_over", in: "data: " + x(56) + "\r\r\ndata: b\r\r", limit: 64,
		err: errInfo{Kind: "too_large", Offset: 0, Limit: 64},
	},
	{
		name: "cap_blank_lines_not_counted", in: "data: " + x(56) + "\n\n\n\n\ndata: " + x(56) + "\n\n", limit: 64,
		want: []ev{msg(x(56)), msg(x(56))},
	},
	{
		name: "cap_below_minimum_is_raised_to_64", in: "data: " + x(56) + "\n\n", limit: 1,
		want: []ev{msg(x(56))},
	},
	{
		name: "cap_over_with_truncation", in: "data: a\n\ndata: " + x(80) + "\n", limit: 64,
		want: []ev{msg("a")}, err: errInfo{Kind: "too_large", Offset: 9, Limit: 64},
	},

	// An event much larger than the 16-byte initial buffer, under the cap.
	{name: "larger_than_initial_buffer", in: "event: big\ndata: " + x(5000) + "\ndata: y\n\ndata: z\n\n", want: []ev{{"big", x(5000) + "\ny", "", -1}, msg("z")}},
}

func TestDecoder(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := []byte(tc.in)
			var capOpts []sse.Option
			refLimit := sse.DefaultMaxEventSize
			if tc.limit != 0 {
				capOpts = append(capOpts, sse.WithMaxEventSize(tc.limit))
				refLimit = max(tc.limit, 64) // smaller caps are raised to 64
			}
			base, _ := decode(t, bytes.NewReader(in), capOpts...)
			check := func(where string, got result) {
				t.Helper()
				if diff := cmp.Diff(tc.want, evs(got.Frames)); diff != "" {
					t.Errorf("%s: frames: got … want … (-want +got):\n%s", where, diff)
				}
				if got.Err != tc.err {
					t.Errorf("%s: error: got %+v, want %+v", where, got.Err, tc.err)
				}
				if diff := cmp.Diff(base.comparable(), got.comparable()); diff != "" {
					t.Errorf("%s: differs from the whole-buffer decode (-whole +got):\n%s", where, diff)
				}
				if got.Err.Kind == "" {
					checkConsumedAll(t, where, in, got.Consumed)
				}
			}
			// The reference decoder of fuzz_test.go must agree with the table.
			refFrames, refErr := refDecode(in, refLimit)
			check("reference", result{Frames: refFrames, Err: refErr, Consumed: base.Consumed})
			for _, bo := range bufferOptions {
				opts := withOpts(capOpts, bo.opts...)
				for _, c := range chunkings() {
					got, _ := decode(t, c.wrap(in), opts...)
					check(bo.name+"/"+c.name, got)
				}
				if len(in) <= maxPipeSplitLen {
					for i := range len(in) + 1 {
						got, _ := pipeDecode(t, [][]byte{in[:i], in[i:]}, opts...)
						check(fmt.Sprintf("%s/pipe_split_at_%d", bo.name, i), got)
					}
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Line ends split across reads.

func TestDecoderCRLFSplitAcrossWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		parts []string
		want  []rec
	}{
		{
			name:  "cr_end_of_write_lf_start_of_next",
			parts: []string{"data: a\r", "\ndata: b\r\n\r\n"},
			want:  []rec{{Event: "message", Data: "a\nb", Retry: -1, Offset: 0, Size: 20}},
		},
		{
			name:  "blank_line_crlf_split",
			parts: []string{"data: a\r\n\r", "\ndata: b\r\n\r\n"},
			want: []rec{
				{Event: "message", Data: "a", Retry: -1, Offset: 0, Size: 11},
				{Event: "message", Data: "b", Retry: -1, Offset: 11, Size: 11},
			},
		},
		{
			name:  "cr_split_with_empty_writes_between",
			parts: []string{"data: a\r", "", "", "\n\r", "", "\n"},
			want:  []rec{{Event: "message", Data: "a", Retry: -1, Offset: 0, Size: 11}},
		},
		{
			name:  "cr_then_non_lf_in_next_write",
			parts: []string{"data: a\r", "\r", "data: b\r", "\r"},
			want: []rec{
				{Event: "message", Data: "a", Retry: -1, Offset: 0, Size: 9},
				{Event: "message", Data: "b", Retry: -1, Offset: 9, Size: 9},
			},
		},
		{
			name:  "bom_split_across_writes",
			parts: []string{"\xEF", "\xBB", "\xBF", "data: a\n\n"},
			want:  []rec{{Event: "message", Data: "a", Retry: -1, Offset: 3, Size: 9}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var parts [][]byte
			for _, p := range tt.parts {
				parts = append(parts, []byte(p))
			}
			for _, bo := range bufferOptions {
				got, err := pipeDecode(t, parts, bo.opts...)
				if err != nil {
					t.Errorf("%s: error: got %v, want nil", bo.name, err)
				}
				if diff := cmp.Diff(tt.want, got.Frames); diff != "" {
					t.Errorf("%s: frames (-want +got):\n%s", bo.name, diff)
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------
// The size cap.

// TestDecoderCapBoundary builds blocks of exactly the cap and one byte more
// in several shapes and checks Frame.Size is the raw block size.
func TestDecoderCapBoundary(t *testing.T) {
	t.Parallel()
	// Each shape builds a block of exactly size bytes (size >= 64).
	shapes := []struct {
		name  string
		block func(size int) string
	}{
		{"lf", func(n int) string { return "data: " + x(n-8) + "\n\n" }},
		{"crlf", func(n int) string { return "data: " + x(n-10) + "\r\n\r\n" }},
		{"cr", func(n int) string { return "data: " + x(n-8) + "\r\r" }},
		{"cr_then_crlf", func(n int) string { return "data: " + x(n-9) + "\r\r\n" }},
		{"fields_and_comment", func(n int) string {
			return ": c\nevent: e\nid: 1\nretry: 5\ndata: " + x(n-36) + "\n\n"
		}},
		{"long_comment", func(n int) string { return ": " + x(n-12) + "\ndata: a\n\n" }},
		{"many_data_lines", func(n int) string {
			// lines of "data: xx\n" (9 bytes), the first one padded.
			k := (n - 1) / 9
			return "data: " + x(n-1-9*k+2) + "\n" + strings.Repeat("data: xx\n", k-1) + "\n"
		}},
	}
	const prefix, suffix = "data: p\n\n", "data: q\n\n"
	for _, limit := range []int{64, 100, 1000, 4096} {
		for _, sh := range shapes {
			t.Run(fmt.Sprintf("%s/cap_%d", sh.name, limit), func(t *testing.T) {
				t.Parallel()
				opts := []sse.Option{sse.WithMaxEventSize(limit)}
				at := sh.block(limit)
				over := sh.block(limit + 1)
				if len(at) != limit || len(over) != limit+1 {
					t.Fatalf("bad shape: got sizes %d and %d, want %d and %d", len(at), len(over), limit, limit+1)
				}
				for _, bo := range bufferOptions {
					for _, c := range chunkings() {
						where := bo.name + "/" + c.name
						got, _ := decode(t, c.wrap([]byte(prefix+at+suffix)), withOpts(opts, bo.opts...)...)
						if len(got.Frames) != 3 || got.Err.Kind != "" {
							t.Errorf("%s: at the cap: got %d frames and error %+v, want 3 frames and no error", where, len(got.Frames), got.Err)
							continue
						}
						if f := got.Frames[1]; f.Offset != int64(len(prefix)) || f.Size != int64(limit) {
							t.Errorf("%s: at the cap: got Offset %d Size %d, want Offset %d Size %d", where, f.Offset, f.Size, len(prefix), limit)
						}
						got, _ = decode(t, c.wrap([]byte(prefix+over+suffix)), withOpts(opts, bo.opts...)...)
						want := errInfo{Kind: "too_large", Offset: int64(len(prefix)), Limit: limit}
						if len(got.Frames) != 1 || got.Err != want {
							t.Errorf("%s: one over the cap: got %d frames and error %+v, want 1 frame and %+v", where, len(got.Frames), got.Err, want)
						}
					}
				}
			})
		}
	}
}

// endlessReader returns prefix, then fill bytes forever, counting them.
type endlessReader struct {
	prefix []byte
	fill   byte
	n      int64
}

func (r *endlessReader) Read(p []byte) (int, error) {
	k := copy(p, r.prefix)
	r.prefix = r.prefix[k:]
	for i := k; i < len(p); i++ {
		p[i] = r.fill
	}
	r.n += int64(len(p))
	return len(p), nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestDecoderHugeLineStopsEarly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prefix  string
		fill    byte
		limit   int
		bufSize int // 0: the default buffer, which reads ahead at most 16 KiB
		want    []ev
		wantErr errInfo
	}{
		{name: "data_line", prefix: "data: ", fill: 'x', limit: 1 << 16, wantErr: errInfo{Kind: "too_large", Limit: 1 << 16}},
		{name: "data_line_small_buffer", prefix: "data: ", fill: 'x', limit: 1 << 16, bufSize: 16, wantErr: errInfo{Kind: "too_large", Limit: 1 << 16}},
		{name: "after_event", prefix: "data: a\n\ndata: ", fill: 'x', limit: 4096, bufSize: 16, want: []ev{msg("a")}, wantErr: errInfo{Kind: "too_large", Offset: 9, Limit: 4096}},
		{name: "comment_line", prefix: ":", fill: 'x', limit: 4096, wantErr: errInfo{Kind: "too_large", Limit: 4096}},
		{name: "default_cap", prefix: "data: ", fill: 'x', wantErr: errInfo{Kind: "too_large", Limit: sse.DefaultMaxEventSize}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			limit := tt.limit
			if limit == 0 {
				limit = sse.DefaultMaxEventSize
			}
			bufSize := tt.bufSize
			var opts []sse.Option
			if tt.limit != 0 {
				opts = append(opts, sse.WithMaxEventSize(tt.limit))
			}
			if bufSize != 0 {
				opts = append(opts, sse.WithBufferSize(bufSize))
			} else {
				bufSize = 16 << 10
			}
			r := &endlessReader{prefix: []byte(tt.prefix), fill: tt.fill}
			got, err := decode(t, r, opts...)
			if diff := cmp.Diff(tt.want, evs(got.Frames)); diff != "" {
				t.Errorf("frames (-want +got):\n%s", diff)
			}
			if got.Err != tt.wantErr {
				t.Errorf("error: got %+v, want %+v", got.Err, tt.wantErr)
			}
			var tl *sse.TooLargeError
			if !errors.As(err, &tl) {
				t.Errorf("errors.As(%v, *TooLargeError): got false, want true", err)
			}
			if bound := int64(limit + 2*bufSize); r.n > bound {
				t.Errorf("bytes read: got %d, want at most cap+2*buffer = %d", r.n, bound)
			}
		})
	}

	// A finite stream ending in an over-cap line without a newline is not
	// read to its end either.
	t.Run("finite_unterminated", func(t *testing.T) {
		t.Parallel()
		const limit = 4096
		in := []byte("data: a\n\ndata: " + x(1<<20))
		for _, c := range chunkings() {
			if c.name == "data_err" {
				continue // reads ahead 1 KiB by design
			}
			cr := &countingReader{r: c.wrap(in)}
			got, _ := decode(t, cr, sse.WithMaxEventSize(limit), sse.WithBufferSize(16))
			want := errInfo{Kind: "too_large", Offset: 9, Limit: limit}
			if got.Err != want || len(got.Frames) != 1 {
				t.Errorf("%s: got %d frames and %+v, want 1 frame and %+v", c.name, len(got.Frames), got.Err, want)
			}
			if cr.n > limit+2*16 {
				t.Errorf("%s: bytes read: got %d, want at most %d", c.name, cr.n, limit+2*16)
			}
		}
	})
}

func TestDecoderLargeEventSmallBuffer(t *testing.T) {
	t.Parallel()
	// (Sizes stay moderate: see BenchmarkLongLineSmallReads.)
	sizes := []int{0, 1, 15, 16, 17, 100, 511, 512, 513, 4095, 40000, 3, 20000, 2}
	var in strings.Builder
	var want []ev
	for i, n := range sizes {
		data := strings.Repeat(string(rune('a'+i%26)), n)
		fmt.Fprintf(&in, "event: e%d\ndata: %s\n\n", i, data)
		want = append(want, ev{Event: fmt.Sprintf("e%d", i), Data: data, Retry: -1})
	}
	for _, c := range chunkings() {
		for _, opts := range [][]sse.Option{
			{sse.WithBufferSize(16)},
			{sse.WithBufferSize(16), sse.WithMaxEventSize(40000 + 64)},
			{sse.WithBufferSize(1)},
		} {
			got, err := decode(t, c.wrap([]byte(in.String())), opts...)
			if err != nil {
				t.Errorf("%s: error: got %v, want nil", c.name, err)
			}
			if diff := cmp.Diff(want, evs(got.Frames)); diff != "" {
				t.Errorf("%s: frames (-want +got):\n%s", c.name, diff)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Reader behaviour.

// scriptedReader plays back a list of reads.
type scriptedReader struct {
	steps []step
	after error // returned once the steps are used up
}

type step struct {
	data string
	err  error
}

func (r *scriptedReader) Read(p []byte) (int, error) {
	if len(r.steps) == 0 {
		return 0, r.after
	}
	s := &r.steps[0]
	n := copy(p, s.data)
	s.data = s.data[n:]
	if s.data != "" {
		return n, nil
	}
	err := s.err
	r.steps = r.steps[1:]
	return n, err
}

func TestDecoderNoProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		steps   []step
		want    []ev
		wantOff int64
	}{
		{name: "from_start", wantOff: 0},
		{name: "after_event", steps: []step{{data: "data: a\n\n"}}, want: []ev{msg("a")}, wantOff: 9},
		{name: "mid_event", steps: []step{{data: "data: a\n\ndata: b"}}, want: []ev{msg("a")}, wantOff: 16},
		{name: "after_bom_prefix", steps: []step{{data: "\xEF\xBB"}}, wantOff: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &scriptedReader{steps: tt.steps, after: nil} // (0, nil) forever
			got, err := decode(t, r)
			if diff := cmp.Diff(tt.want, evs(got.Frames)); diff != "" {
				t.Errorf("frames (-want +got):\n%s", diff)
			}
			if !errors.Is(err, io.ErrNoProgress) {
				t.Errorf("errors.Is(%v, io.ErrNoProgress): got false, want true", err)
			}
			if want := (errInfo{Kind: "read", Offset: tt.wantOff}); got.Err != want {
				t.Errorf("error: got %+v, want %+v", got.Err, want)
			}
		})
	}
}

func TestDecoderToleratesSomeEmptyReads(t *testing.T) {
	t.Parallel()
	in := bom + "event: e\r\ndata: a\r\n\r\ndata: b\r\r"
	var steps []step
	for i := range len(in) {
		for range 10 {
			steps = append(steps, step{})
		}
		steps = append(steps, step{data: in[i : i+1]})
	}
	got, err := decode(t, &scriptedReader{steps: steps, after: io.EOF})
	if err != nil {
		t.Errorf("error: got %v, want nil", err)
	}
	want := []ev{{"e", "a", "", -1}, msg("b")}
	if diff := cmp.Diff(want, evs(got.Frames)); diff != "" {
		t.Errorf("frames (-want +got):\n%s", diff)
	}
}

func TestDecoderReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name    string
		r       func() io.Reader
		cause   error
		want    []ev
		wantOff int64
	}{
		{
			name:  "at_start",
			r:     func() io.Reader { return iotest.ErrReader(boom) },
			cause: boom,
		},
		{
			name:    "mid_line",
			r:       func() io.Reader { return &scriptedReader{steps: []step{{data: "data: a\n\ndata: b"}}, after: boom} },
			cause:   boom,
			want:    []ev{msg("a")},
			wantOff: 16,
		},
		{
			name:    "after_field_line_before_blank_line",
			r:       func() io.Reader { return &scriptedReader{steps: []step{{data: "data: a\n\ndata: b\n"}}, after: boom} },
			cause:   boom,
			want:    []ev{msg("a")},
			wantOff: 17,
		},
		{
			name:    "between_events",
			r:       func() io.Reader { return &scriptedReader{steps: []step{{data: "data: a\n\n"}}, after: boom} },
			cause:   boom,
			want:    []ev{msg("a")},
			wantOff: 9,
		},
		{
			name: "unexpected_eof",
			r: func() io.Reader {
				return &scriptedReader{steps: []step{{data: "data: a\n\ndata"}}, after: io.ErrUnexpectedEOF}
			},
			cause:   io.ErrUnexpectedEOF,
			want:    []ev{msg("a")},
			wantOff: 13,
		},
		{
			name:    "timeout_on_second_read",
			r:       func() io.Reader { return iotest.TimeoutReader(strings.NewReader("data: a\n\ndata: b")) },
			cause:   iotest.ErrTimeout,
			want:    []ev{msg("a")},
			wantOff: 16,
		},
		{
			name: "partial_event_arriving_with_error",
			r: func() io.Reader {
				return &scriptedReader{steps: []step{{data: "data: a\n\n"}, {data: "data: b\n", err: boom}}, after: boom}
			},
			cause:   boom,
			want:    []ev{msg("a")},
			wantOff: 17,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := decode(t, tt.r())
			if diff := cmp.Diff(tt.want, evs(got.Frames)); diff != "" {
				t.Errorf("frames (-want +got):\n%s", diff)
			}
			if want := (errInfo{Kind: "read", Offset: tt.wantOff}); got.Err != want {
				t.Errorf("error: got %+v, want %+v", got.Err, want)
			}
			if !errors.Is(err, tt.cause) {
				t.Errorf("errors.Is(%v, %v): got false, want true", err, tt.cause)
			}
			if sse.IsTruncated(err) {
				t.Errorf("IsTruncated(%v): got true, want false", err)
			}
			if err != nil && !strings.Contains(err.Error(), tt.cause.Error()) {
				t.Errorf("Error(): got %q, want it to contain %q", err.Error(), tt.cause.Error())
			}
		})
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		err       error
		truncated bool
		contains  []string
	}{
		{"truncated", &sse.TruncatedError{Offset: 12, Size: 7}, true, []string{"12", "7"}},
		{"wrapped_truncated", fmt.Errorf("run: %w", &sse.TruncatedError{Offset: 1}), true, nil},
		{"too_large", &sse.TooLargeError{Limit: 64, Offset: 9}, false, []string{"64", "9"}},
		{"read", &sse.ReadError{Offset: 3, Err: io.ErrUnexpectedEOF}, false, []string{"3", io.ErrUnexpectedEOF.Error()}},
		{"nil", nil, false, nil},
		{"eof", io.EOF, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := sse.IsTruncated(tt.err); got != tt.truncated {
				t.Errorf("IsTruncated: got %v, want %v", got, tt.truncated)
			}
			for _, s := range tt.contains {
				if !strings.Contains(tt.err.Error(), s) {
					t.Errorf("Error(): got %q, want it to contain %q", tt.err.Error(), s)
				}
			}
		})
	}
	if rd := (&sse.ReadError{Err: io.ErrUnexpectedEOF}); !errors.Is(rd, io.ErrUnexpectedEOF) || rd.Unwrap() != io.ErrUnexpectedEOF {
		t.Errorf("ReadError does not unwrap to its cause")
	}
}

// ---------------------------------------------------------------------------
// Offsets, Reset, names, data lifetime.

func TestDecoderOffsetsAddUp(t *testing.T) {
	t.Parallel()
	type seg struct {
		text     string
		dispatch bool
	}
	tests := []struct {
		name string
		segs []seg
	}{
		{"contiguous", []seg{
			{bom, false},
			{": hi\nevent: a\ndata: 1\n\n", true},
			{"data: 2\r\n\r\n", true},
			{"id: 5\rdata: 3\r\r", true},
			{"retry: 10\ndata: 4\n: c\n\n", true},
			{"data\n\n", true},
		}},
		{"with_gaps", []seg{
			{"\n\r\n", false},
			{"data: 1\n\n", true},
			{"event: e\n\n", false},
			{": c\n\n", false},
			{"\r", false},
			{"data: 2\r\r", true},
			{"id: 9\nretry: 1\n\n", false},
			{"data: 3\n\n", true},
			{": trailing\n", false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var in []byte
			var want [][2]int64
			for _, s := range tt.segs {
				if s.dispatch {
					want = append(want, [2]int64{int64(len(in)), int64(len(s.text))})
				}
				in = append(in, s.text...)
			}
			for _, bo := range bufferOptions {
				for _, c := range chunkings() {
					got, err := decode(t, c.wrap(in), bo.opts...)
					if err != nil {
						t.Errorf("%s/%s: error: got %v, want nil", bo.name, c.name, err)
					}
					var spans [][2]int64
					for _, f := range got.Frames {
						spans = append(spans, [2]int64{f.Offset, f.Size})
					}
					if diff := cmp.Diff(want, spans); diff != "" {
						t.Errorf("%s/%s: [Offset Size] of frames (-want +got):\n%s", bo.name, c.name, diff)
					}
					if got.Consumed != int64(len(in)) {
						t.Errorf("%s/%s: Offset() at the end: got %d, want %d", bo.name, c.name, got.Consumed, len(in))
					}
				}
			}
		})
	}
}

func TestDecoderReset(t *testing.T) {
	t.Parallel()
	second := bom + "event: thread.run.created\ndata: b\n\ndata: c\r\r"
	tests := []struct {
		name  string
		first string
		opts  []sse.Option
		// frames to read from the first stream before Reset; -1 reads to the end.
		read int
	}{
		{name: "after_clean_end", first: "id: 5\nretry: 10\nevent: x\ndata: a\n\n", read: -1},
		{name: "after_truncation", first: "id: 5\nretry: 10\ndata: a\n\nevent: y\ndata: partial", read: -1},
		{name: "mid_stream", first: "id: 5\nretry: 10\ndata: a\n\nevent: leak\ndata: leak\n\n", read: 1},
		{name: "mid_block", first: "id: 5\nretry: 10\ndata: a\n\nevent: leak\ndata: leak\n", read: 1},
		{name: "pending_cr", first: "id: 5\ndata: a\r\rdata: b\r", read: 1},
		{name: "after_too_large", first: "id: 5\ndata: a\n\ndata: " + x(200) + "\n\n", opts: []sse.Option{sse.WithMaxEventSize(64)}, read: -1},
		{name: "after_read_error", first: "", read: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, bo := range bufferOptions {
				opts := withOpts(tt.opts, bo.opts...)
				fresh, freshErr := decode(t, strings.NewReader(second), opts...)
				if freshErr != nil {
					t.Fatalf("fresh decoder: error: got %v, want nil", freshErr)
				}
				var first io.Reader = strings.NewReader(tt.first)
				if tt.name == "after_read_error" {
					first = iotest.ErrReader(errors.New("boom"))
				}
				d := sse.NewDecoder(iotest.HalfReader(first), opts...)
				for i := 0; tt.read < 0 || i < tt.read; i++ {
					if !d.Next() {
						break
					}
				}
				// The second stream's first byte is a LF: it must not be
				// taken as the end of a CRLF begun by the first stream.
				d.Reset(io.MultiReader(strings.NewReader("\n"), strings.NewReader(second)))
				got, err := drain(t, d)
				if err != nil {
					t.Errorf("%s: after Reset: error: got %v, want nil", bo.name, err)
				}
				// Offsets are shifted by the extra leading LF, and the BOM is
				// not at the start any more, so compare against a fresh
				// decoder of the same bytes too.
				fresh2, _ := decode(t, strings.NewReader("\n"+second), opts...)
				if diff := cmp.Diff(fresh2, got); diff != "" {
					t.Errorf("%s: after Reset (-fresh +reset):\n%s", bo.name, diff)
				}
				for _, f := range got.Frames {
					if f.ID != "" || f.Retry != -1 {
						t.Errorf("%s: after Reset: got ID %q Retry %d, want \"\" and -1", bo.name, f.ID, f.Retry)
					}
				}
				// And a plain Reset onto the second stream matches a fresh
				// decoder exactly, BOM handling included.
				d.Reset(strings.NewReader(second))
				got, _ = drain(t, d)
				if diff := cmp.Diff(fresh, got); diff != "" {
					t.Errorf("%s: second Reset (-fresh +reset):\n%s", bo.name, diff)
				}
			}
		})
	}
}

func TestDecoderNameTable(t *testing.T) {
	t.Parallel()
	// Clone the names so their bytes live apart from any string literal:
	// the decoder must hand back these exact strings.
	known := []string{strings.Clone("thread.run.created"), strings.Clone("done"), strings.Clone("message")}
	table := sse.NewNameTable(known...)
	in := "event: thread.run.created\ndata: a\n\n" +
		"event: other\ndata: b\n\n" +
		"event: done\ndata: [DONE]\n\n" +
		"event: thread.run.created\ndata: c\n\n" +
		"event: message\ndata: d\n\n" +
		"data: e\n\n"
	wantNames := []string{"thread.run.created", "other", "done", "thread.run.created", "message", "message"}
	// Index into known of the string each frame's name must share bytes with (-1: any).
	wantPtr := []int{0, -1, 1, 0, 2, -1}

	var wg sync.WaitGroup
	for g := range 4 { // the table is shared by concurrent decoders
		wg.Go(func() {
			for _, c := range chunkings() {
				d := sse.NewDecoder(c.wrap([]byte(in)), sse.WithNameTable(table))
				var got []string
				for i := 0; d.Next(); i++ {
					name := d.Frame().Event
					got = append(got, name)
					if i < len(wantPtr) && wantPtr[i] >= 0 && unsafe.StringData(name) != unsafe.StringData(known[wantPtr[i]]) {
						t.Errorf("goroutine %d %s: frame %d: name %q is not the table's string", g, c.name, i, name)
					}
				}
				if err := d.Err(); err != nil {
					t.Errorf("%s: error: got %v, want nil", c.name, err)
				}
				if diff := cmp.Diff(wantNames, got); diff != "" {
					t.Errorf("%s: names (-want +got):\n%s", c.name, diff)
				}
			}
		})
	}
	wg.Wait()
}

func TestDecoderManyDistinctNames(t *testing.T) {
	t.Parallel()
	var in strings.Builder
	var want []string
	for i := range 300 {
		name := fmt.Sprintf("n%d", i%150)
		fmt.Fprintf(&in, "event: %s\ndata: %d\n\n", name, i)
		want = append(want, name)
	}
	for _, table := range []*sse.NameTable{nil, sse.NewNameTable("n1", "n2")} {
		var opts []sse.Option
		if table != nil {
			opts = append(opts, sse.WithNameTable(table))
		}
		d := sse.NewDecoder(strings.NewReader(in.String()), opts...)
		got, err := drain(t, d)
		if err != nil {
			t.Fatalf("error: got %v, want nil", err)
		}
		if diff := cmp.Diff(want, names(got.Frames)); diff != "" {
			t.Errorf("names (-want +got):\n%s", diff)
		}
		// The same decoder after Reset, with its name cache warm.
		d.Reset(strings.NewReader(in.String()))
		got, _ = drain(t, d)
		if diff := cmp.Diff(want, names(got.Frames)); diff != "" {
			t.Errorf("after Reset: names (-want +got):\n%s", diff)
		}
	}
}

func TestDecoderDataValidUntilNext(t *testing.T) {
	t.Parallel()
	in := "data: first\n\ndata: second, longer\n\ndata: 3\n\n"
	want := []string{"first", "second, longer", "3"}
	for _, c := range chunkings() {
		d := sse.NewDecoder(c.wrap([]byte(in)), sse.WithBufferSize(16))
		var got []string
		for d.Next() {
			f := d.Frame()
			// Frame may be called again: same frame until Next.
			if again := d.Frame(); !bytes.Equal(again.Data, f.Data) || again.Event != f.Event {
				t.Errorf("%s: Frame() twice: got %q then %q", c.name, f.Data, again.Data)
			}
			got = append(got, string(f.Data)) // copy: Data may change on Next
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: data (-want +got):\n%s", c.name, diff)
		}
	}
}

// Not parallel: testing.AllocsPerRun refuses to run in a parallel test.
func TestDecoderSteadyStateAllocs(t *testing.T) {
	block := "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\n" +
		": ping\n\n" +
		"event: custom\nretry: 100\ndata: line1\ndata: line2\n\n" +
		"data: plain\r\n\r\n"
	stream := strings.Repeat(block, 50)
	table := sse.NewNameTable("thread.run.created")
	r := strings.NewReader(stream)
	d := sse.NewDecoder(r, sse.WithNameTable(table))
	frames := 0
	run := func() {
		r.Reset(stream)
		d.Reset(r)
		frames = 0
		for d.Next() {
			frames++
		}
		if err := d.Err(); err != nil {
			t.Fatalf("error: got %v, want nil", err)
		}
	}
	run() // warm up buffers and the name cache
	if got := testing.AllocsPerRun(10, run); got != 0 {
		t.Errorf("allocations per stream of %d events after warm-up: got %v, want 0", frames, got)
	}
	if frames != 150 {
		t.Errorf("frames: got %d, want 150", frames)
	}
}

// ---------------------------------------------------------------------------
// Events.

func TestEvents(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		opts    []sse.Option
		want    []ev
		wantErr errInfo
	}{
		{name: "clean", in: "data: a\n\nevent: e\ndata: b\n\n", want: []ev{msg("a"), {"e", "b", "", -1}}},
		{name: "empty", in: ""},
		{name: "truncated", in: "data: a\n\ndata: b", want: []ev{msg("a")}, wantErr: errInfo{Kind: "truncated", Offset: 9, Size: 7}},
		{
			name: "options_apply", in: "data: a\n\ndata: " + x(100) + "\n\n", opts: []sse.Option{sse.WithMaxEventSize(64)},
			want: []ev{msg("a")}, wantErr: errInfo{Kind: "too_large", Offset: 9, Limit: 64},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range chunkings() {
				var got []ev
				var errs []errInfo
				for f, err := range sse.Events(c.wrap([]byte(tt.in)), tt.opts...) {
					if err != nil {
						if diff := cmp.Diff(sse.Frame{}, f); diff != "" {
							t.Errorf("%s: a frame yielded together with error %v (-zero +got):\n%s", c.name, err, diff)
						}
						errs = append(errs, describeErr(err))
						continue
					}
					if len(errs) > 0 {
						t.Errorf("%s: frame yielded after the error", c.name)
					}
					got = append(got, ev{f.Event, string(f.Data), f.ID, f.Retry})
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s: frames (-want +got):\n%s", c.name, diff)
				}
				var wantErrs []errInfo
				if tt.wantErr.Kind != "" {
					wantErrs = []errInfo{tt.wantErr}
				}
				if diff := cmp.Diff(wantErrs, errs); diff != "" {
					t.Errorf("%s: errors (-want +got):\n%s", c.name, diff)
				}
			}
		})
	}

	t.Run("break_stops_reading", func(t *testing.T) {
		t.Parallel()
		cr := &countingReader{r: iotest.OneByteReader(strings.NewReader("data: a\n\ndata: b\n\ndata: c\n\n"))}
		n := 0
		for _, err := range sse.Events(cr, sse.WithBufferSize(16)) {
			if err != nil {
				t.Fatalf("error: got %v, want nil", err)
			}
			n++
			break
		}
		if n != 1 || cr.n != 9 {
			t.Errorf("after break: got %d frames and %d bytes read, want 1 and 9", n, cr.n)
		}
	})
}

// ---------------------------------------------------------------------------
// Fixture replay: chunking invariance over every embedded stream.

func allFixtures(tb testing.TB) []fixtures.Stream {
	tb.Helper()
	var all []fixtures.Stream
	for _, load := range []func() ([]fixtures.Stream, error){fixtures.Runs, fixtures.Malformed, fixtures.Events} {
		streams, err := load()
		if err != nil {
			tb.Fatalf("load fixtures: %v", err)
		}
		if len(streams) == 0 {
			tb.Fatalf("load fixtures: got no streams")
		}
		all = append(all, streams...)
	}
	return all
}

func TestFixturesChunkingInvariance(t *testing.T) {
	t.Parallel()
	for _, s := range allFixtures(t) {
		t.Run(s.Path, func(t *testing.T) {
			t.Parallel()
			var capOpts []sse.Option
			limit := sse.DefaultMaxEventSize
			if s.Outcome.MaxEventSize != 0 {
				limit = s.Outcome.MaxEventSize
				capOpts = append(capOpts, sse.WithMaxEventSize(limit))
			}
			whole, _ := decode(t, bytes.NewReader(s.Data), capOpts...)
			checkFixtureOutcome(t, s, whole)

			refFrames, refErr := refDecode(s.Data, limit)
			if diff := cmp.Diff(whole.Frames, refFrames); diff != "" {
				t.Errorf("reference decoder frames (-decoder +reference):\n%s", diff)
			}
			if refErr != whole.Err {
				t.Errorf("reference decoder error: got %+v, decoder %+v", refErr, whole.Err)
			}

			rng := rand.New(rand.NewPCG(uint64(len(s.Data)), 7))
			for _, bo := range bufferOptions {
				opts := withOpts(capOpts, bo.opts...)
				for _, c := range chunkings() {
					got, _ := decode(t, c.wrap(s.Data), opts...)
					if diff := cmp.Diff(whole.comparable(), got.comparable()); diff != "" {
						t.Errorf("%s/%s: differs from the whole-buffer decode (-whole +got):\n%s", bo.name, c.name, diff)
					}
				}
				for i := range 4 {
					parts := randomParts(rng, s.Data, 2+i*10)
					got, _ := pipeDecode(t, parts, opts...)
					if diff := cmp.Diff(whole.comparable(), got.comparable()); diff != "" {
						t.Errorf("%s/pipe_random_%d: differs from the whole-buffer decode (-whole +got):\n%s", bo.name, i, diff)
					}
				}
			}
		})
	}
}

// checkFixtureOutcome checks the framing-level part of a fixture's outcome:
// which events the sse decoder dispatches and which framing error it ends
// with (decode and unknown_event errors come from the typed decoder later).
func checkFixtureOutcome(tb testing.TB, s fixtures.Stream, got result) {
	tb.Helper()
	gotNames := names(got.Frames)
	if strings.HasPrefix(s.Path, "events/") {
		if diff := cmp.Diff([]string{s.Name}, gotNames); diff != "" || got.Err.Kind != "" {
			tb.Errorf("got names %v and error %+v, want [%s] and no error", gotNames, got.Err, s.Name)
		}
		return
	}
	o := s.Outcome
	kind := ""
	if o.Error != nil {
		kind = o.Error.Kind
	}
	switch kind {
	case "truncated", "too_large", "missing_done":
		wantErr := kind
		if kind == "missing_done" {
			wantErr = ""
		}
		if got.Err.Kind != wantErr {
			tb.Errorf("framing error: got %+v, want kind %q", got.Err, wantErr)
		}
		if diff := cmp.Diff(o.Events, gotNames, cmpopts.EquateEmpty()); diff != "" {
			tb.Errorf("names (-outcome +got):\n%s", diff)
		}
	case "unknown_event", "decode":
		if len(gotNames) <= o.Error.Index {
			tb.Errorf("got %d frames, want more than %d (the failing event must be dispatched)", len(gotNames), o.Error.Index)
			return
		}
		if diff := cmp.Diff(o.Events, gotNames[:o.Error.Index], cmpopts.EquateEmpty()); diff != "" {
			tb.Errorf("names before the failing event (-outcome +got):\n%s", diff)
		}
	case "":
		if len(gotNames) < len(o.Events) {
			tb.Errorf("got names %v, want them to start with %v", gotNames, o.Events)
			return
		}
		if diff := cmp.Diff(o.Events, gotNames[:len(o.Events)], cmpopts.EquateEmpty()); diff != "" {
			tb.Errorf("names (-outcome +got prefix):\n%s", diff)
		}
	default:
		tb.Errorf("unknown outcome kind %q", kind)
	}
}

// ---------------------------------------------------------------------------
// Known bugs: each test states the correct behaviour and is skipped until
// the decoder is fixed.

// Regression: retry values just below MaxInt64 once saturated early.
func TestRetryJustBelowMaxInt64(t *testing.T) {
	t.Parallel()
	for _, v := range []int64{9223372036854775800, 9223372036854775801, 9223372036854775806} {
		in := fmt.Sprintf("retry: %d\ndata: x\n\n", v)
		got, err := decode(t, strings.NewReader(in))
		if err != nil || len(got.Frames) != 1 {
			t.Fatalf("%q: got %d frames and error %v, want 1 frame", in, len(got.Frames), err)
		}
		if got.Frames[0].Retry != v {
			t.Errorf("%q: Retry: got %d, want %d", in, got.Frames[0].Retry, v)
		}
	}
}

// Regression: an over-cap last line once hid behind EOF delivered with it.
func TestEOFWithLastBytesKeepsTooLarge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
	}{
		{"data_line", "data: " + x(59)},                          // 65 bytes, cap 64
		{"after_complete_line", "data: " + x(50) + "\ndata: 12"}, // 57 + 8 bytes
		{"comment_line", ":" + x(64)},                            // 65 bytes; got: clean end
		{"after_event", "data: a\n\n: " + x(63)},                 // 9 + 65 bytes
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want, _ := decode(t, bytes.NewReader([]byte(tt.in)), sse.WithMaxEventSize(64))
			if want.Err.Kind != "too_large" {
				t.Fatalf("bytes.Reader: got %+v, want too_large", want.Err)
			}
			for _, r := range []io.Reader{
				iotest.DataErrReader(bytes.NewReader([]byte(tt.in))),
				&chunkReader{b: []byte(tt.in), n: 1 << 20, eofWithLast: true},
			} {
				got, _ := decode(t, r, sse.WithMaxEventSize(64))
				if diff := cmp.Diff(want.comparable(), got.comparable()); diff != "" {
					t.Errorf("EOF with the last bytes: got … want … (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// Regression: bytes returned together with a read error were once dropped.
func TestBytesReturnedWithReadErrorAreDecoded(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name  string
		steps []step
		want  []ev
	}{
		{"whole_event_with_error", []step{{data: "data: a\n\n", err: boom}}, []ev{msg("a")}},
		{"blank_line_with_error", []step{{data: "data: a\n"}, {data: "\n", err: boom}}, []ev{msg("a")}},
		{"two_events_with_error", []step{{data: "data: a\n\ndata: b\n\ndata: c", err: boom}}, []ev{msg("a"), msg("b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := decode(t, &scriptedReader{steps: tt.steps, after: boom})
			if diff := cmp.Diff(tt.want, evs(got.Frames)); diff != "" {
				t.Errorf("frames: got … want … (-want +got):\n%s", diff)
			}
			if !errors.Is(err, boom) || got.Err.Kind != "read" {
				t.Errorf("error: got %v, want a *ReadError wrapping boom", err)
			}
		})
	}
}

func TestWithMaxEventSizeExtremes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		n         int
		wantLimit int // the cap a line that never ends runs into
	}{
		{"max_int", math.MaxInt, 0}, // no cap reachable: only check decoding works
		{"max_int_minus_one", math.MaxInt - 1, 0},
		{"zero_keeps_default", 0, sse.DefaultMaxEventSize},
		{"negative_keeps_default", -1, sse.DefaultMaxEventSize},
		{"min_int_keeps_default", math.MinInt, sse.DefaultMaxEventSize},
		{"one_is_raised_to_64", 1, 64},
		{"sixty_three_is_raised_to_64", 63, 64},
		{"sixty_five", 65, 65},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := "data: a\n\ndata: " + x(50) + "\n\n"
			for _, bo := range bufferOptions {
				got, err := decode(t, strings.NewReader(in), withOpts([]sse.Option{sse.WithMaxEventSize(tt.n)}, bo.opts...)...)
				if err != nil {
					t.Errorf("%s: WithMaxEventSize(%d): error: got %v, want nil", bo.name, tt.n, err)
				}
				if diff := cmp.Diff([]ev{msg("a"), msg(x(50))}, evs(got.Frames)); diff != "" {
					t.Errorf("%s: WithMaxEventSize(%d): frames (-want +got):\n%s", bo.name, tt.n, diff)
				}
			}
			if tt.wantLimit == 0 {
				return
			}
			r := &endlessReader{prefix: []byte("data: "), fill: 'x'}
			got, _ := decode(t, r, sse.WithMaxEventSize(tt.n))
			if want := (errInfo{Kind: "too_large", Limit: tt.wantLimit}); got.Err != want {
				t.Errorf("WithMaxEventSize(%d): endless line: got %+v, want %+v", tt.n, got.Err, want)
			}
		})
	}
}

// A CR that ends a read is held until the next byte shows whether an LF
// follows (so raw sizes do not depend on how reads cut the stream); when
// the read fails instead, the CR still ends the line and the complete event
// is dispatched before the error.
func TestCRBeforeReadErrorEndsTheLine(t *testing.T) {
	t.Parallel()
	t.Run("read_error_after_cr", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("boom")
		for _, in := range []string{"data: a\n\r", "data: a\r\r", "data: a\r\n\r"} {
			got, err := decode(t, &scriptedReader{steps: []step{{data: in}}, after: boom})
			if diff := cmp.Diff([]ev{msg("a")}, evs(got.Frames)); diff != "" {
				t.Errorf("%q then a read error: frames: got … want … (-want +got):\n%s", in, diff)
			}
			if !errors.Is(err, boom) {
				t.Errorf("%q then a read error: got %v, want a *ReadError wrapping boom", in, err)
			}
		}
	})
}

// BenchmarkLongLineSmallReads decodes a 16 MiB event arriving in
// 1460-byte reads: the line-end searches must resume where they stopped,
// so this costs about what one whole read does (compare the two).
func BenchmarkLongLineSmallReads(b *testing.B) {
	in := []byte("data: " + x(16<<20) + "\n\n")
	for _, n := range []int{len(in), 1460} {
		b.Run(fmt.Sprintf("reads_of_%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				got, err := decode(b, &chunkReader{b: in, n: n})
				if err != nil || len(got.Frames) != 1 {
					b.Fatalf("got %d frames and error %v, want 1 frame", len(got.Frames), err)
				}
			}
		})
	}
}
