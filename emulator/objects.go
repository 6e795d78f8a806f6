package emulator

import (
	"bytes"
	"encoding/json"
	"maps"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// newRun builds a queued run of assistant a on the thread threadID from
// the create parameters: every key of CONTRACT §3.1 is set, from the
// parameters, else the assistant, else the API's defaults. An empty id is
// set later with setID, once the run is known to be accepted.
func (s *Server) newRun(threadID string, a *assistant, p *contract.RunCreateParams, id string, now time.Time) *run {
	created := now.Unix()
	expires := created + int64(RunLifetime/time.Second)
	ro := contract.Run{
		ID: id, Object: contract.ObjectRun, CreatedAt: created,
		ThreadID: threadID, AssistantID: a.ID, Status: contract.RunStatusQueued,
		ExpiresAt: &expires, Model: a.Model, Tools: []contract.Tool{}, Metadata: map[string]string{},
		ParallelToolCalls:  true,
		TruncationStrategy: &contract.TruncationStrategy{Type: "auto"},
		ToolChoice:         &contract.ToolChoice{Type: contract.ToolChoiceAuto},
		ResponseFormat:     &contract.ResponseFormat{Type: contract.ResponseFormatAuto},
		Temperature:        floatPtr(1),
		TopP:               floatPtr(1),
	}
	if a.Instructions != nil {
		ro.Instructions = *a.Instructions
	}
	if a.Tools != nil {
		ro.Tools = compactTools(a.Tools)
	}
	if a.Temperature != nil {
		ro.Temperature = floatPtr(*a.Temperature)
	}
	if a.TopP != nil {
		ro.TopP = floatPtr(*a.TopP)
	}
	if a.ResponseFormat != nil {
		ro.ResponseFormat = compactFormat(*a.ResponseFormat)
	}
	ro.ReasoningEffort = a.ReasoningEffort
	if v, ok := p.Model.Get(); ok && v != "" {
		ro.Model = v
	}
	if v, ok := p.Instructions.Get(); ok {
		ro.Instructions = v
	}
	if v, ok := p.AdditionalInstructions.Get(); ok && v != "" {
		if ro.Instructions != "" {
			ro.Instructions += "\n\n"
		}
		ro.Instructions += v
	}
	if v, ok := p.Tools.Get(); ok {
		ro.Tools = compactTools(v)
	}
	if v, ok := p.Metadata.Get(); ok && v != nil {
		ro.Metadata = maps.Clone(v)
	}
	if v, ok := p.Temperature.Get(); ok {
		ro.Temperature = floatPtr(v)
	}
	if v, ok := p.TopP.Get(); ok {
		ro.TopP = floatPtr(v)
	}
	if v, ok := p.ReasoningEffort.Get(); ok {
		ro.ReasoningEffort = &v
	}
	if v, ok := p.MaxPromptTokens.Get(); ok {
		ro.MaxPromptTokens = &v
	}
	if v, ok := p.MaxCompletionTokens.Get(); ok {
		ro.MaxCompletionTokens = &v
	}
	if v, ok := p.TruncationStrategy.Get(); ok {
		ro.TruncationStrategy = &v
	}
	if v, ok := p.ToolChoice.Get(); ok {
		ro.ToolChoice = &v
	}
	if p.ParallelToolCalls != nil {
		ro.ParallelToolCalls = *p.ParallelToolCalls
	}
	if v, ok := p.ResponseFormat.Get(); ok {
		ro.ResponseFormat = compactFormat(v)
	}
	r := &run{obj: ro, seq: s.store.nextSeq(), stepByID: map[string]*step{}}
	if id != "" {
		s.setRunID(r, id)
	}
	return r
}

// setRunID gives r its id and the id generator seeded from it.
func (s *Server) setRunID(r *run, id string) {
	r.obj.ID = id
	r.ids = runIDGen(s.cfg.seed, id)
}

func floatPtr(f float64) *float64 { return &f }

// compactRaw compacts raw JSON, so that it encodes as json.Marshal would.
func compactRaw(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return nil
	}
	return b.Bytes()
}

// compactTools copies tools with their function parameters compacted.
func compactTools(tools []contract.Tool) []contract.Tool {
	out := make([]contract.Tool, len(tools))
	for i, t := range tools {
		if t.Function != nil {
			f := *t.Function
			f.Parameters = compactRaw(f.Parameters)
			t.Function = &f
		}
		out[i] = t
	}
	return out
}

// compactFormat copies a response format with its schema compacted.
func compactFormat(f contract.ResponseFormat) *contract.ResponseFormat {
	if f.JSONSchema != nil {
		js := *f.JSONSchema
		js.Schema = compactRaw(js.Schema)
		f.JSONSchema = &js
	}
	return &f
}

// newInputMessage builds a message a client added (thread creation,
// message creation, additional_messages).
func (s *Server) newInputMessage(t *thread, in contract.AdditionalMessage, runID *string, now time.Time) *message {
	m := contract.Message{
		ID: s.ids.next(prefixMessage), Object: contract.ObjectMessage, CreatedAt: now.Unix(),
		ThreadID: t.obj.ID, Status: contract.MessageStatusCompleted, Role: in.Role,
		Content: []contract.MessageContent{}, RunID: runID,
		Attachments: []contract.Attachment{}, Metadata: map[string]string{},
	}
	completed := m.CreatedAt
	m.CompletedAt = &completed
	if in.Content.Parts == nil {
		m.Content = append(m.Content, textContent(in.Content.Text))
	}
	for _, part := range in.Content.Parts {
		switch part.Type {
		case "text":
			m.Content = append(m.Content, textContent(part.Text))
		case "image_file":
			m.Content = append(m.Content, contract.MessageContent{Type: part.Type, ImageFile: part.ImageFile})
		case "image_url":
			m.Content = append(m.Content, contract.MessageContent{Type: part.Type, ImageURL: part.ImageURL})
		}
	}
	if v, ok := in.Attachments.Get(); ok && v != nil {
		m.Attachments = v
	}
	if v, ok := in.Metadata.Get(); ok && v != nil {
		m.Metadata = maps.Clone(v)
	}
	return &message{obj: m, seq: s.store.nextSeq()}
}

// inputText is the text a stored input message would hold, as
// thread.lastUserText reads it: its text parts joined by newlines.
func inputText(in contract.AdditionalMessage) string {
	if in.Content.Parts == nil {
		return in.Content.Text
	}
	var text string
	for _, part := range in.Content.Parts {
		if part.Type == "text" {
			if text != "" {
				text += "\n"
			}
			text += part.Text
		}
	}
	return text
}

func textContent(s string) contract.MessageContent {
	return contract.MessageContent{Type: "text", Text: &contract.Text{Value: s, Annotations: []contract.Annotation{}}}
}

// newThreadObject builds a thread with the given id.
func newThreadObject(id string, now time.Time, tr *contract.ToolResources, md map[string]string) contract.Thread {
	if md == nil {
		md = map[string]string{}
	}
	return contract.Thread{ID: id, Object: contract.ObjectThread, CreatedAt: now.Unix(), ToolResources: tr, Metadata: maps.Clone(md)}
}
