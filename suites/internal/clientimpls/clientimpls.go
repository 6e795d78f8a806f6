// Package clientimpls holds the implementations of runs.RunsAPI and
// runs.StepsAPI that the client and replay suites run every spec against,
// and their named, documented deviations from the contract.
package clientimpls

import (
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/runs"
)

// Header is one extra header a client is built with.
type Header struct{ Name, Value string }

// Implementation is one implementation of the Runs API surface under test.
type Implementation struct {
	Name string
	// Build returns the RunsAPI/StepsAPI for baseURL over hc (whose
	// Transport is an httpmock.MockTransport), with maxRetries, tiny retry
	// delays and the given client-wide headers.
	Build func(hc *http.Client, baseURL string, maxRetries int, headers ...Header) (runs.RunsAPI, runs.StepsAPI)
	// Deviations are named, documented differences from the contract: the
	// key is a deviation id (see KnownDeviations), the value says what the
	// implementation does instead and where that comes from.
	Deviations map[string]string
}

// All are the implementations every client and replay spec runs against.
var All = []Implementation{
	{
		Name: "runsuite",
		Build: func(hc *http.Client, baseURL string, maxRetries int, headers ...Header) (runs.RunsAPI, runs.StepsAPI) {
			opts := []runs.Option{
				runs.WithBaseURL(baseURL),
				runs.WithAPIKey("test"),
				runs.WithHTTPClient(hc),
				runs.WithMaxRetries(maxRetries),
				runs.WithRetryDelay(time.Millisecond, 10*time.Millisecond),
			}
			for _, h := range headers {
				opts = append(opts, runs.WithHeader(h.Name, h.Value))
			}
			c := runs.NewClient(opts...)
			return c, c.Steps
		},
	},
	{
		Name: "openai-go",
		Build: func(hc *http.Client, baseURL string, maxRetries int, headers ...Header) (runs.RunsAPI, runs.StepsAPI) {
			opts := []option.RequestOption{
				option.WithBaseURL(baseURL),
				option.WithAPIKey("test"),
				option.WithHTTPClient(hc),
				option.WithMaxRetries(maxRetries),
				// The counterpart of runsuite's WithRetryDelay above: it caps
				// openai-go's backoff (0.5 s × 2^n otherwise) at 10 ms.
				option.WithMaxRetryDelay(10 * time.Millisecond),
			}
			for _, h := range headers {
				opts = append(opts, option.WithHeader(h.Name, h.Value))
			}
			a := openaigo.New(openai.NewClient(opts...))
			return a.Runs, a.Steps
		},
		Deviations: map[string]string{
			DevAcceptOnStreams: "sends Accept: application/json on streams too; only the body's \"stream\": true asks for one " +
				"(CONTRACT §8.1; requestconfig.go NewRequestConfig sets Accept once for every request)",
			DevBodyKeyOrder: "orders body keys as its param structs declare them, at every level (required fields, then " +
				"optional scalars, then the rest: tool_outputs items come out as output, tool_call_id), with the nulls it has " +
				"no typed form for after them and Extra keys last; \"stream\" is set through WithJSONSet after the Extra keys, " +
				"so it lands where an Extra \"stream\" key put it (CONTRACT §8.4; betathreadrun.go NewStreaming)",
			DevUserAgent:       "sends User-Agent: OpenAI/Go <version> (CONTRACT §8.6; requestconfig.go getDefaultHeaders)",
			DevBetaOverridable: "a client-wide option.WithHeader(\"OpenAI-Beta\", …) replaces assistants=v2: each method prepends its own WithHeader before the client options (betathreadrun.go)",
			DevRetryAfterOverCap: "a retry-after longer than the maximum retry delay stops the retries and returns the answer " +
				"(requestconfig.go retryDelay; option.WithMaxRetryDelay documents it)",
			DevParamsUnchecked: "has no bounds checks: metadata size, limit, order, temperature, top_p, tools, token minimums and " +
				"include values outside the contract are sent as given (CONTRACT §1.3 \"does not check\")",
			DevPathEscaping: "escapes path ids with url.PathEscape, which also escapes the sub-delimiters ! ' ( ) * , ; that " +
				"CONTRACT §1 leaves as they are (requestconfig.go encodePathParam)",
			DevDotSegmentsSent: "escapes '.' and '..' path ids as %2E and %2E%2E and sends them (requestconfig.go encodePathParam)",
			DevPathArgMessage: "refuses an empty path id before sending, worded \"missing required <name> parameter\"; " +
				"the adapter turns it into *runs.ArgumentError (CONTRACT §1.3; betathreadrun.go)",
			DevNilContextPlainError: "refuses a nil context with net/http's \"nil Context\" error, not *runs.ArgumentError; nothing is sent " +
				"(http.NewRequestWithContext)",
			DevStreamFlagIgnored: "has no stream guard: a \"stream\" Extra key goes into the body through WithJSONSet, and the stream " +
				"methods set \"stream\": true after it, so a non-stream method sends \"stream\": true and a stream method " +
				"overrides false or null (betathreadrun.go NewStreaming)",
		},
	},
}

