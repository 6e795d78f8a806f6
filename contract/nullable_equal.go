package contract

import "reflect"

// Equal reports whether n and o are in the same state (absent, null or
// set) and, when set, hold deeply equal values. go-cmp uses it, so that
// values holding a Nullable compare without options.
func (n Nullable[T]) Equal(o Nullable[T]) bool {
	return n.state == o.state && (n.state != stateSet || reflect.DeepEqual(n.value, o.value))
}
