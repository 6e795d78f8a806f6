package contract

import (
	"bytes"
	"encoding/json"
)

// Nullable is an optional request field that can also be sent as null. The
// zero value is absent: with the `omitzero` tag option the field is left out
// of the body. Set and Null build the other two states.
type Nullable[T any] struct {
	value T
	state nullState
}

type nullState uint8

const (
	stateAbsent nullState = iota
	stateNull
	stateSet
)

// Set returns a Nullable holding v.
func Set[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: stateSet} }

// Null returns a Nullable sent as JSON null.
func Null[T any]() Nullable[T] { return Nullable[T]{state: stateNull} }

// IsZero reports whether the field is absent; encoding/json's omitzero
// option calls it.
func (n Nullable[T]) IsZero() bool { return n.state == stateAbsent }

// IsNull reports whether the field is an explicit null.
func (n Nullable[T]) IsNull() bool { return n.state == stateNull }

// Get returns the value and whether one is set.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == stateSet }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != stateSet {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON reads null or a value. An absent key never reaches it, so
// the field stays absent.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Set(v)
	return nil
}
