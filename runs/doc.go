// Package runs is the reference Go client of the Assistants Runs API: the
// ten operations of CONTRACT §1 and the typed reading of their event
// streams.
package runs
