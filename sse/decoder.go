package sse

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"math"
)

// Frame is one dispatched event.
type Frame struct {
	// Event is the event name, or DefaultEventName ("message") when the
	// event had no event field. Known names are interned.
	Event string
	// Data is the event's data lines joined with "\n". It is only valid
	// until the next call to Next.
	Data []byte
	// ID is the last event ID: the value of the most recent id field
	// without NUL, in this event or an earlier one ("" when none).
	ID string
	// Retry is the reconnection time in milliseconds set by the most
	// recent all-digit retry field, or -1 when none was seen.
	Retry int64
	// Offset is the stream offset of the event block's first byte.
	Offset int64
	// Size is the raw size of the event block, up to and including the
	// blank line that dispatched it.
	Size int64
}

// Decoder reads Frames from an event stream. It is not safe for
// concurrent use.
type Decoder struct {
	r       io.Reader
	buf     []byte
	start   int   // first unread byte in buf
	end     int   // end of valid bytes in buf
	base    int64 // stream offset of buf[0]
	lf      int   // index in buf of the next '\n' at or after start, or -1 if none before lfEnd
	lfEnd   int   // end of the region the last '\n' search covered
	crFrom  int   // index in buf before which the current line has no '\r'
	eof     bool  // the input ended or failed: no more reads
	readErr error // the failed read, reported after the bytes before it
	bom     bool  // the leading byte order mark has been handled
	err     error
	max     int
	bufSize int
	ahead   bool // the last read filled the buffer: more input is likely waiting
	names   *NameTable
	cache   map[string]string

	// the event block being read
	blockStart int64
	blockSize  int64
	fields     bool // a non-comment line was read in this block
	name       []byte
	data       []byte
	dispatched bool // the previous call returned an event; reset the block first

	id      []byte
	idStr   string
	idDirty bool
	retry   int64

	frame Frame
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader, opts ...Option) *Decoder {
	d := &Decoder{max: DefaultMaxEventSize, bufSize: initialBufferSize}
	for _, o := range opts {
		o(d)
	}
	d.Reset(r)
	return d
}

// Reset makes the decoder read a new stream from r, keeping its options
// and buffers.
func (d *Decoder) Reset(r io.Reader) {
	buf, data, name, id := d.buf, d.data[:0], d.name[:0], d.id[:0]
	*d = Decoder{
		r: r, buf: buf, data: data, name: name, id: id, lf: -1, retry: -1,
		max: d.max, bufSize: d.bufSize, names: d.names, cache: d.cache,
	}
	if d.buf == nil {
		d.buf = make([]byte, min(d.bufSize, d.max+1))
	}
}

// Next reads the next event and reports whether there is one. It returns
// false at the end of the stream or on an error; Err tells which.
func (d *Decoder) Next() bool {
	if d.err != nil {
		return false
	}
	if d.dispatched {
		d.resetBlock()
	}
	for {
		line, n, ok := d.readLine()
		if !ok {
			return false
		}
		if d.blockSize == 0 {
			d.blockStart = d.offset() - int64(n)
		}
		d.blockSize += int64(n)
		if d.blockSize > int64(d.max) {
			d.err = &TooLargeError{Limit: d.max, Offset: d.blockStart}
			return false
		}
		if len(line) == 0 {
			if len(d.data) > 0 {
				d.dispatch()
				return true
			}
			d.resetBlock()
			continue
		}
		if line[0] == ':' {
			continue // comment
		}
		d.fields = true
		d.field(line)
	}
}

// field processes one field line.
func (d *Decoder) field(line []byte) {
	name, value := line, line[len(line):]
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "data":
		d.data = append(d.data, value...)
		d.data = append(d.data, '\n')
	case "event":
		d.name = append(d.name[:0], value...)
	case "id":
		if bytes.IndexByte(value, 0) < 0 {
			d.id = append(d.id[:0], value...)
			d.idDirty = true
		}
	case "retry":
		if v, ok := parseDigits(value); ok {
			d.retry = v
		}
	}
}

// parseDigits parses an all-ASCII-digit value, saturating on overflow.
func parseDigits(b []byte) (int64, bool) {
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
			v = math.MaxInt64 // saturate, keep checking the digits
			continue
		}
		v = v*10 + d
	}
	return v, true
}

func (d *Decoder) dispatch() {
	if d.idDirty {
		if string(d.id) != d.idStr {
			d.idStr = string(d.id)
		}
		d.idDirty = false
	}
	d.frame = Frame{
		Event:  d.intern(d.name),
		Data:   d.data[:len(d.data)-1],
		ID:     d.idStr,
		Retry:  d.retry,
		Offset: d.blockStart,
		Size:   d.blockSize,
	}
	d.dispatched = true
}

func (d *Decoder) resetBlock() {
	d.blockSize = 0
	d.fields = false
	d.name = d.name[:0]
	d.data = d.data[:0]
	d.dispatched = false
}

// Frame returns the event Next read.
func (d *Decoder) Frame() Frame { return d.frame }

// Err returns the error that stopped the decoder, or nil after a clean end
// of the stream.
func (d *Decoder) Err() error { return d.err }

// Offset returns the number of stream bytes consumed so far.
func (d *Decoder) Offset() int64 { return d.offset() }

func (d *Decoder) offset() int64 { return d.base + int64(d.start) }

// InputOffset returns the number of bytes read from the input so far,
// consumed or still buffered: at the end of the stream, its length.
func (d *Decoder) InputOffset() int64 { return d.base + int64(d.end) }

