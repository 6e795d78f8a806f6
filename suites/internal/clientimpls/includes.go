package clientimpls

// LegitimateIncludes are the raw query pairs real clients were seen sending
// for include[] (CONTRACT §8.2), keyed by the pair, with the clients that
// send it as the value. The client suites accept only these encodings, and
// the conformance suite checks that the server-side rule
// client.query.include accepts every one of them.
var LegitimateIncludes = map[string]string{
	// Node and Go: brackets of the key and of the value escaped, * as %2A.
	"include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content": "Node, Go",
	// Ruby and ruby-openai/Faraday: * left raw.
	"include%5B%5D=step_details.tool_calls%5B*%5D.file_search.results%5B*%5D.content": "Ruby",
	// .NET: the key's brackets left raw.
	"include[]=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content": ".NET",
}
