package cassette

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"

	"github.com/runsuite/runsuite/conformance"
	"github.com/runsuite/runsuite/contract"
)

// Rules of recorded traffic that the live catalogue has no id for: the
// catalogue judges the shape of create, retrieve and update answers
// (runs.*.shape) and error answers through checks that send requests of
// their own; a recording holds the other answers too.
const (
	// RuleAnswerShape: a recorded 2xx JSON answer of a Runs or Steps
	// operation is an object (or list) of the contract's shape.
	RuleAnswerShape = "recorded.answer-shape"
	// RuleErrorEnvelope: a recorded error answer of a Runs or Steps
	// operation is the {"error": {...}} envelope.
	RuleErrorEnvelope = "recorded.error-envelope"
	// RuleLiveDeviation (SHOULD): a recorded answer departs from the
	// contract's shapes only as the live API was recorded doing
	// (contract.LiveDeviations); such departures are warnings, not failures.
	RuleLiveDeviation = conformance.RuleLiveDeviation
)

// MaxFindingsPerRule bounds the findings one rule keeps in a verification
// report; the rest are counted in one last finding.
const MaxFindingsPerRule = 200

// placeholders are values recorders put where a credential was.
var placeholders = []string{Placeholder, "Sanitized", "<OPENAI_ACCESS_TOKEN>", "filtered", "REDACTED"}

// Verify checks recorded traffic offline. Each file may be in any Format;
// every interaction's request goes through the client rules of package
// conformance, and every answer to a Runs or Steps operation through the
// checks that need only that exchange: the stream invariants for event
// streams (conformance.InspectExchange), the object shapes of CONTRACT §3
// for JSON (contract.CheckObject) and the error envelope for error answers.
//
// The report has one result per rule, with the rule's id, level and
// section; each finding names its interaction as "FILE #N METHOD URL" in
// Evidence.Request. What older traffic does differently (assistants=v1,
// fields added later, other endpoints) comes out as findings. The error
// is for files that cannot be read or are not recordings.
func Verify(ctx context.Context, files ...string) (*conformance.Report, error) {
	start := time.Now()
	v := newVerification()
	for _, f := range files {
		c, err := Load(f)
		if err != nil {
			return nil, err
		}
		for i, it := range c.Interactions {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("verify %s: %w", f, err)
			}
			Scrub(it) // a cassette written elsewhere may hold secrets; findings quote values
			v.interaction(f, i, it)
		}
	}
	report := conformance.NewReport("verify", "cassettes: "+strings.Join(files, ", "))
	report.Started = start
	report.Add(v.results()...)
	report.Duration = time.Since(start)
	return report, nil
}

// ruleTally is what one rule saw across the interactions.
type ruleTally struct {
	applied  int
	findings []conformance.Finding
	dropped  int
}

// verification accumulates findings by rule.
type verification struct {
	rules map[string]*ruleTally
	order []string
}

func newVerification() *verification {
	v := &verification{rules: map[string]*ruleTally{}}
	for _, c := range conformance.ClientRules() {
		v.rule(c.ID)
	}
	v.rule(conformance.RuleContentType)
	v.rule(conformance.RuleJSONWithoutFlag)
	for _, id := range conformance.StreamRules() {
		v.rule(id)
	}
	for _, id := range []string{"runs.create.shape", "runs.retrieve.shape", "runs.update.shape", RuleAnswerShape, RuleLiveDeviation, "errors.json-content-type", RuleErrorEnvelope} {
		v.rule(id)
	}
	return v
}

// rule returns the tally of id, adding it when new.
func (v *verification) rule(id string) *ruleTally {
	t, ok := v.rules[id]
	if !ok {
		t = &ruleTally{}
		v.rules[id] = t
		v.order = append(v.order, id)
	}
	return t
}

// applied counts one interaction a rule judged.
func (v *verification) applied(ids ...string) {
	for _, id := range ids {
		v.rule(id).applied++
	}
}

// add records a finding of rule id.
func (v *verification) add(id string, f conformance.Finding) {
	t := v.rule(id)
	if len(t.findings) >= MaxFindingsPerRule {
		t.dropped++
		return
	}
	t.findings = append(t.findings, f)
}

// interaction judges one recorded exchange.
func (v *verification) interaction(file string, index int, it *vcr.Interaction) {
	where := fmt.Sprintf("%s #%d %s %s", file, index, it.Request.Method, it.Request.URL)
	req := recordedRequest(it)
	for _, c := range conformance.ClientRules() {
		v.applied(c.ID)
	}
	for id, fs := range conformance.Inspect(req) {
		for _, f := range fs {
			f.Request = where
			v.add(id, f)
		}
	}
	if req.Operation == nil {
		return // the server side is judged for the Runs and Steps operations only
	}
	status := it.Response.Code
	contentType := it.Response.Headers.Get("Content-Type")
	body := []byte(it.Response.Body)
	ev := conformance.Evidence{Request: where, Status: status}
	if status < 200 || status > 299 {
		v.applied("errors.json-content-type", RuleErrorEnvelope)
		if mt, _, _ := mime.ParseMediaType(contentType); mt != "application/json" {
			v.add("errors.json-content-type", conformance.Finding{Message: "error answer is not labelled application/json",
				Evidence: withWant(ev, "", "Content-Type: application/json", "Content-Type: "+contentType)})
		}
		for _, viol := range contract.CheckObject("error", body) {
			v.add(RuleErrorEnvelope, conformance.Finding{Message: "error answer: " + viol.Msg, Evidence: withWant(ev, viol.Pointer, viol.Expected, viol.Got)})
		}
		return
	}
	v.applied(conformance.RuleContentType, conformance.RuleJSONWithoutFlag)
	findings := conformance.InspectExchange(it.Request.Method, it.Request.URL, []byte(it.Request.Body), status, contentType, body)
	if isStreamAnswer(contentType) {
		v.applied(append(conformance.StreamRules(), RuleLiveDeviation)...)
	}
	for _, f := range findings {
		id, _, _ := strings.Cut(f.Message, ":")
		f.Request = where
		v.add(id, f)
	}
	if isStreamAnswer(contentType) {
		return
	}
	kind, rule := answerKind(req.Operation.ID)
	if kind == "" {
		return
	}
	v.applied(rule, RuleLiveDeviation)
	rest, live := contract.SplitLiveDeviations(body, contract.CheckObject(kind, body))
	for _, viol := range rest {
		v.add(rule, conformance.Finding{Message: kind + " answer: " + viol.Msg, Evidence: withWant(ev, viol.Pointer, viol.Expected, viol.Got)})
	}
	for _, viol := range live {
		v.add(RuleLiveDeviation, conformance.Finding{Message: kind + " answer, as the live API sent it: " + viol.Msg, Evidence: withWant(ev, viol.Pointer, viol.Expected, viol.Got)})
	}
}