// readLine returns the next complete line without its line end, and the
// raw bytes it occupied. At the end of the stream or on an error it returns
// ok false, with d.err set for errors and truncation.
//
// A CR that is the last byte read so far is held until the next byte shows
// whether an LF follows (CRLF is one line end), so the raw sizes of events
// do not depend on how the stream was cut into reads; at the end of the
// stream, or when a read fails, it ends the line at once.
func (d *Decoder) readLine() (line []byte, n int, ok bool) {
	if !d.bom {
		d.skipBOM()
	}
	for {
		if d.lf >= 0 && d.lf < d.start {
			d.lf, d.lfEnd = -1, d.start
		}
		if d.lf < 0 && d.lfEnd < d.end {
			from := max(d.lfEnd, d.start)
			if i := bytes.IndexByte(d.buf[from:d.end], '\n'); i >= 0 {
				d.lf = from + i
			} else {
				d.lfEnd = d.end
			}
		}
		limit := d.end
		if d.lf >= 0 {
			limit = d.lf
		}
		// Both searches resume where the last one stopped, so a long line
		// arriving in small reads is scanned once.
		from := max(d.crFrom, d.start)
		if j := bytes.IndexByte(d.buf[from:limit], '\r'); j >= 0 {
			cr := from + j
			if cr+1 < d.end || d.eof {
				n := 1
				if cr+1 < d.end && d.buf[cr+1] == '\n' {
					n = 2
				}
				return d.consume(cr, cr+n)
			}
			d.crFrom = cr // an LF may follow in the next read
		} else {
			d.crFrom = limit
			if d.lf >= 0 {
				return d.consume(d.lf, d.lf+1)
			}
		}
		if d.blockSize+int64(d.end-d.start) > int64(d.max) {
			d.err = &TooLargeError{Limit: d.max, Offset: d.pendingStart()}
			return nil, 0, false
		}
		if d.eof {
			d.finish()
			return nil, 0, false
		}
		d.fill()
	}
}

func (d *Decoder) consume(lineEnd, next int) ([]byte, int, bool) {
	line := d.buf[d.start:lineEnd]
	n := next - d.start
	d.start = next
	return line, n, true
}

func (d *Decoder) pendingStart() int64 {
	if d.blockSize > 0 {
		return d.blockStart
	}
	return d.offset()
}

// finish handles the end of the input once every complete line is read: a
// failed read is reported as such; otherwise an event that was started but
// not dispatched is discarded and reported as truncation.
func (d *Decoder) finish() {
	if d.readErr != nil {
		d.err = d.readErr
		return
	}
	partial := d.buf[d.start:d.end]
	if d.fields || (len(partial) > 0 && partial[0] != ':') {
		d.err = &TruncatedError{Offset: d.pendingStart(), Size: d.blockSize + int64(len(partial))}
	}
}

// skipBOM drops a UTF-8 byte order mark at the very start of the stream.
func (d *Decoder) skipBOM() {
	for d.end-d.start < 3 && !d.eof {
		d.fill()
	}
	if bytes.HasPrefix(d.buf[d.start:d.end], []byte("\xEF\xBB\xBF")) {
		d.start += 3
	}
	d.bom = true
}

// maxEmptyReads bounds reads that return no bytes and no error, as
// bufio.Scanner does.
const maxEmptyReads = 100

// fill reads more bytes into the buffer, compacting or growing it first.
// At the end of the input, or when a read fails, it sets d.eof; a failure
// is kept in d.readErr and reported once the bytes read before it (even
// those returned together with the error) are decoded.
func (d *Decoder) fill() {
	if d.start > 0 {
		shift := d.start
		d.end = copy(d.buf, d.buf[d.start:d.end])
		d.start = 0
		d.base += int64(shift)
		if d.lf >= 0 {
			d.lf -= shift
		}
		d.lfEnd = max(d.lfEnd-shift, 0)
		d.crFrom = max(d.crFrom-shift, 0)
	}
	if d.end == len(d.buf) || (d.ahead && len(d.buf) < max(readAheadSize, d.bufSize)) {
		size := min(max(2*len(d.buf), 512), d.max+1)
		if size > len(d.buf) {
			nb := make([]byte, size)
			copy(nb, d.buf[:d.end])
			d.buf = nb
		}
	}
	d.ahead = false
	for range maxEmptyReads {
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		d.ahead = d.end == len(d.buf)
		switch {
		case err == io.EOF:
			d.eof = true
			return
		case err != nil:
			d.eof = true
			d.readErr = &ReadError{Offset: d.base + int64(d.end), Err: err}
			return
		case n > 0:
			return
		}
	}
	d.eof = true
	d.readErr = &ReadError{Offset: d.base + int64(d.end), Err: io.ErrNoProgress}
}

// Events returns an iterator over the frames of r. It yields each frame
// with a nil error, or, once, a zero Frame with the error that stopped the
// stream: never a frame together with an error. A frame's Data is only
// valid during its iteration step.
func Events(r io.Reader, opts ...Option) iter.Seq2[Frame, error] {
	return func(yield func(Frame, error) bool) {
		d := NewDecoder(r, opts...)
		for d.Next() {
			if !yield(d.Frame(), nil) {
				return
			}
		}
		if err := d.Err(); err != nil {
			yield(Frame{}, err)
		}
	}
}

// IsTruncated reports whether err means the stream ended inside an event.
func IsTruncated(err error) bool {
	var t *TruncatedError
	return errors.As(err, &t)
}
