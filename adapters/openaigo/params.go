package openaigo

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/param"
	"github.com/openai/openai-go/v3/shared"
	"github.com/openai/openai-go/v3/shared/constant"

	"github.com/runsuite/runsuite/contract"
)

// Field mapping. Each contract.Nullable has three states, and openai-go
// has a form for each: absent leaves the openai-go field at its zero value
// (omitted through `omitzero`); Set fills it (openai.String, openai.Int, a
// union variant, ...); Null uses openai-go's null form, which depends on
// the field's type: param.Null for param.Opt, param.NullSlice for slices,
// param.NullMap for maps and param.NullStruct for objects and unions.
// openai-go types model and reasoning_effort as plain strings with no null
// form, so a Null there is sent through the params' SetExtraFields, the
// typed escape hatch openai-go offers for it. A value with a variant
// openai-go's unions do not have (an unknown tool type, say) is sent
// verbatim with param.Override, so out-of-contract values still go
// through openai-go's encoder.

// runCreateParams maps create parameters to openai-go's, with the Extra
// keys as WithJSONSet options.
func runCreateParams(p contract.RunCreateParams) (openai.BetaThreadRunNewParams, []option.RequestOption) {
	out := openai.BetaThreadRunNewParams{
		AssistantID:            p.AssistantID,
		Include:                includes(p.Include),
		AdditionalInstructions: optString(p.AdditionalInstructions),
		Instructions:           optString(p.Instructions),
		MaxCompletionTokens:    optInt(p.MaxCompletionTokens),
		MaxPromptTokens:        optInt(p.MaxPromptTokens),
		Temperature:            optFloat(p.Temperature),
		TopP:                   optFloat(p.TopP),
		Metadata:               metadata(p.Metadata),
	}
	if p.ParallelToolCalls != nil {
		out.ParallelToolCalls = openai.Bool(*p.ParallelToolCalls)
	}
	nulls := map[string]any{}
	if v, ok := p.Model.Get(); ok {
		out.Model = shared.ChatModel(v)
	} else if p.Model.IsNull() {
		nulls["model"] = nil
	}
	if v, ok := p.ReasoningEffort.Get(); ok {
		out.ReasoningEffort = shared.ReasoningEffort(v)
	} else if p.ReasoningEffort.IsNull() {
		nulls["reasoning_effort"] = nil
	}
	if len(nulls) > 0 {
		out.SetExtraFields(nulls)
	}
	if v, ok := p.AdditionalMessages.Get(); ok && v != nil {
		out.AdditionalMessages = make([]openai.BetaThreadRunNewParamsAdditionalMessage, len(v))
		for i, m := range v {
			out.AdditionalMessages[i] = additionalMessage(m)
		}
	} else if ok || p.AdditionalMessages.IsNull() {
		out.AdditionalMessages = param.NullSlice[[]openai.BetaThreadRunNewParamsAdditionalMessage]()
	}
	if v, ok := p.Tools.Get(); ok && v != nil {
		out.Tools = make([]openai.AssistantToolUnionParam, len(v))
		for i, t := range v {
			out.Tools[i] = tool(t)
		}
	} else if ok || p.Tools.IsNull() {
		out.Tools = param.NullSlice[[]openai.AssistantToolUnionParam]()
	}
	if v, ok := p.ToolChoice.Get(); ok {
		out.ToolChoice = toolChoice(v)
	} else if p.ToolChoice.IsNull() {
		out.ToolChoice = param.NullStruct[openai.AssistantToolChoiceOptionUnionParam]()
	}
	if v, ok := p.ResponseFormat.Get(); ok {
		out.ResponseFormat = responseFormat(v)
	} else if p.ResponseFormat.IsNull() {
		out.ResponseFormat = param.NullStruct[openai.AssistantResponseFormatOptionUnionParam]()
	}
	if v, ok := p.TruncationStrategy.Get(); ok {
		out.TruncationStrategy = openai.BetaThreadRunNewParamsTruncationStrategy{Type: v.Type, LastMessages: param.Null[int64]()}
		if v.LastMessages != nil {
			out.TruncationStrategy.LastMessages = openai.Int(*v.LastMessages)
		}
	} else if p.TruncationStrategy.IsNull() {
		out.TruncationStrategy = param.NullStruct[openai.BetaThreadRunNewParamsTruncationStrategy]()
	}
	return out, extraOptions(p.Extra)
}

