package contract_test

import (
	"fmt"

	"github.com/runsuite/runsuite/contract"
)

func ExampleCheckObject() {
	answer := []byte(`{"id":"thread_abc","object":"thread","created_at":-5,"metadata":{}}`)
	for _, v := range contract.CheckObject(contract.ObjectThread, answer) {
		fmt.Println(v)
	}
	// Output:
	// /created_at: negative: expected a non-negative integer (unix seconds), got number -5
	// /tool_resources: missing key: expected required key, got no such key
}
