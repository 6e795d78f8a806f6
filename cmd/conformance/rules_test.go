package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/conformance"
)

func TestRules(t *testing.T) {
	t.Parallel()
	res := runMain(t, t.Context(), nil, "rules")
	if res.code != exitOK {
		t.Fatalf("exit code: got %d, want %d; stderr %q", res.code, exitOK, res.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(res.stdout, "\n"), "\n")
	if got, want := len(lines), len(conformance.Catalogue())+1; got != want {
		t.Errorf("lines: got %d, want a heading and one per check (%d)", got, want)
	}
	for i, c := range conformance.Catalogue() {
		if fields := strings.Fields(lines[i+1]); len(fields) < 4 || fields[0] != c.ID || fields[1] != string(c.Side) || fields[2] != string(c.Level) || fields[3] != c.Section {
			t.Errorf("line %d: got %q, want id, side, level and section of %s", i+1, lines[i+1], c.ID)
		}
	}
}

func TestRulesJSONBySide(t *testing.T) {
	t.Parallel()
	for _, side := range []conformance.Side{conformance.SideServer, conformance.SideClient} {
		res := runMain(t, t.Context(), nil, "rules", "--format", "json", "--side", string(side))
		if res.code != exitOK {
			t.Fatalf("exit code: got %d, want %d; stderr %q", res.code, exitOK, res.stderr)
		}
		var rules []ruleJSON
		if err := json.Unmarshal([]byte(res.stdout), &rules); err != nil {
			t.Fatalf("--format json: %v", err)
		}
		want := conformance.ServerChecks()
		if side == conformance.SideClient {
			want = conformance.ClientRules()
		}
		if len(rules) != len(want) {
			t.Fatalf("--side %s: got %d rules, want %d", side, len(rules), len(want))
		}
		for i, r := range rules {
			if r.ID != want[i].ID || r.Side != side {
				t.Errorf("rule %d: got %s (%s), want %s (%s)", i, r.ID, r.Side, want[i].ID, side)
			}
		}
	}
}

func TestRulesMarkdown(t *testing.T) {
	t.Parallel()
	res := runMain(t, t.Context(), nil, "rules", "--format", "markdown")
	if res.code != exitOK {
		t.Fatalf("exit code: got %d, want %d; stderr %q", res.code, exitOK, res.stderr)
	}
	for _, c := range conformance.Catalogue() {
		if !strings.Contains(res.stdout, "| `"+c.ID+"` |") {
			t.Errorf("markdown has no row for %s", c.ID)
		}
	}
}

func TestRulesUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"rules", "--format", "yaml"}, {"rules", "--side", "both"}, {"rules", "extra"}} {
		if res := runMain(t, t.Context(), nil, args...); res.code != exitUsage {
			t.Errorf("%v: got exit %d, want %d", args, res.code, exitUsage)
		}
	}
}