// runUpdateParams maps update parameters: absent metadata sends {}.
func runUpdateParams(p contract.RunUpdateParams) (openai.BetaThreadRunUpdateParams, []option.RequestOption) {
	return openai.BetaThreadRunUpdateParams{Metadata: metadata(p.Metadata)}, extraOptions(p.Extra)
}

// submitToolOutputsParams maps tool outputs. A nil ToolOutputs stays nil,
// which openai-go leaves out of the body although the field is required.
func submitToolOutputsParams(p contract.RunSubmitToolOutputsParams) (openai.BetaThreadRunSubmitToolOutputsParams, []option.RequestOption) {
	var out openai.BetaThreadRunSubmitToolOutputsParams
	if p.ToolOutputs != nil {
		out.ToolOutputs = make([]openai.BetaThreadRunSubmitToolOutputsParamsToolOutput, len(p.ToolOutputs))
		for i, o := range p.ToolOutputs {
			out.ToolOutputs[i] = openai.BetaThreadRunSubmitToolOutputsParamsToolOutput{
				ToolCallID: optString(o.ToolCallID),
				Output:     optString(o.Output),
			}
		}
	}
	return out, extraOptions(p.Extra)
}

// runListParams maps list parameters; zero values stay unset.
func runListParams(p contract.RunListParams) openai.BetaThreadRunListParams {
	out := openai.BetaThreadRunListParams{Order: openai.BetaThreadRunListParamsOrder(p.Order)}
	if p.After != "" {
		out.After = openai.String(p.After)
	}
	if p.Before != "" {
		out.Before = openai.String(p.Before)
	}
	if p.Limit != 0 {
		out.Limit = openai.Int(int64(p.Limit))
	}
	return out
}

// stepListParams maps step list parameters; zero values stay unset.
func stepListParams(p contract.StepListParams) openai.BetaThreadRunStepListParams {
	out := openai.BetaThreadRunStepListParams{
		Order:   openai.BetaThreadRunStepListParamsOrder(p.Order),
		Include: includes(p.Include),
	}
	if p.After != "" {
		out.After = openai.String(p.After)
	}
	if p.Before != "" {
		out.Before = openai.String(p.Before)
	}
	if p.Limit != 0 {
		out.Limit = openai.Int(int64(p.Limit))
	}
	return out
}

// extraOptions sends each Extra key with WithJSONSet, in key order. The key
// is escaped so sjson takes it as one literal key, not a path.
func extraOptions(extra map[string]any) []option.RequestOption {
	var opts []option.RequestOption
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		opts = append(opts, option.WithJSONSet(param.EscapeSJSONKey(k), extra[k]))
	}
	return opts
}

func includes(in []contract.RunStepInclude) []openai.RunStepInclude {
	if in == nil {
		return nil
	}
	out := make([]openai.RunStepInclude, len(in))
	for i, v := range in {
		out[i] = openai.RunStepInclude(v)
	}
	return out
}

func optString(n contract.Nullable[string]) param.Opt[string] {
	if v, ok := n.Get(); ok {
		return openai.String(v)
	}
	if n.IsNull() {
		return param.Null[string]()
	}
	return param.Opt[string]{}
}

func optInt(n contract.Nullable[int64]) param.Opt[int64] {
	if v, ok := n.Get(); ok {
		return openai.Int(v)
	}
	if n.IsNull() {
		return param.Null[int64]()
	}
	return param.Opt[int64]{}
}

