package client

import (
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// clientMethod names the runs.Client method of op, as runs.ArgumentError
// names it; "" (which no ArgumentError carries) for an operation runs does
// not map, which runs' TestClientMethod rules out. It builds table entries,
// before Gomega can assert.
func clientMethod(op contract.Operation) string {
	m, _ := runs.ClientMethod(op.ID)
	return m
}
