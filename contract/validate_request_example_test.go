package contract_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// CheckRequestBody finds where a body departs from its schema, worded
// both as the live API's 400 and for a report.
func ExampleCheckRequestBody() {
	dec := json.NewDecoder(strings.NewReader(`{"assistant_id":"asst_1","top_p":"high","tool_choice":"sometimes"}`))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		fmt.Println(err)
		return
	}
	issues, err := contract.CheckRequestBody(contract.BodyCreateRun, body, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, is := range issues {
		fmt.Printf("%s at %s: %s\n", is.Kind, is.Pointer, is.Message)
	}
	// Output:
	// value outside the enum at /tool_choice: Invalid value: 'sometimes'. Supported values are: 'none', 'auto', and 'required'.
	// wrong type at /top_p: Invalid type for 'top_p': expected a number, but got a string instead.
}
