package emulator

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// TestPlainTextDeltaMatchesEncoder checks the hot-path text delta against
// the general encoder and encoding/json, for first and later deltas, empty
// values, escaping and a change of message.
func TestPlainTextDeltaMatchesEncoder(t *testing.T) {
	t.Parallel()
	var e emitter
	for _, tc := range []struct {
		id, value string
		first     bool
	}{
		{"msg_1", "Hello", true}, {"msg_1", " world", false}, {"msg_1", "", true}, {"msg_1", "", false},
		{"msg_2", "quote \" <tag> & é\n", false}, {"msg_\"odd\"", "x", true},
	} {
		d := contract.MessageDelta{ID: tc.id, Object: contract.ObjectMessageDelta, Delta: contract.MessageDeltaBody{Content: []contract.MessageContentDelta{{Type: "text", Text: &contract.TextDelta{Value: tc.value}}}}}
		if tc.first {
			d.Delta.Content[0].Text.Annotations = []contract.AnnotationDelta{}
		}
		want := contract.AppendMessageDelta(nil, &d)
		got := e.appendPlainTextDelta(nil, tc.id, tc.value, tc.first)
		if !bytes.Equal(got, want) {
			t.Errorf("%+v: got %s, want %s", tc, got, want)
		}
		std, err := json.Marshal(&d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, std) {
			t.Errorf("%+v: got %s, encoding/json %s", tc, got, std)
		}
	}
}
