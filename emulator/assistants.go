package emulator

import (
	"encoding/json"
	"maps"
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// assistantParams is the body of creating an assistant (spec
// CreateAssistantRequest).
type assistantParams struct {
	Model           string                                      `json:"model"`
	Name            contract.Nullable[string]                   `json:"name"`
	Description     contract.Nullable[string]                   `json:"description"`
	Instructions    contract.Nullable[string]                   `json:"instructions"`
	Tools           []contract.Tool                             `json:"tools"`
	ToolResources   *contract.ToolResources                     `json:"tool_resources"`
	Metadata        contract.Nullable[map[string]string]        `json:"metadata"`
	Temperature     contract.Nullable[float64]                  `json:"temperature"`
	TopP            contract.Nullable[float64]                  `json:"top_p"`
	ResponseFormat  contract.Nullable[contract.ResponseFormat]  `json:"response_format"`
	ReasoningEffort contract.Nullable[contract.ReasoningEffort] `json:"reasoning_effort"`
}

// createAssistant answers POST /assistants. The assistant's bounds are the
// run's, so they are checked by the run parameters' Validate.
func (s *Server) createAssistant(rq *request) *apiError {
	var p assistantParams
	tree, aerr := decodeBody(rq.body, contract.BodyCreateAssistant, &p)
	if aerr != nil {
		return aerr
	}
	check := contract.RunCreateParams{AssistantID: "-", Metadata: p.Metadata, Temperature: p.Temperature, TopP: p.TopP}
	if p.Tools != nil {
		check.Tools = contract.Set(p.Tools)
	}
	if err := check.Validate(); err != nil {
		return paramFailure(err, tree)
	}
	a := &assistant{
		ID: s.ids.next(prefixAssistant), Object: "assistant", CreatedAt: s.now().Unix(), Model: p.Model,
		Tools: compactTools(p.Tools), ToolResources: p.ToolResources, Metadata: map[string]string{},
		ResponseFormat: &contract.ResponseFormat{Type: contract.ResponseFormatAuto},
		Temperature:    floatPtr(1), TopP: floatPtr(1),
	}
	a.Name = nullablePtr(p.Name)
	a.Description = nullablePtr(p.Description)
	a.Instructions = nullablePtr(p.Instructions)
	if m, ok := p.Metadata.Get(); ok && m != nil {
		a.Metadata = maps.Clone(m)
	}
	if v, ok := p.Temperature.Get(); ok {
		a.Temperature = floatPtr(v)
	}
	if v, ok := p.TopP.Get(); ok {
		a.TopP = floatPtr(v)
	}
	if v, ok := p.ResponseFormat.Get(); ok {
		a.ResponseFormat = compactFormat(v)
	}
	a.ReasoningEffort = nullablePtr(p.ReasoningEffort)
	a = s.store.addAssistant(a)
	return writeValue(rq, a)
}

func nullablePtr[T any](n contract.Nullable[T]) *T {
	if v, ok := n.Get(); ok {
		return &v
	}
	return nil
}

// retrieveAssistant answers GET /assistants/{assistant_id}.
func (s *Server) retrieveAssistant(rq *request) *apiError {
	a, aerr := s.assistantFor(rq.args[0], false)
	if aerr != nil {
		return aerr
	}
	return writeValue(rq, a)
}

// listAssistants answers GET /assistants.
func (s *Server) listAssistants(rq *request) *apiError {
	lq, aerr := s.parseList(rq.r.URL.Query())
	if aerr != nil {
		return aerr
	}
	all := s.store.listAssistants()
	items := make([]listItem[*assistant], len(all))
	ids := make(map[string]bool, len(all))
	for i, a := range all {
		items[i] = listItem[*assistant]{v: a, id: a.ID, created: a.CreatedAt, seq: a.seq}
		ids[a.ID] = true
	}
	s.looseCursors(&lq, func(id string) bool { return ids[id] })
	page, more, aerr := paginate(items, lq, "assistant")
	if aerr != nil {
		return aerr
	}
	var encErr error
	body := appendList(nil, page, more, func(dst []byte, a *assistant) []byte {
		b, err := json.Marshal(a)
		if err != nil {
			encErr = err
		}
		return append(dst, b...)
	})
	if encErr != nil {
		return errInternal()
	}
	writeJSON(rq, http.StatusOK, body)
	return nil
}

// writeValue answers with v encoded by encoding/json; the set-up objects
// are not on the streaming path.
func writeValue(rq *request, v any) *apiError {
	b, err := json.Marshal(v)
	if err != nil {
		return errInternal()
	}
	writeJSON(rq, http.StatusOK, b)
	return nil
}
