package conformance

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every section a check names is a heading of docs/contract.md, so a user
// who reads a report can look the rule up.
func TestEveryCheckSectionIsInTheContractDoc(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../docs/contract.md")
	if err != nil {
		t.Fatalf("read the contract doc: %v", err)
	}
	headings := map[string]bool{}
	section := regexp.MustCompile(`§[0-9]+(\.[0-9]+)*`)
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			for _, s := range section.FindAllString(line, -1) {
				headings[s] = true
			}
		}
	}
	if len(headings) == 0 {
		t.Fatal("docs/contract.md has no § headings")
	}
	for _, c := range Catalogue() {
		if !headings[c.Section] {
			t.Errorf("%s names %s, which is no heading of docs/contract.md", c.ID, c.Section)
		}
	}
	if strings.Contains(string(data), "../shared") {
		t.Errorf("docs/contract.md links outside the repository (../shared)")
	}
}