// ForEach registers body once per implementation, inside a
// container named and labelled after it.
func ForEach(body func(impl Implementation)) {
	for _, impl := range All {
		Context(impl.Name, Label("impl:"+impl.Name), func() { body(impl) })
	}
}

// ExpectOrDeviation runs the contract expectation, or, when the
// implementation declares the deviation, the expectation of the deviating
// behaviour, so that a change either way is noticed. A declared deviation is
// reported in the spec's report entries.
func ExpectOrDeviation(impl Implementation, id string, contractBehaviour, deviation func()) {
	GinkgoHelper()
	Expect(KnownDeviations).To(HaveKey(id), "deviation id %q is not in KnownDeviations", id)
	why, ok := impl.Deviations[id]
	if !ok {
		contractBehaviour()
		return
	}
	AddReportEntry("deviation "+id, impl.Name+": "+why, ReportEntryVisibilityFailureOrVerbose)
	deviation()
}

// KnownDeviations lists every deviation id a spec knows how to assert,
// with what the contract says instead.
var KnownDeviations = map[string]string{
	DevAcceptOnStreams:      "stream requests send Accept: text/event-stream (CONTRACT §1.1, §8.1 Ruby)",
	DevBodyKeyOrder:         "body keys in the order of the contract params, at every level, Extra keys after them, \"stream\": true last (CONTRACT §8.1, §8.4)",
	DevUserAgent:            "the User-Agent names runsuite and runs.Version",
	DevBetaOverridable:      "every method sends OpenAI-Beta: assistants=v2 whatever the client headers say (CONTRACT §1.1)",
	DevRetryAfterOverCap:    "a retry-after above the maximum delay is capped, and the request retried (CONTRACT §6)",
	DevParamsUnchecked:      "parameters outside the bounds of CONTRACT §2 are refused before sending",
	DevPathEscaping:         "path ids are escaped outside A-Za-z0-9-._~!$&'()*+,;=:@ only (CONTRACT §1, RFC 3986 pchar)",
	DevDotSegmentsSent:      "a '.' or '..' path id is refused: path segment cannot be '.' or '..' (CONTRACT §1.3)",
	DevPathArgMessage:       "an empty path id is refused: missing required path argument <name> (CONTRACT §1.3)",
	DevNilContextPlainError: "a nil context is refused with *runs.ArgumentError",
	DevStreamFlagIgnored:    "a stream flag in Extra on the wrong method is refused (CONTRACT §1.3)",
}

// Deviation ids; KnownDeviations says what the contract expects instead.
const (
	DevAcceptOnStreams      = "accept-on-streams"
	DevBodyKeyOrder         = "body-key-order"
	DevUserAgent            = "user-agent"
	DevBetaOverridable      = "beta-header-overridable"
	DevRetryAfterOverCap    = "retry-after-over-cap-not-retried"
	DevParamsUnchecked      = "params-unchecked"
	DevPathEscaping         = "path-escaping"
	DevDotSegmentsSent      = "dot-segments-sent"
	DevPathArgMessage       = "path-arg-message"
	DevNilContextPlainError = "nil-context-plain-error"
	DevStreamFlagIgnored    = "stream-flag-in-extra-ignored"
)
