package contract

import (
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"
)

// Bounds of request parameters (CONTRACT §2).
const (
	MaxMetadataPairs       = 16
	MaxMetadataKeyLength   = 64
	MaxMetadataValueLength = 512
	MinListLimit           = 1
	MaxListLimit           = 100
	DefaultListLimit       = 20
	MaxTools               = 20
	MinTokenLimit          = 256
	MaxFileSearchResults   = 50
)

// ParamError reports a request parameter outside the contract: Field is
// its JSON path (for example "metadata" or "tools[2].file_search.max_num_results").
type ParamError struct {
	Field string
	Msg   string
}

// Error describes the ParamError.
func (e *ParamError) Error() string { return fmt.Sprintf("invalid %s: %s", e.Field, e.Msg) }

// checker collects the first parameter violation.
type checker struct{ err *ParamError }

func (c *checker) fail(field, format string, args ...any) {
	if c.err == nil {
		c.err = &ParamError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
}

func (c *checker) result() error {
	if c.err == nil {
		return nil
	}
	return c.err
}

func (c *checker) metadata(field string, m map[string]string) {
	if len(m) > MaxMetadataPairs {
		c.fail(field, "%d pairs, at most %d allowed", len(m), MaxMetadataPairs)
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		if n := utf8.RuneCountInString(k); n > MaxMetadataKeyLength {
			c.fail(field, "key %.20q… is %d characters, at most %d allowed", k, n, MaxMetadataKeyLength)
		}
		if n := utf8.RuneCountInString(v); n > MaxMetadataValueLength {
			c.fail(field+"."+k, "%d characters, at most %d allowed", n, MaxMetadataValueLength)
		}
	}
}

func (c *checker) between(field string, v, lo, hi float64) {
	if v < lo || v > hi || v != v {
		c.fail(field, "%v is outside %v..%v", v, lo, hi)
	}
}

func (c *checker) tokens(field string, n Nullable[int64]) {
	if v, ok := n.Get(); ok && v < MinTokenLimit {
		c.fail(field, "%d is below the minimum of %d", v, MinTokenLimit)
	}
}

func (c *checker) tools(tools []Tool) {
	if len(tools) > MaxTools {
		c.fail("tools", "%d tools, at most %d allowed", len(tools), MaxTools)
	}
	for i, t := range tools {
		switch t.Type {
		case ToolTypeFunction:
			if t.Function == nil || t.Function.Name == "" {
				c.fail(fmt.Sprintf("tools[%d].function.name", i), "a function tool needs a name")
			}
		case ToolTypeCodeInterpreter:
		case ToolTypeFileSearch:
			if fs := t.FileSearch; fs != nil {
				if n := fs.MaxNumResults; n != nil && (*n < 1 || *n > MaxFileSearchResults) {
					c.fail(fmt.Sprintf("tools[%d].file_search.max_num_results", i), "%d is outside 1..%d", *n, MaxFileSearchResults)
				}
				if ro := fs.RankingOptions; ro != nil {
					c.between(fmt.Sprintf("tools[%d].file_search.ranking_options.score_threshold", i), ro.ScoreThreshold, 0, 1)
				}
			}
		default:
			c.fail(fmt.Sprintf("tools[%d].type", i), "unknown tool type %q", t.Type)
		}
	}
}

// Validate checks the parameters against the bounds CONTRACT §2 sets and
// returns the first violation as a *ParamError.
func (p RunCreateParams) Validate() error {
	var c checker
	if p.AssistantID == "" {
		c.fail("assistant_id", "is required")
	}
	for i, inc := range p.Include {
		if inc != IncludeFileSearchResultContent {
			c.fail(fmt.Sprintf("include[%d]", i), "unknown value %q", inc)
		}
	}
	c.tokens("max_completion_tokens", p.MaxCompletionTokens)
	c.tokens("max_prompt_tokens", p.MaxPromptTokens)
	if m, ok := p.Metadata.Get(); ok {
		c.metadata("metadata", m)
	}
	if v, ok := p.Temperature.Get(); ok {
		c.between("temperature", v, 0, 2)
	}
	if v, ok := p.TopP.Get(); ok {
		c.between("top_p", v, 0, 1)
	}
	if tools, ok := p.Tools.Get(); ok {
		c.tools(tools)
	}
	if ts, ok := p.TruncationStrategy.Get(); ok {
		if ts.Type != "auto" && ts.Type != "last_messages" {
			c.fail("truncation_strategy.type", "unknown value %q", ts.Type)
		}
		if ts.LastMessages != nil && *ts.LastMessages < 1 {
			c.fail("truncation_strategy.last_messages", "%d is below the minimum of 1", *ts.LastMessages)
		}
	}
	if msgs, ok := p.AdditionalMessages.Get(); ok {
		for i, m := range msgs {
			if m.Role != RoleUser && m.Role != RoleAssistant {
				c.fail(fmt.Sprintf("additional_messages[%d].role", i), "must be user or assistant, got %q", m.Role)
			}
			if md, ok := m.Metadata.Get(); ok {
				c.metadata(fmt.Sprintf("additional_messages[%d].metadata", i), md)
			}
		}
	}
	return c.result()
}

// Validate checks the list parameters' bounds.
func (p RunListParams) Validate() error {
	var c checker
	c.list(p.Limit, p.Order)
	return c.result()
}

// Validate checks the list parameters' bounds.
func (p StepListParams) Validate() error {
	var c checker
	c.list(p.Limit, p.Order)
	c.include(p.Include)
	return c.result()
}

// Validate checks the include values.
func (p StepRetrieveParams) Validate() error {
	var c checker
	c.include(p.Include)
	return c.result()
}

// Validate checks the metadata bounds.
func (p RunUpdateParams) Validate() error {
	var c checker
	if m, ok := p.Metadata.Get(); ok {
		c.metadata("metadata", m)
	}
	return c.result()
}

// Validate checks that outputs were given.
func (p RunSubmitToolOutputsParams) Validate() error {
	var c checker
	if p.ToolOutputs == nil {
		c.fail("tool_outputs", "is required")
	}
	return c.result()
}

func (c *checker) list(limit int, order Order) {
	if limit != 0 && (limit < MinListLimit || limit > MaxListLimit) {
		c.fail("limit", "%d is outside %d..%d", limit, MinListLimit, MaxListLimit)
	}
	if order != "" && order != OrderAsc && order != OrderDesc {
		c.fail("order", "must be asc or desc, got %q", order)
	}
}

func (c *checker) include(inc []RunStepInclude) {
	for i, v := range inc {
		if v != IncludeFileSearchResultContent {
			c.fail(fmt.Sprintf("include[%d]", i), "unknown value %q", v)
		}
	}
}
