package conformance

import (
	"maps"
	"testing"
)

func TestParseCapabilities(t *testing.T) {
	t.Parallel()
	none := map[Capability]bool{CapStreaming: false, CapToolCalls: false, CapFileSearch: false}
	tests := []struct {
		list    string
		want    map[Capability]bool
		wantErr bool
	}{
		{"", none, false},
		{"none", none, false},
		{"streaming", map[Capability]bool{CapStreaming: true, CapToolCalls: false, CapFileSearch: false}, false},
		{" tool_calls , file_search ", map[Capability]bool{CapStreaming: false, CapToolCalls: true, CapFileSearch: true}, false},
		{"streaming,tool_calls,file_search", allCaps(), false},
		{"streaming,", nil, true},
		{"telepathy", nil, true},
		{"Streaming", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseCapabilities(tt.list)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseCapabilities(%q): got error %v, want error %v", tt.list, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !maps.Equal(got, tt.want) {
			t.Errorf("ParseCapabilities(%q): got %v, want %v", tt.list, got, tt.want)
		}
	}
}

func TestTargetFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{EnvBaseURL: "http://127.0.0.1:9/v1", EnvAPIKey: "sk-env", EnvModel: "", EnvCapabilities: "streaming"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	target := Target{BaseURL: "http://127.0.0.1:1/v1", Model: "kept"}
	if err := target.FromEnv(lookup); err != nil {
		t.Fatal(err)
	}
	if target.BaseURL != env[EnvBaseURL] || target.APIKey != "sk-env" || target.Model != "kept" || !target.Capabilities[CapStreaming] || target.Capabilities[CapToolCalls] {
		t.Errorf("got %+v, want base URL and key from the environment, the model kept, streaming declared", target)
	}
	env[EnvCapabilities] = "bogus"
	if err := (&Target{}).FromEnv(lookup); err == nil {
		t.Errorf("bad %s: got no error, want one", EnvCapabilities)
	}
	var empty Target
	if err := empty.FromEnv(func(string) (string, bool) { return "", false }); err != nil || empty.Capabilities != nil || empty.BaseURL != "" {
		t.Errorf("empty environment: got %+v, %v; want an untouched target", empty, err)
	}
}