func optFloat(n contract.Nullable[float64]) param.Opt[float64] {
	if v, ok := n.Get(); ok {
		return openai.Float(v)
	}
	if n.IsNull() {
		return param.Null[float64]()
	}
	return param.Opt[float64]{}
}

// metadata maps a metadata map; a nil map that is Set is sent as null, as
// the contract encodes it.
func metadata(n contract.Nullable[map[string]string]) shared.Metadata {
	if v, ok := n.Get(); ok && v != nil {
		return shared.Metadata(v)
	} else if ok || n.IsNull() {
		return param.NullMap[shared.Metadata]()
	}
	return nil
}

func additionalMessage(m contract.AdditionalMessage) openai.BetaThreadRunNewParamsAdditionalMessage {
	out := openai.BetaThreadRunNewParamsAdditionalMessage{
		Role:     string(m.Role),
		Metadata: metadata(m.Metadata),
	}
	if m.Content.Parts != nil {
		parts := make([]openai.MessageContentPartParamUnion, len(m.Content.Parts))
		for i, p := range m.Content.Parts {
			parts[i] = contentPart(p)
		}
		out.Content.OfArrayOfContentParts = parts
	} else {
		out.Content.OfString = openai.String(m.Content.Text)
	}
	if v, ok := m.Attachments.Get(); ok && v != nil {
		out.Attachments = make([]openai.BetaThreadRunNewParamsAdditionalMessageAttachment, len(v))
		for i, a := range v {
			out.Attachments[i] = attachment(a)
		}
	} else if ok || m.Attachments.IsNull() {
		out.Attachments = param.NullSlice[[]openai.BetaThreadRunNewParamsAdditionalMessageAttachment]()
	}
	return out
}

func attachment(a contract.Attachment) openai.BetaThreadRunNewParamsAdditionalMessageAttachment {
	var out openai.BetaThreadRunNewParamsAdditionalMessageAttachment
	if a.FileID != "" {
		out.FileID = openai.String(a.FileID)
	}
	if a.Tools != nil {
		out.Tools = make([]openai.BetaThreadRunNewParamsAdditionalMessageAttachmentToolUnion, len(a.Tools))
		for i, t := range a.Tools {
			switch t.Type {
			case contract.ToolTypeCodeInterpreter:
				out.Tools[i].OfCodeInterpreter = &openai.CodeInterpreterToolParam{}
			case contract.ToolTypeFileSearch:
				out.Tools[i].OfFileSearch = &openai.BetaThreadRunNewParamsAdditionalMessageAttachmentToolFileSearch{}
			default:
				out.Tools[i] = param.Override[openai.BetaThreadRunNewParamsAdditionalMessageAttachmentToolUnion](t)
			}
		}
	}
	return out
}

func contentPart(p contract.ContentPart) openai.MessageContentPartParamUnion {
	switch {
	case p.Type == "text":
		return openai.MessageContentPartParamUnion{OfText: &openai.TextContentBlockParam{Text: p.Text}}
	case p.Type == "image_file" && p.ImageFile != nil:
		return openai.MessageContentPartParamUnion{OfImageFile: &openai.ImageFileContentBlockParam{
			ImageFile: openai.ImageFileParam{FileID: p.ImageFile.FileID, Detail: openai.ImageFileDetail(p.ImageFile.Detail)},
		}}
	case p.Type == "image_url" && p.ImageURL != nil:
		return openai.MessageContentPartParamUnion{OfImageURL: &openai.ImageURLContentBlockParam{
			ImageURL: openai.ImageURLParam{URL: p.ImageURL.URL, Detail: openai.ImageURLDetail(p.ImageURL.Detail)},
		}}
	}
	return param.Override[openai.MessageContentPartParamUnion](p)
}

