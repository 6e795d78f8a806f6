package sse

import (
	"bytes"
	"fmt"
)

// AppendEvent appends one event in event-stream form to dst: an event line
// (omitted when name is ""), one data line per line of data, and the blank
// line that dispatches it. Line breaks in data (LF, CRLF or CR) become
// separate data lines, so a Decoder reads the data back with LF line
// breaks. A name containing CR, LF or NUL cannot be framed and is an error.
func AppendEvent(dst []byte, name string, data []byte) ([]byte, error) {
	if !validName(name) {
		return dst, fmt.Errorf("sse: event name %q contains a line break or NUL", name)
	}
	if name != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, name...)
		dst = append(dst, '\n')
	}
	for {
		i := lineBreak(data)
		if i < 0 {
			break
		}
		dst = appendData(dst, data[:i])
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	dst = appendData(dst, data)
	return append(dst, '\n'), nil
}

func appendData(dst, line []byte) []byte {
	dst = append(dst, "data: "...)
	dst = append(dst, line...)
	return append(dst, '\n')
}

// lineBreak returns the index of the first CR or LF in b, or -1. Two
// IndexByte scans beat IndexAny on the usual single-line JSON data.
func lineBreak(b []byte) int {
	lf := bytes.IndexByte(b, '\n')
	if lf < 0 {
		return bytes.IndexByte(b, '\r')
	}
	if cr := bytes.IndexByte(b[:lf], '\r'); cr >= 0 {
		return cr
	}
	return lf
}

// validName reports whether an event name can be framed: no CR, LF or NUL.
func validName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c == '\r' || c == '\n' || c == 0 {
			return false
		}
	}
	return true
}
