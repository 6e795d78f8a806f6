package conformance

import "github.com/runsuite/runsuite/contract"

// The client rules: each judges one request a client sent, against
// CONTRACT §1 (operations, paths, headers), §2 (bodies) and §8 (what real
// clients send). They run in the mock middleware on every request, and on
// captured requests in tests. Set-up calls (assistants, threads, messages,
// thread-and-run) are accepted; only the header rules apply to them.

var allOps = []contract.OperationID{
	contract.OpCreate, contract.OpCreateStreamRaw, contract.OpRetrieve, contract.OpUpdate, contract.OpList,
	contract.OpCancel, contract.OpSubmitToolOutputs, contract.OpSubmitToolOutputsStreamRaw,
	contract.OpStepsRetrieve, contract.OpStepsList,
}

var (
	_ = register(Check{
		ID: "client.operation.known", Title: "every request is one of the ten operations (or a set-up call) with its method",
		Side: SideClient, Operations: allOps, Section: "§1", Level: LevelMust, Inspect: inspectKnownOperation,
	})
	_ = register(Check{
		ID: "client.path.ids", Title: "path ids are non-empty and never . or ..",
		Side: SideClient, Operations: allOps, Section: "§1.3", Level: LevelMust, Inspect: inspectPathIDs,
	})
	_ = register(Check{
		ID: "client.path.escaping", Title: "path arguments are percent-encoded as path segments",
		Side: SideClient, Operations: allOps, Section: "§1", Level: LevelMust, Inspect: inspectPathEscaping,
	})
	_ = register(Check{
		ID: "client.header.beta", Title: "every request sends OpenAI-Beta: assistants=v2",
		Side: SideClient, Operations: allOps, Section: "§1.1", Level: LevelMust, Inspect: inspectBeta,
	})
	_ = register(Check{
		ID: "client.header.auth", Title: "every request sends Authorization: Bearer with a key",
		Side: SideClient, Operations: allOps, Section: "§1", Level: LevelMust, Inspect: inspectAuth,
	})
	_ = register(Check{
		ID: "client.query.include", Title: "include is sent as include[] with its one value, in a lossless encoding",
		Side: SideClient, Operations: []contract.OperationID{contract.OpCreate, contract.OpCreateStreamRaw, contract.OpStepsRetrieve, contract.OpStepsList},
		Section: "§8", Level: LevelMust, Inspect: inspectInclude,
	})
	_ = register(Check{
		ID: "client.query.params", Title: "only the operation's query parameters, once each, with valid limit and order",
		Side: SideClient, Operations: allOps, Section: "§2.2", Level: LevelMust, Inspect: inspectQueryParams,
	})
	_ = register(Check{
		ID: "client.query.cursor", Title: "list cursors after and before carry an id",
		Side: SideClient, Operations: []contract.OperationID{contract.OpList, contract.OpStepsList},
		Section: "§5", Level: LevelShould, Inspect: inspectCursor,
	})
	_ = register(Check{
		ID: "client.body.json", Title: "bodies are JSON objects sent as application/json",
		Side: SideClient, Operations: bodyOps, Section: "§1.1", Level: LevelMust, Inspect: inspectBodyJSON,
	})
	_ = register(Check{
		ID: "client.body.schema", Title: "bodies have only known keys, of the right types, with required keys and enum values",
		Side: SideClient, Operations: bodyOps, Section: "§2", Level: LevelMust, Inspect: inspectBodySchema,
	})
	_ = register(Check{
		ID: "client.body.bounds", Title: "body values are within the contract's bounds",
		Side: SideClient, Operations: bodyOps, Section: "§2", Level: LevelMust, Inspect: inspectBodyBounds,
	})
	_ = register(Check{
		ID: "client.body.stream", Title: "streams are asked for by \"stream\": true on create and submit_tool_outputs only",
		Side: SideClient, Operations: allOps, Section: "§8", Level: LevelMust, Inspect: inspectStream,
	})
	_ = register(Check{
		ID: "client.body.none", Title: "GET requests and cancel carry no body",
		Side: SideClient, Operations: []contract.OperationID{contract.OpRetrieve, contract.OpList, contract.OpCancel, contract.OpStepsRetrieve, contract.OpStepsList},
		Section: "§1.1", Level: LevelMust, Inspect: inspectNoBody,
	})
)

// Inspect runs every client rule on r and returns their findings by rule
// id; rules that found nothing are absent.
func Inspect(r *Request) map[string][]Finding {
	out := map[string][]Finding{}
	for _, c := range ClientRules() {
		if fs := c.Inspect(r); len(fs) > 0 {
			out[c.ID] = fs
		}
	}
	return out
}
