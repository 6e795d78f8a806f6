package sse_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/sse"
)

// fuzzMaxEventSize is the cap of the fuzz target, small enough for the
// fuzzer to cross it.
const fuzzMaxEventSize = 4096

// fuzzLiterals are hand-picked seeds besides the fixture streams.
var fuzzLiterals = []string{
	"",
	"data: a\r\ndata: b\r\n\r\n",
	"data: a\r\rdata: b\r\r",
	"data: a\n\rdata: b\n\n",
	bom + "event: e\ndata: a\n\n",
	bom + bom + "data: a\n\n",
	"\xEF\xBB",
	"id: 1\ndata: a\n\nid: 2\x00\ndata: b\n\nid:\ndata: c\n\n",
	"retry: 10\ndata: a\n\nretry: x\ndata: b\n\nretry: 99999999999999999999\ndata: c\n\n",
	"data\ndata:\ndata:  x\ndata:\tx\n\n",
	"event: e\n\ndata: a\n\n: c",
	"data: a\n\ndata: b",
	"data: " + strings.Repeat("x", fuzzMaxEventSize-8) + "\n\n",
	"data: " + strings.Repeat("x", fuzzMaxEventSize-7) + "\n\n",
	"data: " + strings.Repeat("x", fuzzMaxEventSize-8) + "\r\r\n",
	":" + strings.Repeat("x", fuzzMaxEventSize) + "\ndata: a\n\n",
	"event: \xff\x00\ndata: a\x00\n\n",
}

// FuzzDecoder checks, for any stream and chunk size, that the decoder does
// not panic, agrees with the reference decoder below, gives the same result
// however the bytes are chunked, never yields a frame with an error from
// Events, reports sane offsets, and that its frames survive an AppendEvent
// round trip.
func FuzzDecoder(f *testing.F) {
	for i, s := range allFixtures(f) {
		f.Add(s.Data, byte(i))
	}
	for i, s := range fuzzLiterals {
		f.Add([]byte(s), byte(i*5))
	}
	f.Fuzz(func(t *testing.T, in []byte, chunk byte) {
		n := int(chunk) + 1
		capOpt := sse.WithMaxEventSize(fuzzMaxEventSize)

		whole, _ := decode(t, bytes.NewReader(in), capOpt)

		// The reference decoder.
		refFrames, refErr := refDecode(in, fuzzMaxEventSize)
		if diff := cmp.Diff(refFrames, whole.Frames); diff != "" {
			t.Errorf("frames differ from the reference decoder (-reference +decoder):\n%s", diff)
		}
		if refErr != whole.Err {
			t.Errorf("error: got %+v, reference decoder %+v", whole.Err, refErr)
		}
		if whole.Err.Kind == "" {
			checkConsumedAll(t, "whole", in, whole.Consumed)
		}

		// Chunking invariance, with a small growing buffer.
		chunked, _ := decode(t, &chunkReader{b: in, n: n}, capOpt, sse.WithBufferSize(16))
		if diff := cmp.Diff(whole.comparable(), chunked.comparable()); diff != "" {
			t.Errorf("chunks of %d differ from the whole-buffer decode (-whole +chunked):\n%s", n, diff)
		}
		eofWithLast, _ := decode(t, &chunkReader{b: in, n: n, eofWithLast: true}, capOpt)
		if diff := cmp.Diff(whole.comparable(), eofWithLast.comparable()); diff != "" {
			t.Errorf("chunks of %d, EOF with the last bytes, differ from the whole-buffer decode (-whole +chunked):\n%s", n, diff)
		}

		// Events never yields a frame together with an error, yields the
		// error at most once and last, and matches Next.
		var iterFrames []rec
		var iterErrs []errInfo
		for fr, err := range sse.Events(&chunkReader{b: in, n: n}, capOpt) {
			if err != nil {
				if diff := cmp.Diff(sse.Frame{}, fr); diff != "" {
					t.Errorf("Events yielded a frame together with error %v (-zero +frame):\n%s", err, diff)
				}
				iterErrs = append(iterErrs, describeErr(err))
				continue
			}
			if len(iterErrs) > 0 {
				t.Errorf("Events yielded a frame after the error")
			}
			iterFrames = append(iterFrames, toRec(fr))
		}
		if diff := cmp.Diff(whole.Frames, iterFrames); diff != "" {
			t.Errorf("Events frames differ from Next (-next +events):\n%s", diff)
		}
		var wantErrs []errInfo
		if whole.Err.Kind != "" {
			wantErrs = []errInfo{whole.Err}
		}
		if diff := cmp.Diff(wantErrs, iterErrs); diff != "" {
			t.Errorf("Events errors differ from Next (-next +events):\n%s", diff)
		}

		// Offsets: inside the input, in order, not overlapping, within the cap.
		var end int64
		for i, fr := range whole.Frames {
			if fr.Offset < end || fr.Size <= 0 || fr.Offset+fr.Size > int64(len(in)) || fr.Size > fuzzMaxEventSize {
				t.Errorf("frame %d: Offset %d Size %d: got a span outside [%d, %d] or over the cap %d", i, fr.Offset, fr.Size, end, len(in), fuzzMaxEventSize)
			}
			end = fr.Offset + fr.Size
		}

		// Round trip through AppendEvent.
		if whole.Err.Kind != "" {
			return
		}
		var enc []byte
		for _, fr := range whole.Frames {
			if strings.ContainsAny(fr.Event, "\r\n\x00") {
				return
			}
			name := fr.Event
			if name == sse.DefaultEventName {
				name = ""
			}
			var err error
			if enc, err = sse.AppendEvent(enc, name, []byte(fr.Data)); err != nil {
				t.Fatalf("AppendEvent(%q, %q): got error %v, want nil", name, fr.Data, err)
			}
		}
		again, err := decode(t, bytes.NewReader(enc))
		if err != nil {
			t.Fatalf("decoding the re-encoded frames: got error %v, want nil", err)
		}
		type nd struct{ Event, Data string }
		project := func(fs []rec) []nd {
			var out []nd
			for _, f := range fs {
				out = append(out, nd{f.Event, f.Data})
			}
			return out
		}
		if diff := cmp.Diff(project(whole.Frames), project(again.Frames)); diff != "" {
			t.Errorf("re-encoded frames differ (-original +round trip):\n%s", diff)
		}
	})
}

