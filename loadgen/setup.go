package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// loadTool is the function tool of the tool-roundtrip and poll scenarios.
const loadTool = "get_load_reading"

// toolParams are the run parameters that make a run call loadTool.
func toolParams(assistantID string) contract.RunCreateParams {
	return contract.RunCreateParams{
		AssistantID: assistantID,
		Tools: contract.Set([]contract.Tool{{
			Type:     contract.ToolTypeFunction,
			Function: &contract.FunctionDefinition{Name: loadTool, Description: "Returns a reading for the load test.", Parameters: json.RawMessage(`{"type":"object","properties":{}}`)},
		}}),
		ToolChoice: contract.Set(contract.ToolChoice{Type: "function", Function: &contract.ToolChoiceFunction{Name: loadTool}}),
	}
}

// setupClient sends the set-up requests the Runs API has no client
// methods for: creating an assistant, a thread, a thread and its run.
type setupClient struct {
	hc      *http.Client
	baseURL string
	apiKey  string
}

// newRequest builds a JSON POST to path under the base URL with the
// headers every guarded client method sends.
func (c *setupClient) newRequest(ctx context.Context, path string, body any) (*http.Request, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode %s body: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.baseURL, "/")+path, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("build %s request: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	if c.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	return req, nil
}

// maxSetupBody caps the answer to a set-up request.
const maxSetupBody = 1 << 20

// create POSTs body to path and returns the id of the object created.
func (c *setupClient) create(ctx context.Context, path string, body any) (string, error) {
	req, err := c.newRequest(ctx, path, body)
	if err != nil {
		return "", err
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("post %s: %w", path, err)
	}
	if res.StatusCode/100 != 2 {
		return "", fmt.Errorf("post %s: %w", path, runs.NewAPIError(res))
	}
	defer res.Body.Close()
	var obj struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, maxSetupBody)).Decode(&obj); err != nil {
		return "", fmt.Errorf("post %s: decode answer: %w", path, err)
	}
	if obj.ID == "" {
		return "", fmt.Errorf("post %s: answer has no id", path)
	}
	return obj.ID, nil
}

// createAssistant creates the assistant every run uses.
func (c *setupClient) createAssistant(ctx context.Context) (string, error) {
	return c.create(ctx, "/assistants", map[string]any{
		"model":        "gpt-4o",
		"name":         "runsuite-loadgen",
		"instructions": "Answer briefly.",
		"metadata":     map[string]string{"runsuite": "loadgen"},
	})
}

// createThread creates a thread with one user message.
func (c *setupClient) createThread(ctx context.Context, text string) (string, error) {
	return c.create(ctx, "/threads", threadBody(text))
}

func threadBody(text string) map[string]any {
	return map[string]any{
		"messages": []any{map[string]any{"role": "user", "content": text}},
		"metadata": map[string]string{"runsuite": "loadgen"},
	}
}

// threadAndRunStream sends POST /threads/runs with "stream": true and
// returns the run's event stream, read by runs.EventReader behind a
// runs.Stream. A non-2xx answer is a *runs.APIError.
func (c *setupClient) threadAndRunStream(ctx context.Context, assistantID, text string) (*runs.Stream, error) {
	req, err := c.newRequest(ctx, "/threads/runs", map[string]any{
		"assistant_id": assistantID,
		"stream":       true,
		"thread":       threadBody(text),
	})
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/event-stream")
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post /threads/runs: %w", err)
	}
	if res.StatusCode/100 != 2 {
		return nil, runs.NewAPIError(res)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		res.Body.Close()
		return nil, fmt.Errorf("post /threads/runs: content type %q: %w", ct, runs.ErrNotEventStream)
	}
	return runs.NewStream(&bodySource{EventReader: runs.NewEventReader(res.Body), body: res.Body}), nil
}

// bodySource is a runs.EventSource over a response body.
type bodySource struct {
	*runs.EventReader
	body io.ReadCloser
}

// maxDrain bounds what Close reads of a body after the stream's end, so that
// the connection can be reused.
const maxDrain = 4 << 10

// Close reads what is left of a finished stream (at most maxDrain bytes),
// so the connection goes back to the pool, and closes the body.
func (s *bodySource) Close() error {
	if s.Ended() {
		_, _ = io.CopyN(io.Discard, s.body, maxDrain) // best effort: a failure only costs reuse
	}
	return s.body.Close()
}
