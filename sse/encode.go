package sse

import (
	"bytes"
	"fmt"
	"strings"
)

// AppendEvent appends one event in event-stream form to dst: an event line
// (omitted when name is ""), one data line per line of data, and the blank
// line that dispatches it. Line breaks in data (LF, CRLF or CR) become
// separate data lines, so a Decoder reads the data back with LF line
// breaks. A name containing CR, LF or NUL cannot be framed and is an error.
func AppendEvent(dst []byte, name string, data []byte) ([]byte, error) {
	if strings.ContainsAny(name, "\r\n\x00") {
		return dst, fmt.Errorf("sse: event name %q contains a line break or NUL", name)
	}
	if name != "" {
		dst = append(dst, "event: "...)
		dst = append(dst, name...)
		dst = append(dst, '\n')
	}
	for {
		i := bytes.IndexAny(data, "\r\n")
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
