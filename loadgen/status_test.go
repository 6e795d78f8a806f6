package loadgen

import (
	"testing"
	"unsafe"

	"github.com/runsuite/runsuite/contract"
)

// A worker keeps a run's last status for the whole run: it must not point
// into the data of the event it came from.
func TestStatusOfSharesNoMemory(t *testing.T) {
	t.Parallel()
	data := []byte(`{"status":"in_progress"}{"status":"paused_by_gateway"}`)
	tests := []struct {
		name string
		in   contract.RunStatus
	}{
		{"known", contract.RunStatus(data[11:22])},
		{"unknown", contract.RunStatus(data[35:52])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := string(tt.in)
			got := statusOf(tt.in)
			if got != in {
				t.Fatalf("got %q, want %q", got, in)
			}
			if unsafe.StringData(got) == unsafe.StringData(in) {
				t.Errorf("got a string sharing the decoded data's memory, want its own")
			}
		})
	}
}
