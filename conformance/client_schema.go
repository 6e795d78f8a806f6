package conformance

import (
	"maps"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// This file ties the client rules to the request body schemas of CONTRACT
// §2, which contract.CheckRequestBody holds for the emulator and the rules
// alike (the OpenAPI spec's CreateRunRequest, ModifyRunRequest and
// SubmitToolOutputsRunRequest, all additionalProperties: false): keys,
// JSON types, required keys and enums. Numeric bounds are left to
// contract's Validate methods (see client_body.go), so they are stated once.

// bodySchemaOf returns the request body schema of a body operation.
func bodySchemaOf(op contract.OperationID) (contract.RequestBody, bool) {
	switch op {
	case contract.OpCreate, contract.OpCreateStreamRaw:
		return contract.BodyCreateRun, true
	case contract.OpUpdate:
		return contract.BodyModifyRun, true
	case contract.OpSubmitToolOutputs, contract.OpSubmitToolOutputsStreamRaw:
		return contract.BodySubmitToolOutputs, true
	}
	return 0, false
}

// checkBodySchema returns the issues of obj, the body of an op request,
// against its schema, at most contract.MaxRequestIssues. The top-level
// "stream" key is left out: client.body.stream judges it.
func checkBodySchema(op contract.OperationID, obj map[string]any) ([]contract.RequestIssue, error) {
	b, ok := bodySchemaOf(op)
	if !ok {
		return nil, nil
	}
	if _, has := obj["stream"]; has {
		obj = maps.Clone(obj)
		delete(obj, "stream")
	}
	return contract.CheckRequestBody(b, obj, contract.MaxRequestIssues)
}

// tokenUnescaper applies RFC 6901 §4.
var tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// fieldPointer turns a contract.ParamError field such as
// "tools[2].file_search.max_num_results" or "metadata.k" into a JSON
// pointer ("/tools/2/file_search/max_num_results"). A metadata key may
// hold dots, so everything after "metadata." is one token.
func fieldPointer(field string) string {
	var b strings.Builder
	for field != "" {
		if rest, ok := strings.CutPrefix(field, "metadata."); ok {
			b.WriteString("/metadata/" + contract.PointerToken(rest))
			break
		}
		part, rest, _ := strings.Cut(field, ".")
		name, idx, _ := strings.Cut(part, "[")
		b.WriteString("/" + contract.PointerToken(name))
		for idx != "" {
			i, after, _ := strings.Cut(idx, "]")
			b.WriteString("/" + i)
			idx = strings.TrimPrefix(after, "[")
		}
		field = rest
	}
	return b.String()
}