func tool(t contract.Tool) openai.AssistantToolUnionParam {
	switch t.Type {
	case contract.ToolTypeCodeInterpreter:
		return openai.AssistantToolUnionParam{OfCodeInterpreter: &openai.CodeInterpreterToolParam{}}
	case contract.ToolTypeFileSearch:
		v := &openai.FileSearchToolParam{}
		if o := t.FileSearch; o != nil {
			if o.MaxNumResults == nil && o.RankingOptions == nil {
				v.FileSearch = param.Override[openai.FileSearchToolFileSearchParam](json.RawMessage(`{}`))
			}
			if o.MaxNumResults != nil {
				v.FileSearch.MaxNumResults = openai.Int(*o.MaxNumResults)
			}
			if r := o.RankingOptions; r != nil {
				v.FileSearch.RankingOptions = openai.FileSearchToolFileSearchRankingOptionsParam{ScoreThreshold: r.ScoreThreshold, Ranker: r.Ranker}
			}
		}
		return openai.AssistantToolUnionParam{OfFileSearch: v}
	case contract.ToolTypeFunction:
		v := &openai.FunctionToolParam{}
		if f := t.Function; f != nil {
			v.Function = functionDefinition(*f)
		}
		return openai.AssistantToolUnionParam{OfFunction: v}
	}
	return param.Override[openai.AssistantToolUnionParam](t)
}

// functionDefinition maps a function tool. openai-go types parameters as a
// map, so a schema that is not a JSON object is sent verbatim instead.
func functionDefinition(f contract.FunctionDefinition) shared.FunctionDefinitionParam {
	out := shared.FunctionDefinitionParam{Name: f.Name}
	if f.Description != "" {
		out.Description = openai.String(f.Description)
	}
	if f.Strict != nil {
		out.Strict = openai.Bool(*f.Strict)
	}
	if len(f.Parameters) > 0 {
		var fields map[string]json.RawMessage
		if !bytes.HasPrefix(bytes.TrimSpace(f.Parameters), []byte("{")) || json.Unmarshal(f.Parameters, &fields) != nil {
			return param.Override[shared.FunctionDefinitionParam](f)
		}
		out.Parameters = make(shared.FunctionParameters, len(fields))
		for k, v := range fields {
			out.Parameters[k] = v
		}
	}
	return out
}

func toolChoice(c contract.ToolChoice) openai.AssistantToolChoiceOptionUnionParam {
	if c.IsMode() {
		return openai.AssistantToolChoiceOptionUnionParam{OfAuto: openai.String(c.Type)}
	}
	v := &openai.AssistantToolChoiceParam{Type: openai.AssistantToolChoiceType(c.Type)}
	if c.Function != nil {
		v.Function = openai.AssistantToolChoiceFunctionParam{Name: c.Function.Name}
	}
	return openai.AssistantToolChoiceOptionUnionParam{OfAssistantToolChoice: v}
}

func responseFormat(f contract.ResponseFormat) openai.AssistantResponseFormatOptionUnionParam {
	switch f.Type {
	case contract.ResponseFormatAuto:
		return openai.AssistantResponseFormatOptionUnionParam{OfAuto: constant.ValueOf[constant.Auto]()}
	case "text":
		return openai.AssistantResponseFormatOptionUnionParam{OfText: &shared.ResponseFormatTextParam{}}
	case "json_object":
		return openai.AssistantResponseFormatOptionUnionParam{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}
	case "json_schema":
		v := &shared.ResponseFormatJSONSchemaParam{}
		if s := f.JSONSchema; s != nil {
			v.JSONSchema.Name = s.Name
			if s.Description != "" {
				v.JSONSchema.Description = openai.String(s.Description)
			}
			if s.Strict != nil {
				v.JSONSchema.Strict = openai.Bool(*s.Strict)
			}
			if len(s.Schema) > 0 {
				v.JSONSchema.Schema = s.Schema
			}
		}
		return openai.AssistantResponseFormatOptionUnionParam{OfJSONSchema: v}
	}
	return param.Override[openai.AssistantResponseFormatOptionUnionParam](f)
}
