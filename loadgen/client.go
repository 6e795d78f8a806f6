package loadgen

import (
	"net/http"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/runs"
)

// newAPI returns the RunsAPI of client kind k over hc.
func newAPI(k ClientKind, baseURL, apiKey string, hc *http.Client, maxRetries int, timeout time.Duration) runs.RunsAPI {
	if k == ClientOpenAIGo {
		c := openai.NewClient(
			option.WithBaseURL(baseURL),
			option.WithAPIKey(apiKey),
			option.WithHTTPClient(hc),
			option.WithMaxRetries(maxRetries),
		)
		return openaigo.New(c).Runs
	}
	return runs.NewClient(
		runs.WithBaseURL(baseURL),
		runs.WithAPIKey(apiKey),
		runs.WithHTTPClient(hc),
		runs.WithMaxRetries(maxRetries),
		runs.WithTimeout(timeout),
	)
}
