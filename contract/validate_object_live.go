package contract

import (
	"strconv"
	"strings"
)

// LiveDeviation is a way the live OpenAI API departed from the shapes of
// the contract in traffic recorded from it (2023-2025): a key of an object
// kind that CheckObject reports with Msg although the real service sent it
// that way.
type LiveDeviation struct {
	Kind string // the object kind holding the key, e.g. ObjectRun
	Key  string // the key, e.g. "instructions"
	Msg  string // the Violation.Msg CheckObject reports for it
	Note string // what the live API did
}

var liveDeviations = []LiveDeviation{
	{ObjectRun, "instructions", "null not allowed", "runs carried \"instructions\": null"},
	{ObjectRunStep, "expired_at", "missing key", "steps carried expires_at instead of expired_at"},
	{ObjectRunStep, "metadata", "missing key", "steps carried no metadata"},
	{ObjectMessage, "status", "missing key", "messages from before message status existed"},
	{ObjectMessage, "incomplete_details", "missing key", "messages from before message status existed"},
	{ObjectMessage, "completed_at", "missing key", "messages from before message status existed"},
	{ObjectMessage, "incomplete_at", "missing key", "messages from before message status existed"},
}

// LiveDeviations lists the known departures of the live API from the
// contract's shapes, as CheckObject reports them.
func LiveDeviations() []LiveDeviation { return append([]LiveDeviation(nil), liveDeviations...) }

// SplitLiveDeviations separates vs, the violations CheckObject found in
// data, into the known live-API deviations (live) and the rest. Tools that
// judge recorded traffic of the real service use it to tell what the real
// service did from what no implementation should do.
func SplitLiveDeviations(data []byte, vs []Violation) (rest, live []Violation) {
	if len(vs) == 0 {
		return nil, nil
	}
	doc, err := parseJSON(data)
	if err != nil {
		return vs, nil
	}
	for _, v := range vs {
		if isLiveDeviation(doc, v) {
			live = append(live, v)
		} else {
			rest = append(rest, v)
		}
	}
	return rest, live
}

func isLiveDeviation(doc any, v Violation) bool {
	cut := strings.LastIndex(v.Pointer, "/")
	if cut < 0 {
		return false
	}
	kind := objectKindAt(doc, v.Pointer[:cut])
	key := v.Pointer[cut+1:]
	for _, d := range liveDeviations {
		if d.Kind == kind && d.Key == key && d.Msg == v.Msg {
			return true
		}
	}
	return false
}

// objectKindAt returns the "object" field of the JSON object at pointer in
// doc, "" when there is none. The pointers CheckObject reports for these
// keys hold no escaped tokens.
func objectKindAt(doc any, pointer string) string {
	cur := doc
	if pointer != "" {
		for _, tok := range strings.Split(pointer, "/")[1:] {
			switch c := cur.(type) {
			case map[string]any:
				cur = c[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(c) {
					return ""
				}
				cur = c[i]
			default:
				return ""
			}
		}
	}
	m, _ := cur.(map[string]any)
	kind, _ := m["object"].(string)
	return kind
}
