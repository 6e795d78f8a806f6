package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// exerciseAll calls every one of the ten operations once or more through
// an implementation of the contract surface, against a lenient emulator
// (fixed ids are answered), with parameters that use the query and most
// body fields.
func exerciseAll(ctx context.Context, rapi runs.RunsAPI, sapi runs.StepsAPI) error {
	const thread = "thread_clients"
	inc := []contract.RunStepInclude{contract.IncludeFileSearchResultContent}
	params := contract.RunCreateParams{
		AssistantID:         "asst_clients",
		Include:             inc,
		Instructions:        contract.Set("Be brief."),
		Metadata:            contract.Set(map[string]string{"suite": "client-rules"}),
		Temperature:         contract.Set(0.5),
		MaxCompletionTokens: contract.Set[int64](512),
		Tools: contract.Set([]contract.Tool{{Type: contract.ToolTypeFunction, Function: &contract.FunctionDefinition{
			Name: "get_weather", Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}}}`),
		}}}),
	}
	run, err := rapi.Create(ctx, thread, params)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if err := drain(rapi.CreateStreamRaw(ctx, thread, params)); err != nil {
		return fmt.Errorf("create stream: %w", err)
	}
	if _, err := rapi.Retrieve(ctx, thread, run.ID); err != nil {
		return fmt.Errorf("retrieve: %w", err)
	}
	if _, err := rapi.Update(ctx, thread, run.ID, contract.RunUpdateParams{Metadata: contract.Set(map[string]string{"k": "v"})}); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if _, err := rapi.List(ctx, thread, contract.RunListParams{Limit: 2, Order: contract.OrderAsc}); err != nil {
		return fmt.Errorf("list: %w", err)
	}
	outputs := contract.RunSubmitToolOutputsParams{ToolOutputs: []contract.ToolOutput{{ToolCallID: contract.Set("call_1"), Output: contract.Set("22C")}}}
	if _, err := rapi.SubmitToolOutputs(ctx, thread, "run_waiting", outputs); err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	if err := drain(rapi.SubmitToolOutputsStreamRaw(ctx, thread, "run_waiting_too", outputs)); err != nil {
		return fmt.Errorf("submit stream: %w", err)
	}
	if _, err := rapi.Cancel(ctx, thread, run.ID); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	if _, err := sapi.Retrieve(ctx, thread, run.ID, "step_clients", contract.StepRetrieveParams{Include: inc}); err != nil {
		return fmt.Errorf("steps retrieve: %w", err)
	}
	if _, err := sapi.List(ctx, thread, run.ID, contract.StepListParams{Limit: 2, Order: contract.OrderDesc, Include: inc}); err != nil {
		return fmt.Errorf("steps list: %w", err)
	}
	return nil
}

// drain reads a stream to its end.
func drain(s *runs.Stream, err error) error {
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Next() {
	}
	return s.Err()
}

// clientImpls builds each Go implementation of the contract surface over
// hc and baseURL.
var clientImpls = map[string]func(hc *http.Client, baseURL string) (runs.RunsAPI, runs.StepsAPI){
	"runsuite": func(hc *http.Client, baseURL string) (runs.RunsAPI, runs.StepsAPI) {
		c := runs.NewClient(runs.WithBaseURL(baseURL), runs.WithAPIKey("sk-test"), runs.WithHTTPClient(hc), runs.WithMaxRetries(0))
		return c, c.Steps
	},
	"openai-go": func(hc *http.Client, baseURL string) (runs.RunsAPI, runs.StepsAPI) {
		a := openaigo.New(openai.NewClient(option.WithBaseURL(baseURL), option.WithAPIKey("sk-test"), option.WithHTTPClient(hc), option.WithMaxRetries(0)))
		return a.Runs, a.Steps
	},
}

// startInspected serves a lenient emulator behind an Inspector on a
// loopback port for the test.
func startInspected(tb testing.TB) (*Inspector, *httptest.Server) {
	tb.Helper()
	emu := emulator.NewUnstartedServer(emulator.WithMode(emulator.ModeLenient), emulator.WithIDSeed(1))
	in := NewInspector(emu.Handler(), 0)
	srv := httptest.NewServer(in)
	tb.Cleanup(func() {
		srv.Close()
		emu.Close()
	})
	return in, srv
}

func TestGoClientsBreakNoRuleAndCoverEveryOperation(t *testing.T) {
	t.Parallel()
	for name, build := range clientImpls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			in, srv := startInspected(t)
			rapi, sapi := build(srv.Client(), srv.URL+"/v1")
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			if err := exerciseAll(ctx, rapi, sapi); err != nil {
				t.Fatalf("%s against the mock: %v", name, err)
			}
			for _, r := range in.Results() {
				if r.Status != StatusPass {
					t.Errorf("%s: %s got %s, want pass; findings: %v", name, r.ID, r.Status, r.Findings)
				}
			}
			cov := in.Coverage()
			if missing := MissingOperations(cov); len(missing) > 0 {
				t.Errorf("%s: operations not covered: %v (coverage %v)", name, missing, cov.Operations)
			}
			if cov.Unmatched != 0 {
				t.Errorf("%s: got %d unmatched requests, want 0", name, cov.Unmatched)
			}
			for _, ev := range []contract.EventName{contract.EventThreadRunCreated, contract.EventThreadMessageDelta, contract.EventDone} {
				if cov.Events[string(ev)] == 0 {
					t.Errorf("%s: event %s not counted in coverage %v", name, ev, cov.Events)
				}
			}
		})
	}
}
