package conformance

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// The JUnit XML elements NewJUnitReporter writes: the schema Jenkins, GitLab
// and GitHub test reporters read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Timestamp  string          `xml:"timestamp,attr"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
		SystemOut  string          `xml:"system-out,omitempty"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Skipped   *junitMessage `xml:"skipped"`
		Failure   *junitMessage `xml:"failure"`
		Error     *junitMessage `xml:"error"`
		SystemOut string        `xml:"system-out,omitempty"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

// NewJUnitReporter returns a Reporter that writes r as JUnit XML: one
// testsuite for the run and one testcase per result, named by check id with
// the side as class name. A failure is a <failure> holding every finding,
// a harness error an <error>, a skip a <skipped> with its reason; a warning
// passes, with its findings in <system-out>. Mock's coverage and the client
// command's exit status are written as properties.
func NewJUnitReporter(r *Report) Reporter {
	return func(w io.Writer) error {
		s := Summarize(r.Results)
		name := "conformance " + r.Command
		suite := junitSuite{
			Name: name, Tests: s.Total, Failures: s.Fail, Errors: s.Error, Skipped: s.Skip,
			Time: junitSeconds(r.Duration), Timestamp: r.Started.UTC().Format(time.RFC3339),
			Properties: junitProperties(r),
		}
		for _, res := range r.Results {
			suite.Cases = append(suite.Cases, junitCaseOf(res))
		}
		if r.ClientExitCode != nil && *r.ClientExitCode != 0 {
			suite.SystemOut = fmt.Sprintf("the client command exited with status %d", *r.ClientExitCode)
		}
		doc := junitSuites{
			Name: name, Tests: s.Total, Failures: s.Fail, Errors: s.Error, Skipped: s.Skip,
			Time: junitSeconds(r.Duration), Suites: []junitSuite{suite},
		}
		if _, err := io.WriteString(w, xml.Header); err != nil {
			return fmt.Errorf("write junit report: %w", err)
		}
		enc := xml.NewEncoder(w)
		enc.Indent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("write junit report: %w", err)
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return fmt.Errorf("write junit report: %w", err)
		}
		return nil
	}
}

func junitCaseOf(res Result) junitCase {
	c := junitCase{Name: res.ID, ClassName: "conformance." + string(res.Side), Time: junitSeconds(res.Duration)}
	head := fmt.Sprintf("%s (%s %s)", res.Title, res.Level, res.Section)
	switch res.Status {
	case StatusFail:
		c.Failure = &junitMessage{Message: head, Type: string(res.Level), Text: findingsText(res.Findings)}
	case StatusWarn:
		c.SystemOut = "WARN " + head + "\n" + findingsText(res.Findings)
	case StatusSkip:
		c.Skipped = &junitMessage{Message: res.Reason}
	case StatusError:
		c.Error = &junitMessage{Message: firstLine(res.Reason), Type: "harness", Text: res.Reason}
	}
	return c
}

func junitProperties(r *Report) []junitProperty {
	props := []junitProperty{{"target", r.Target}, {"schema_version", fmt.Sprint(SchemaVersion)}}
	for _, c := range Capabilities() {
		if v, ok := r.Capabilities[c]; ok {
			props = append(props, junitProperty{"capability." + string(c), fmt.Sprint(v)})
		}
	}
	if r.ClientExitCode != nil {
		props = append(props, junitProperty{"client_exit_code", fmt.Sprint(*r.ClientExitCode)})
	}
	if c := r.Coverage; c != nil {
		for _, op := range coverageOperationIDs(c) {
			props = append(props, junitProperty{"coverage.operation." + op, fmt.Sprint(c.Operations[op])})
		}
		for _, ev := range coverageEventNames(c) {
			props = append(props, junitProperty{"coverage.event." + ev, fmt.Sprint(c.Events[ev])})
		}
		props = append(props, junitProperty{"coverage.unmatched", fmt.Sprint(c.Unmatched)})
	}
	return props
}

// findingsText renders findings one per line.
func findingsText(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("- ")
		b.WriteString(oneLine(f.String()))
		b.WriteString("\n")
	}
	return b.String()
}

func junitSeconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