// refDecode is a deliberately plain whole-buffer implementation of the WHATWG
// event-stream interpretation with the package's documented choices: the
// oracle the decoder is compared with. A line (complete or not) that takes
// its block over max fails with too_large even at the end of the input, as
// the decoder cannot know the input ends there before it stops reading.
func refDecode(in []byte, max int) ([]rec, errInfo) {
	var (
		frames     []rec
		pos        int
		blockStart int
		blockSize  int
		fields     bool
		name, data []byte
		id         string
		retry      int64 = -1
	)
	if bytes.HasPrefix(in, []byte(bom)) {
		pos = len(bom)
	}
	for {
		i := bytes.IndexAny(in[pos:], "\r\n")
		if i < 0 {
			rest := in[pos:]
			start := pos
			if blockSize > 0 {
				start = blockStart
			}
			switch {
			case blockSize+len(rest) > max:
				return frames, errInfo{Kind: "too_large", Offset: int64(start), Limit: max}
			case fields || len(rest) > 0 && rest[0] != ':':
				return frames, errInfo{Kind: "truncated", Offset: int64(start), Size: int64(blockSize + len(rest))}
			}
			return frames, errInfo{}
		}
		line := in[pos : pos+i]
		next := pos + i + 1
		if in[pos+i] == '\r' && next < len(in) && in[next] == '\n' {
			next++
		}
		if blockSize == 0 {
			blockStart = pos
		}
		blockSize += next - pos
		pos = next
		if blockSize > max {
			return frames, errInfo{Kind: "too_large", Offset: int64(blockStart), Limit: max}
		}
		switch {
		case len(line) == 0:
			if len(data) > 0 {
				event := sse.DefaultEventName
				if len(name) > 0 {
					event = string(name)
				}
				frames = append(frames, rec{
					Event: event, Data: string(data[:len(data)-1]), ID: id, Retry: retry,
					Offset: int64(blockStart), Size: int64(blockSize),
				})
			}
			blockSize, fields, name, data = 0, false, nil, nil
		case line[0] == ':':
			// comment
		default:
			fields = true
			field, value, found := bytes.Cut(line, []byte(":"))
			if found {
				value = bytes.TrimPrefix(value, []byte(" "))
			}
			switch string(field) {
			case "data":
				data = append(append(data, value...), '\n')
			case "event":
				name = append(name[:0], value...)
			case "id":
				if !bytes.Contains(value, []byte{0}) {
					id = string(value)
				}
			case "retry":
				if v, ok := refRetry(value); ok {
					retry = v
				}
			}
		}
	}
}

// refRetry parses an all-ASCII-digit value exactly, saturating at MaxInt64.
func refRetry(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if v > (math.MaxInt64-d)/10 {
			v = math.MaxInt64
		} else {
			v = v*10 + d
		}
	}
	return v, true
}
