package conformance

import (
	"fmt"
	"slices"
	"strings"
)

// The environment variables that configure a target. They are read only
// where a front end asks for them (FromEnv), never at package init, so the
// suite can be embedded and run twice with different settings. Flags of the
// CLI override them.
const (
	// EnvBaseURL is the base URL of the server to verify, e.g.
	// "http://127.0.0.1:8080/v1"; unset means the embedded emulator.
	EnvBaseURL = "CONFORMANCE_BASE_URL"
	// EnvAPIKey is the bearer token sent to that server.
	EnvAPIKey = "CONFORMANCE_API_KEY"
	// EnvModel is the model runs are created with.
	EnvModel = "CONFORMANCE_MODEL"
	// EnvCapabilities declares the server's capabilities, as
	// ParseCapabilities reads them; unset means they are discovered.
	EnvCapabilities = "CONFORMANCE_CAPABILITIES"
)

// FromEnv fills the fields of t that the environment sets, through lookup
// (os.LookupEnv in a program, a map in tests). Unset or empty variables
// leave their field as it is.
func (t *Target) FromEnv(lookup func(string) (string, bool)) error {
	if v, ok := lookup(EnvBaseURL); ok && v != "" {
		t.BaseURL = v
	}
	if v, ok := lookup(EnvAPIKey); ok && v != "" {
		t.APIKey = v
	}
	if v, ok := lookup(EnvModel); ok && v != "" {
		t.Model = v
	}
	if v, ok := lookup(EnvCapabilities); ok && strings.TrimSpace(v) != "" {
		caps, err := ParseCapabilities(v)
		if err != nil {
			return fmt.Errorf("%s: %w", EnvCapabilities, err)
		}
		t.Capabilities = caps
	}
	return nil
}

// ParseCapabilities reads a comma-separated list of capability names such as
// "streaming,tool_calls" into a declared set; "none" or an empty list
// declares that the target has none of them. An unknown name is an error
// that lists the known ones.
func ParseCapabilities(list string) (map[Capability]bool, error) {
	caps := make(map[Capability]bool, len(Capabilities()))
	for _, c := range Capabilities() {
		caps[c] = false
	}
	list = strings.TrimSpace(list)
	if list == "" || list == "none" {
		return caps, nil
	}
	for _, name := range strings.Split(list, ",") {
		c := Capability(strings.TrimSpace(name))
		if !slices.Contains(Capabilities(), c) {
			return nil, fmt.Errorf("unknown capability %q: want a comma-separated list of %s, or none", name, capabilityNames())
		}
		caps[c] = true
	}
	return caps, nil
}

func capabilityNames() string {
	names := make([]string, 0, len(Capabilities()))
	for _, c := range Capabilities() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}
