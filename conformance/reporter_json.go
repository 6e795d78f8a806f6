package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// jsonReport is the document NewJSONReporter writes: the Report with its
// summary recounted and its verdict, in a fixed field order.
type jsonReport struct {
	Report
	Verdict Verdict `json:"verdict"`
}

// NewJSONReporter returns a Reporter that writes r as one indented JSON
// document, the schema of docs/report-schema.md (version SchemaVersion).
// Fields come in a fixed order and maps are written with sorted keys, so
// the same report always gives the same bytes.
func NewJSONReporter(r *Report) Reporter {
	return func(w io.Writer) error {
		doc := jsonReport{Report: *r, Verdict: r.Verdict()}
		doc.SchemaVersion = SchemaVersion
		doc.Summary = Summarize(r.Results)
		if doc.Results == nil {
			doc.Results = []Result{}
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("encode report: %w", err)
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	}
}
