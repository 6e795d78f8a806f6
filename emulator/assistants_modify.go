package emulator

import (
	"maps"
	"slices"

	"github.com/runsuite/runsuite/contract"
)

// updateAssistant answers POST /assistants/{assistant_id}: the keys given
// replace the assistant's, null clears a nullable one. The assistant is
// replaced whole, so runs that read the old one are not disturbed. In
// lenient mode an unknown id is synthesized, updated and stored.
func (s *Server) updateAssistant(rq *request) *apiError {
	var p assistantParams
	tree, aerr := decodeBody(rq.body, contract.BodyModifyAssistant, &p)
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
	old, aerr := s.assistantFor(rq.args[0], false)
	if aerr != nil {
		return aerr
	}
	a := cloneAssistant(old)
	if _, ok := tree["model"]; ok {
		a.Model = p.Model
	}
	setNullable(&a.Name, p.Name)
	setNullable(&a.Description, p.Description)
	setNullable(&a.Instructions, p.Instructions)
	setNullable(&a.Temperature, p.Temperature)
	setNullable(&a.TopP, p.TopP)
	setNullable(&a.ReasoningEffort, p.ReasoningEffort)
	if _, ok := tree["tools"]; ok {
		a.Tools = compactTools(p.Tools)
	}
	if _, ok := tree["tool_resources"]; ok {
		a.ToolResources = p.ToolResources
	}
	if v, ok := p.ResponseFormat.Get(); ok {
		a.ResponseFormat = compactFormat(v)
	} else if p.ResponseFormat.IsNull() {
		a.ResponseFormat = &contract.ResponseFormat{Type: contract.ResponseFormatAuto}
	}
	if m, ok := p.Metadata.Get(); ok && m != nil {
		a.Metadata = maps.Clone(m)
	} else if p.Metadata.IsNull() {
		a.Metadata = map[string]string{}
	}
	if !s.store.replaceAssistant(a, s.lenient()) {
		return notFound("assistant", a.ID)
	}
	return writeValue(rq, a)
}

// setNullable applies a nullable key of an update to a field: a value
// replaces it, null clears it, absence leaves it.
func setNullable[T any](dst **T, n contract.Nullable[T]) {
	if v, ok := n.Get(); ok {
		*dst = &v
	} else if n.IsNull() {
		*dst = nil
	}
}

// cloneAssistant copies a deeply enough that changing the copy's fields
// leaves a as it was.
func cloneAssistant(a *assistant) *assistant {
	c := *a
	c.Tools = slices.Clone(a.Tools)
	c.Metadata = maps.Clone(a.Metadata)
	if c.Metadata == nil {
		c.Metadata = map[string]string{}
	}
	return &c
}

// deleteAssistant answers DELETE /assistants/{assistant_id}. Runs already
// created with the assistant keep their copy of its settings. In lenient
// mode an unknown id is answered as deleted, and nothing is stored.
func (s *Server) deleteAssistant(rq *request) *apiError {
	id := rq.args[0]
	if !s.store.removeAssistant(id) && !s.lenient() {
		return notFound("assistant", id)
	}
	return writeDeleted(rq, id, objectAssistantDeleted)
}
