package contract_test

import (
	"fmt"

	"github.com/runsuite/runsuite/contract"
)

// ExampleAppendEventData writes the data of a thread.run.step.delta event,
// what a server sends after "event: thread.run.step.delta", and reads it
// back with DecodeEvent.
func ExampleAppendEventData() {
	ev := contract.Event{
		Name: contract.EventThreadRunStepDelta,
		StepDelta: &contract.RunStepDelta{ID: "step_1", Object: contract.ObjectRunStepDelta, Delta: contract.StepDeltaBody{
			StepDetails: &contract.StepDetailsDelta{Type: contract.StepTypeToolCalls, ToolCalls: []contract.ToolCallDelta{
				{Index: 0, Type: contract.ToolTypeFunction, Function: &contract.FunctionDelta{Arguments: `{"city":`}},
			}},
		}},
	}
	data, err := contract.AppendEventData(nil, ev)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s\n", data)

	back, err := contract.DecodeEvent(string(ev.Name), data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.StepDelta.Delta.StepDetails.ToolCalls[0].Function.Arguments)

	_, err = contract.AppendEventData(nil, contract.Event{Name: contract.EventThreadRunCompleted})
	fmt.Println(err)
	// Output:
	// {"id":"step_1","object":"thread.run.step.delta","delta":{"step_details":{"type":"tool_calls","tool_calls":[{"index":0,"type":"function","function":{"arguments":"{\"city\":"}}]}}}
	// {"city":
	// encode "thread.run.completed" event: carries a none payload, want run
}
