package replay

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/cassette"
	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/recordings"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
)

// The replay suites run every flow of package recordings against its
// cassette in recordings/, replayed by go-vcr through cassette.Match, once
// per implementation (runsuite's client and the openai-go adapter). A flow
// checks the answers it reads, so a pass means the implementation sent
// requests the cassette holds (same method, path, query multiset and JSON
// body) and read the recorded answers as the emulator meant them. Every
// interaction must be replayed: a flow that skips a request fails too.

// rpDir is where the cassettes are, relative to the suites folder.
const rpDir = "../../recordings"

// rpCassette returns the path of a flow's cassette.
func rpCassette(name string) string { return filepath.Join(rpDir, name+".yaml") }

// rpReplay loads a cassette for replay and stops it when the spec ends.
func rpReplay(path string) *cassette.Replayer {
	GinkgoHelper()
	r, err := cassette.NewReplayer(path)
	Expect(err).NotTo(HaveOccurred(), "load %s (make recordings writes it)", path)
	DeferCleanup(r.Stop)
	return r
}

// rpEnv builds impl over the replayer, with retries off so that each
// request reaches the cassette once.
func rpEnv(impl clientimpls.Implementation, r *cassette.Replayer) recordings.Env {
	hc := r.Client()
	ra, sa := impl.Build(hc, recordings.BaseURL, 0)
	return recordings.Env{Runs: ra, Steps: sa, HTTP: hc, BaseURL: recordings.BaseURL}
}

// rpContext is the context of one replayed flow: replays answer at once,
// so a few seconds is ample.
func rpContext() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	DeferCleanup(cancel)
	return ctx
}

var _ = Describe("Replay: recorded cassettes", Label("replay", "cassette"), func() {
	It("has a cassette for every flow and no cassette without a flow", func() {
		files, err := filepath.Glob(filepath.Join(rpDir, "*.yaml"))
		Expect(err).NotTo(HaveOccurred())
		var flows []string
		for _, f := range recordings.Flows() {
			flows = append(flows, rpCassette(f.Name))
		}
		Expect(files).To(ConsistOf(flows))
	})

	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		DescribeTable("replays its cassette",
			func(flow recordings.Flow) {
				r := rpReplay(rpCassette(flow.Name))
				Expect(flow.Run(rpContext(), rpEnv(impl, r))).To(Succeed())
				Expect(r.Unplayed()).To(BeEmpty(), "interactions of %s the flow did not request", flow.Name)
			},
			rpEntries(),
		)

		It("fails a request the cassette does not hold, naming the differing field", func() {
			r := rpReplay(rpCassette("op_create"))
			env := rpEnv(impl, r)
			threadID, assistantID := rpRecordedCreate(rpCassette("op_create"))
			_, err := env.Runs.Create(rpContext(), threadID, contract.RunCreateParams{
				AssistantID: assistantID, Metadata: contract.Set(map[string]string{"flow": "other"})})
			var nomatch *cassette.NoMatchError
			Expect(errors.As(err, &nomatch)).To(BeTrue(), "got %v, want a *cassette.NoMatchError", err)
			Expect(nomatch.Differences).To(ConsistOf(`body /metadata/flow: got "other", want "create"`))
			Expect(err.Error()).To(ContainSubstring("body /metadata/flow"))
		})
	})
})

// rpEntries is one table entry per recorded flow.
func rpEntries() []TableEntry {
	var entries []TableEntry
	for _, f := range recordings.Flows() {
		entries = append(entries, Entry(f.Name+": "+f.Title, f))
	}
	return entries
}

// rpRecordedCreate returns the thread and assistant of the run-create
// request a cassette recorded.
func rpRecordedCreate(path string) (threadID, assistantID string) {
	GinkgoHelper()
	c, err := cassette.Load(path)
	Expect(err).NotTo(HaveOccurred())
	for _, it := range c.Interactions {
		rest, ok := strings.CutPrefix(it.Request.URL, recordings.BaseURL+"/threads/")
		thread, tail, _ := strings.Cut(rest, "/")
		if !ok || tail != "runs" || it.Request.Method != http.MethodPost {
			continue
		}
		var body struct {
			AssistantID string `json:"assistant_id"`
		}
		Expect(json.Unmarshal([]byte(it.Request.Body), &body)).To(Succeed())
		return thread, body.AssistantID
	}
	Fail("no run-create request in " + path)
	return "", ""
}
