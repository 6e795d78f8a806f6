package runs

import "github.com/runsuite/runsuite/contract"

// clientMethods maps each operation of the contract to the Client method
// that performs it.
var clientMethods = map[contract.OperationID]string{
	contract.OpCreate:                     "Create",
	contract.OpCreateStreamRaw:            "CreateStreamRaw",
	contract.OpRetrieve:                   "Retrieve",
	contract.OpUpdate:                     "Update",
	contract.OpList:                       "List",
	contract.OpCancel:                     "Cancel",
	contract.OpSubmitToolOutputs:          "SubmitToolOutputs",
	contract.OpSubmitToolOutputsStreamRaw: "SubmitToolOutputsStreamRaw",
	contract.OpStepsRetrieve:              "Steps.Retrieve",
	contract.OpStepsList:                  "Steps.List",
}

// ClientMethod returns the name of the Client method that performs the
// operation, as ArgumentError.Method names it ("Create", "Steps.List"); it
// reports false for an id outside the contract's ten operations.
func ClientMethod(id contract.OperationID) (string, bool) {
	m, ok := clientMethods[id]
	return m, ok
}
