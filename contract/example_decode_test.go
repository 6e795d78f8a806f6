package contract_test

import (
	"errors"
	"fmt"

	"github.com/runsuite/runsuite/contract"
)

// Decode the data of server-sent events into typed payloads: the event's
// name says which payload it carries.
func ExampleDecodeEvent() {
	data := []byte(`{"id":"msg_1","object":"thread.message.delta","delta":{"content":[{"index":0,"type":"text","text":{"value":"Hel"}}]}}`)
	ev, err := contract.DecodeEvent("thread.message.delta", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Name, ev.Kind(), ev.ID(), ev.MessageDelta.Delta.Content[0].Text.Value)

	done, err := contract.DecodeEvent("done", []byte("[DONE]"))
	fmt.Println(done.Name, done.Payload() == nil, err)

	// A name outside the catalogue, and data that is not the object its
	// name announces, are typed errors.
	_, err = contract.DecodeEvent("thread.run.paused", []byte(`{}`))
	var unknown *contract.UnknownEventError
	fmt.Println(errors.As(err, &unknown))
	_, err = contract.DecodeEvent("thread.run.created", []byte(`{"id":42}`))
	var decode *contract.DecodeError
	fmt.Println(errors.As(err, &decode))
	// Output:
	// thread.message.delta message_delta msg_1 Hel
	// done true <nil>
	// true
	// true
}
