package emulator

import (
	"hash/fnv"
	"math/rand/v2"
	"sync"
)

// idLength is the number of base62 characters after an id's prefix, as in
// the live API's ids (run_ + 24 characters).
const idLength = 24

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// The id prefixes of the objects the emulator creates.
const (
	prefixAssistant = "asst_"
	prefixThread    = "thread_"
	prefixRun       = "run_"
	prefixStep      = "step_"
	prefixMessage   = "msg_"
	prefixCall      = "call_"
	prefixRequest   = "req_"
	prefixFile      = "file-"
)

// idGen draws ids from a seeded generator: the same seed and the same
// sequence of calls give the same ids. It is not safe for concurrent use;
// lockedIDGen is.
type idGen struct {
	rng *rand.Rand
}

func newIDGen(seed1, seed2 uint64) *idGen {
	return &idGen{rng: rand.New(rand.NewPCG(seed1, seed2))}
}

// next returns prefix followed by idLength base62 characters.
func (g *idGen) next(prefix string) string {
	b := make([]byte, len(prefix)+idLength)
	copy(b, prefix)
	for i := len(prefix); i < len(b); i++ {
		b[i] = base62[g.rng.IntN(len(base62))]
	}
	return string(b)
}

// lockedIDGen is an idGen shared by concurrent requests.
type lockedIDGen struct {
	mu  sync.Mutex
	gen *idGen
}

func (g *lockedIDGen) next(prefix string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.gen.next(prefix)
}

// runIDGen returns the generator of the ids a run creates (steps, messages,
// tool calls): seeded from the server seed and the run id, so a run's inner
// ids do not depend on what other runs do concurrently.
func runIDGen(seed uint64, runID string) *idGen {
	h := fnv.New64a()
	h.Write([]byte(runID))
	return newIDGen(seed, h.Sum64())
}
