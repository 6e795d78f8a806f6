package emulator

import (
	"net/http"

	"github.com/runsuite/runsuite/contract"
)

// The objects of a delete's answer (spec DeleteAssistantResponse,
// DeleteThreadResponse, DeleteMessageResponse).
const (
	objectAssistantDeleted = "assistant.deleted"
	objectThreadDeleted    = "thread.deleted"
	objectMessageDeleted   = "thread.message.deleted"
)

// writeDeleted answers a delete with {"id","object","deleted":true}.
func writeDeleted(rq *request, id, object string) *apiError {
	writeJSON(rq, http.StatusOK, deletedBody(id, object))
	return nil
}

// deletedBody is the answer to a delete: {"id","object","deleted":true}.
func deletedBody(id, object string) []byte {
	b := append([]byte(`{"id":`), contract.AppendString(nil, id)...)
	b = append(b, `,"object":`...)
	b = contract.AppendString(b, object)
	return append(b, `,"deleted":true}`...)
}
