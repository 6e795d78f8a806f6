package runs

import (
	"reflect"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// TestClientMethod checks that every operation of the contract names a
// method the client has, and no two operations the same one.
func TestClientMethod(t *testing.T) {
	t.Parallel()
	seen := map[string]contract.OperationID{}
	for _, op := range contract.Operations() {
		name, ok := ClientMethod(op.ID)
		if !ok {
			t.Errorf("ClientMethod(%s): got no method, want one", op.ID)
			continue
		}
		if prev, dup := seen[name]; dup {
			t.Errorf("ClientMethod(%s): got %q, already the method of %s", op.ID, name, prev)
		}
		seen[name] = op.ID
		recv := reflect.TypeFor[*Client]()
		method := name
		if sub, m, ok := strings.Cut(name, "."); ok {
			field, found := recv.Elem().FieldByName(sub)
			if !found {
				t.Errorf("ClientMethod(%s): got %q, but Client has no field %s", op.ID, name, sub)
				continue
			}
			recv, method = field.Type, m
		}
		if _, found := recv.MethodByName(method); !found {
			t.Errorf("ClientMethod(%s): got %q, but %v has no method %s", op.ID, name, recv, method)
		}
	}
	if len(seen) != len(clientMethods) {
		t.Errorf("clientMethods: got %d entries, want one for each of the %d operations", len(clientMethods), len(seen))
	}
	if name, ok := ClientMethod("runs.delete"); ok {
		t.Errorf(`ClientMethod("runs.delete"): got %q, true; want "", false`, name)
	}
}