// answerKind returns the object kind a JSON answer to op must be, and the
// rule that judges it.
func answerKind(op contract.OperationID) (kind, rule string) {
	switch op {
	case contract.OpCreate:
		return contract.ObjectRun, "runs.create.shape"
	case contract.OpRetrieve:
		return contract.ObjectRun, "runs.retrieve.shape"
	case contract.OpUpdate:
		return contract.ObjectRun, "runs.update.shape"
	case contract.OpCancel, contract.OpSubmitToolOutputs:
		return contract.ObjectRun, RuleAnswerShape
	case contract.OpList, contract.OpStepsList:
		return "list", RuleAnswerShape
	case contract.OpStepsRetrieve:
		return contract.ObjectRunStep, RuleAnswerShape
	}
	return "", ""
}

// isStreamAnswer reports whether a Content-Type names an event stream.
func isStreamAnswer(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "text/event-stream"
}

// withWant completes evidence with a pointer, what was expected and got.
func withWant(e conformance.Evidence, pointer, expected, got string) conformance.Evidence {
	e.Pointer, e.Expected, e.Got = pointer, expected, got
	return e
}

// recordedRequest is the request of an interaction as client rules see it.
// A credential a recorder replaced with a placeholder is judged as the
// bearer key it was: the recording cannot tell more.
func recordedRequest(it *vcr.Interaction) *conformance.Request {
	header := it.Request.Headers.Clone()
	if header == nil {
		header = http.Header{}
	}
	if auth := header.Get("Authorization"); auth != "" {
		cred := strings.TrimSpace(strings.TrimPrefix(auth, "Bearer "))
		if slices.Contains(placeholders, cred) {
			header.Set("Authorization", "Bearer "+Placeholder)
		}
	}
	target := requestTarget(it.Request.URL)
	r := &http.Request{Method: it.Request.Method, RequestURI: target, Header: header}
	if u, err := url.ParseRequestURI(target); err == nil {
		r.URL = u
	} else {
		r.URL = &url.URL{Path: target}
	}
	var body []byte
	if it.Request.Body != "" {
		body = []byte(it.Request.Body)
	}
	return conformance.NewRequest(r, body)
}

// requestTarget returns the path and query of an absolute URL as written,
// without re-encoding them.
func requestTarget(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return rest[j:]
		}
		return "/"
	}
	return raw
}

// results turns the tallies into one result per rule, in catalogue order
// for known rules.
func (v *verification) results() []conformance.Result {
	out := make([]conformance.Result, 0, len(v.order))
	for _, id := range v.order {
		t := v.rules[id]
		res := conformance.Result{ID: id, Level: conformance.LevelMust, Side: conformance.SideServer}
		if c, ok := conformance.Lookup(id); ok {
			res.Title, res.Side, res.Level, res.Section = c.Title, c.Side, c.Level, c.Section
		} else {
			res.Title, res.Section = localTitle(id)
			if id == RuleLiveDeviation {
				res.Level = conformance.LevelShould
			}
		}
		findings := t.findings
		if t.dropped > 0 {
			findings = append(slices.Clip(findings), conformance.Finding{Message: fmt.Sprintf("%s: %d more findings left out", id, t.dropped)})
		}
		res.Findings = findings
		switch {
		case t.applied == 0:
			res.Status = conformance.StatusSkip
			res.Reason = "no recorded interaction this rule applies to"
		case len(findings) == 0:
			res.Status = conformance.StatusPass
		case res.Level == conformance.LevelShould:
			res.Status = conformance.StatusWarn
		default:
			res.Status = conformance.StatusFail
		}
		out = append(out, res)
	}
	return out
}

// localTitle returns the title and section of the rules defined here.
func localTitle(id string) (title, section string) {
	switch id {
	case RuleAnswerShape:
		return "A recorded 2xx JSON answer of a Runs or Steps operation is an object of the contract's shape", "§3"
	case RuleLiveDeviation:
		return "A recorded answer departs from the contract's shapes only as the live API was recorded doing", "§3"
	case RuleErrorEnvelope:
		return `A recorded error answer of a Runs or Steps operation is the {"error": {...}} envelope`, "§9"
	case conformance.RuleContentType:
		return `A request with "stream": true is answered with an event stream`, "§8"
	case conformance.RuleJSONWithoutFlag:
		return `A request without "stream": true is answered with JSON, not an event stream`, "§8"
	}
	return id, ""
}
