package client

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/types"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
)

// BeLegitimateIncludeQuery succeeds for a raw query (a string, *url.URL or
// *http.Request) that holds at least one include pair, where every pair
// whose key starts with "include" (raw or decoded) is one of the encodings
// of CONTRACT §8.2. It fails when the brackets of the key or of the value
// were lost, when the value was lost or changed, and for any other
// encoding.
func BeLegitimateIncludeQuery() types.GomegaMatcher {
	return &includeQueryMatcher{}
}

type includeQueryMatcher struct {
	raw    string
	reason string
}

func (m *includeQueryMatcher) Match(actual any) (bool, error) {
	switch a := actual.(type) {
	case string:
		m.raw = a
	case *url.URL:
		m.raw = a.RawQuery
	case *http.Request:
		m.raw = a.URL.RawQuery
	case captured:
		m.raw = a.URL.RawQuery
	default:
		return false, fmt.Errorf("BeLegitimateIncludeQuery expects a raw query string, *url.URL or *http.Request, got %T", actual)
	}
	n := 0
	for _, pair := range strings.Split(m.raw, "&") {
		rawKey, _, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			key = rawKey
		}
		if !strings.HasPrefix(rawKey, "include") && !strings.HasPrefix(key, "include") {
			continue
		}
		if _, ok := clientimpls.LegitimateIncludes[pair]; !ok {
			m.reason = fmt.Sprintf("pair %q is not one of the legitimate include[] encodings", pair)
			return false, nil
		}
		n++
	}
	if n == 0 {
		m.reason = "it holds no include pair"
		return false, nil
	}
	return true, nil
}

func (m *includeQueryMatcher) FailureMessage(any) string {
	return fmt.Sprintf("Expected query\n\t%q\nto carry include[]=%s in a legitimate encoding (CONTRACT §8.2), but %s", m.raw, contract.IncludeFileSearchResultContent, m.reason)
}

func (m *includeQueryMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("Expected query\n\t%q\nnot to carry a legitimate include[] encoding", m.raw)
}

var _ = Describe("BeLegitimateIncludeQuery", Label("client"), func() {
	const (
		nodeGo  = "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"
		ruby    = "include%5B%5D=step_details.tool_calls%5B*%5D.file_search.results%5B*%5D.content"
		dotnet  = "include[]=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"
		fullRaw = "include[]=step_details.tool_calls[*].file_search.results[*].content"
	)

	DescribeTable("accepts the encodings real clients send",
		func(query any) {
			Expect(query).To(BeLegitimateIncludeQuery())
		},
		Entry("Node and Go", nodeGo),
		Entry("Ruby", ruby),
		Entry(".NET", dotnet),
		Entry("among other parameters", "limit=2&order=asc&"+nodeGo),
		Entry("sorted among other parameters", "after=s1&"+ruby+"&limit=2"),
		Entry("repeated once per element", nodeGo+"&"+nodeGo),
		Entry("from a *url.URL", &url.URL{RawQuery: nodeGo}),
		Entry("from an *http.Request", &http.Request{URL: &url.URL{RawQuery: dotnet}}),
	)

	DescribeTable("rejects lost brackets, lost values and other encodings",
		func(query string) {
			Expect(query).NotTo(BeLegitimateIncludeQuery())
		},
		Entry("no query", ""),
		Entry("no include", "limit=2&order=asc"),
		Entry("the key lost its brackets", "include=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"),
		Entry("the key lost its brackets, raw value", "include=step_details.tool_calls[*].file_search.results[*].content"),
		Entry("an indexed key", "include%5B0%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"),
		Entry("the value lost its brackets", "include%5B%5D=step_details.tool_calls.file_search.results.content"),
		Entry("the value was lost", "include%5B%5D="),
		Entry("the value and the = were lost", "include%5B%5D"),
		Entry("the value was cut", "include%5B%5D=step_details.tool_calls%5B%2A%5D"),
		Entry("the value was double-escaped", "include%5B%5D=step_details.tool_calls%255B%252A%255D.file_search.results%255B%252A%255D.content"),
		Entry("the key was double-escaped", "include%255B%255D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"),
		Entry("nothing escaped, seen from no client", fullRaw),
		Entry("one good pair next to a broken one", nodeGo+"&include="),
	)

	It("refuses values of other types", func() {
		_, err := BeLegitimateIncludeQuery().Match(42)
		Expect(err).To(HaveOccurred())
	})
})
