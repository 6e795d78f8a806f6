// Package loadgen measures how an implementation of the Assistants Runs API
// holds up under many concurrent runs, and how fast their events arrive and
// decode.
//
// It is modelled on vegeta's lib: an Attacker built with options named after
// what they set runs scenarios (Scenario) from a pool of workers, closed-loop
// (a fixed number of runs in flight) or open-loop (a Pacer sets the start
// rate), and always stops by itself: after a duration, after a number of runs
// or when Stop is called. Every run becomes one flat, serializable Result,
// which can be streamed as JSON Lines; results are accumulated into Metrics
// separately from the reporters that render them (Markdown, HTML, JSON).
//
// Every event is decoded through runs.Stream, from runsuite's client or from
// the openai-go adapter, so both clients are measured against the same
// target. The default target is the emulator, started in-process on a
// loopback port with coalesced flushes.
//
// Both clients send over the generator's own HTTP/1.1 transport when the
// target is plain http: a request runs in its worker's goroutine alone, and
// a connection holds a read buffer only while it carries a request (Go's
// http.Transport keeps two goroutines and two buffers per connection, which
// at 10,000 streams was most of the generator's memory). https targets use
// Go's transport.
//
// Metrics hold HDR histograms (github.com/HdrHistogram/hdrhistogram-go) that
// serialize in the HdrHistogram V2 compressed format, so the results of
// several shards merge exactly (MergeMetrics).
package loadgen
