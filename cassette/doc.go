// Package cassette makes runsuite speak recorded HTTP traffic, with go-vcr v4
// (gopkg.in/dnaeon/go-vcr.v4) as the file format and the replay engine.
//
//   - Recording: Proxy is a reverse proxy that forwards to any server,
//     passes streams through as they arrive and records every exchange;
//     Serve runs it on loopback (conformance record).
//   - Scrubbing: every cassette this package writes goes through Scrub,
//     which replaces credentials (Authorization, OpenAI-Organization,
//     OpenAI-Project, cookies) and anything that looks like an API key, in
//     headers, URLs and bodies, with Placeholder.
//   - Importing: Import converts VCR.py, Ruby VCR and .NET test-proxy
//     recordings into go-vcr cassettes (conformance import).
//   - Replaying: Replayer answers requests from a cassette, matching them
//     with Match, which compares method, path, query as a multiset and JSON
//     bodies semantically; a request the cassette lacks fails with a
//     *NoMatchError naming the differing fields.
//   - Verifying: Verify runs recorded requests through the client rules and
//     recorded answers through the single-exchange server inspections of
//     package conformance, offline (conformance verify --cassette).
package cassette
