package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v4"
	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// MaxFileSize caps the size of a cassette or recording this package reads.
const MaxFileSize = 256 << 20

// Format is a recording format this package reads.
type Format string

// The formats. FormatGoVCR is what this package writes.
const (
	// FormatGoVCR is a go-vcr v4 cassette (YAML, version: 2).
	FormatGoVCR Format = "govcr"
	// FormatVCRPy is a VCR.py cassette (YAML, interactions[].request.uri).
	FormatVCRPy Format = "vcrpy"
	// FormatRubyVCR is a cassette of Ruby's VCR gem (YAML, http_interactions).
	FormatRubyVCR Format = "rubyvcr"
	// FormatDotNet is a .NET test-proxy session record (JSON, Entries[]).
	FormatDotNet Format = "dotnet"
)

// ForeignFormats are the formats Import converts, in the order the import
// command lists them.
func ForeignFormats() []Format { return []Format{FormatVCRPy, FormatRubyVCR, FormatDotNet} }

// ParseFormat returns the Format named s, or an error listing the known ones.
func ParseFormat(s string) (Format, error) {
	for _, f := range append(ForeignFormats(), FormatGoVCR) {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q, want vcrpy, rubyvcr, dotnet or govcr", s)
}

// DetectFormat tells the format of a recording from its content: JSON is a
// .NET session record, YAML with http_interactions is Ruby VCR, YAML with
// version 2 or later is go-vcr (Load refuses versions it cannot read),
// other YAML with interactions is VCR.py.
func DetectFormat(data []byte) (Format, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return "", errors.New("empty file")
	}
	if trimmed[0] == '{' {
		return FormatDotNet, nil
	}
	var head struct {
		Version          int       `yaml:"version"`
		Interactions     yaml.Node `yaml:"interactions"`
		HTTPInteractions yaml.Node `yaml:"http_interactions"`
	}
	if err := unmarshalYAML(data, &head); err != nil {
		return "", fmt.Errorf("neither JSON nor a YAML cassette: %w", err)
	}
	switch {
	case head.HTTPInteractions.Kind != 0:
		return FormatRubyVCR, nil
	case head.Interactions.Kind != 0 && head.Version >= vcr.CassetteFormatVersion: // VCR.py writes version 1
		return FormatGoVCR, nil
	case head.Interactions.Kind != 0:
		return FormatVCRPy, nil
	}
	return "", errors.New("no interactions, http_interactions or Entries: not a recording")
}

// unmarshalYAML decodes YAML, turning a panic of the decoder into an error.
func unmarshalYAML(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed YAML: %v", r)
		}
	}()
	return yaml.Unmarshal(data, v)
}

// readFile reads a whole file of at most MaxFileSize bytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: over %d bytes", path, MaxFileSize)
	}
	return data, nil
}

// Load reads a recording in any Format. A go-vcr cassette is read as it is;
// a foreign recording is converted and scrubbed as Import does.
func Load(path string) (*vcr.Cassette, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("load cassette: %w", err)
	}
	format, err := DetectFormat(data)
	if err != nil {
		return nil, &ImportError{File: path, Interaction: -1, Err: err}
	}
	if format != FormatGoVCR {
		return Import(format, path, data)
	}
	return decodeGoVCR(path, data)
}

// decodeGoVCR decodes a go-vcr v4 cassette held in data.
func decodeGoVCR(path string, data []byte) (*vcr.Cassette, error) {
	c := vcr.New(strings.TrimSuffix(path, ".yaml"))
	if err := unmarshalYAML(data, c); err != nil {
		return nil, &ImportError{File: path, Interaction: -1, Err: err}
	}
	if c.Version != vcr.CassetteFormatVersion {
		return nil, &ImportError{File: path, Interaction: -1, Err: fmt.Errorf("%w: got version %d, want %d", vcr.ErrUnsupportedCassetteFormat, c.Version, vcr.CassetteFormatVersion)}
	}
	for i, it := range c.Interactions {
		if it == nil {
			return nil, &ImportError{File: path, Interaction: i, Err: errors.New("empty interaction")}
		}
	}
	c.IsNew = false
	return c, nil
}

// Marshal renders a cassette as go-vcr v4 writes it ("---" then YAML).
// Interactions are numbered in order; header maps come out sorted, so the
// same cassette always gives the same bytes.
func Marshal(c *vcr.Cassette) ([]byte, error) {
	for i, it := range c.Interactions {
		it.ID = i
	}
	c.Version = vcr.CassetteFormatVersion
	data, err := yaml.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("marshal cassette: %w", err)
	}
	return append([]byte("---\n"), data...), nil
}

// Write scrubs every interaction of c and writes it to path as a go-vcr v4
// cassette, through a temporary file renamed into place, so a reader never
// sees half a cassette.
func Write(c *vcr.Cassette, path string) error {
	for _, it := range c.Interactions {
		Scrub(it)
	}
	data, err := Marshal(c)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write cassette: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".cassette-*.yaml")
	if err != nil {
		return fmt.Errorf("write cassette: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write cassette %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write cassette %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write cassette %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write cassette: %w", err)
	}
	return nil
}
