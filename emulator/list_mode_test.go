package emulator

import (
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

func TestParseListByMode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		query       string
		strictParam string // "" when strict mode accepts it
		lenientErr  bool
		wantLimit   int // the limit lenient mode reads
	}{
		{"", "", false, 20},
		{"limit=1", "", false, 1},
		{"limit=100", "", false, 100},
		{"limit=0", "limit", false, 20},
		{"limit=-3", "limit", false, 20},
		{"limit=101", "limit", false, 100},
		{"limit=99999999999999999999", "limit", true, 0},
		{"limit=ten", "limit", true, 0},
		{"limit=1.5", "limit", true, 0},
		{"order=asc&limit=0", "limit", false, 20},
		{"order=sideways", "order", true, 0},
	}
	strict := &Server{cfg: config{mode: ModeStrict}}
	lenient := &Server{cfg: config{mode: ModeLenient}}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			before := url.Values{}
			for k, v := range q {
				before[k] = append([]string(nil), v...)
			}
			_, aerr := strict.parseList(q)
			if got := paramOf(aerr); got != tc.strictParam {
				t.Errorf("strict: got param %q, want %q", got, tc.strictParam)
			}
			lq, aerr := lenient.parseList(q)
			if (aerr != nil) != tc.lenientErr {
				t.Fatalf("lenient: got error %v, want error %v", aerr, tc.lenientErr)
			}
			if aerr == nil && lq.limit != tc.wantLimit {
				t.Errorf("lenient: got limit %d, want %d", lq.limit, tc.wantLimit)
			}
			if !reflect.DeepEqual(q, before) {
				t.Errorf("the query changed: got %v, want %v", q, before)
			}
		})
	}
}

// paramOf is the param of an error, "" for none or no error.
func paramOf(aerr *apiError) string {
	if aerr == nil || aerr.obj.Param == nil {
		return ""
	}
	return *aerr.obj.Param
}

func TestLooseCursors(t *testing.T) {
	t.Parallel()
	known := func(id string) bool { return id == "msg_1" }
	tests := []struct {
		mode                  Mode
		after, before         string
		wantAfter, wantBefore string
	}{
		{ModeLenient, "after", "before", "", ""},
		{ModeLenient, "msg_1", "before", "msg_1", ""},
		{ModeLenient, "after", "msg_1", "", "msg_1"},
		{ModeStrict, "after", "before", "after", "before"},
	}
	for _, tc := range tests {
		s := &Server{cfg: config{mode: tc.mode}}
		lq := listQuery{after: tc.after, before: tc.before}
		s.looseCursors(&lq, known)
		if lq.after != tc.wantAfter || lq.before != tc.wantBefore {
			t.Errorf("%s %q %q: got %q %q, want %q %q", tc.mode, tc.after, tc.before, lq.after, lq.before, tc.wantAfter, tc.wantBefore)
		}
	}
}

// FuzzParseList checks that no query makes parseList panic, that what
// either mode accepts has a limit in 1..100, and that lenient mode accepts
// every integer limit with a schema-valid order.
func FuzzParseList(f *testing.F) {
	for _, seed := range []string{
		"", "limit=0", "limit=-1", "limit=101", "limit=abc", "limit=1e3", "order=asc&limit=0&after=after&before=before",
		"limit=99999999999999999999", "limit=%2B5", "limit=0&limit=7", "order=", "order=DESC",
	} {
		f.Add(seed)
	}
	strict := &Server{cfg: config{mode: ModeStrict}}
	lenient := &Server{cfg: config{mode: ModeLenient}}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, s := range []*Server{strict, lenient} {
			lq, aerr := s.parseList(q)
			if aerr == nil && (lq.limit < contract.MinListLimit || lq.limit > contract.MaxListLimit) {
				t.Fatalf("%s accepted %q with limit %d", s.cfg.mode, raw, lq.limit)
			}
		}
		o := q.Get("order")
		_, intErr := strconv.Atoi(q.Get("limit"))
		schemaValid := (q.Get("limit") == "" || intErr == nil) && (o == "" || o == "asc" || o == "desc")
		if _, aerr := lenient.parseList(q); schemaValid && aerr != nil {
			t.Fatalf("lenient refused schema-valid %q: %s", raw, aerr.obj.Message)
		}
	})
}
