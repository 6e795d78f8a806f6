package emulator

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
)

// The soak test runs the emulator for a fixed number of client operations
// under a mix of streamed, polled, aborted and stalled clients and checks
// that it holds: resident memory flat after warm-up (within 10%),
// goroutines and file descriptors back to their starting counts, and no
// answer 5xx. It is not part of make test: run it with make soak
// (RUNSUITE_SOAK=1; RUNSUITE_SOAK_ROUNDS sets the rounds, default 12, of
// which the first 4 warm up).

const (
	soakOpsPerRound = 1500
	soakWorkers     = 32
	soakWarmRounds  = 4
	soakMaxGrowth   = 0.10
)

// soakKind is what one soak client does.
type soakKind int

const (
	soakStreamed soakKind = iota // stream a run to done
	soakPolled                   // create a run and poll it to its end
	soakAborted                  // read a few events of a stream, then hang up
	soakStalled                  // open a stream and never read it
	soakKinds
)

var soakKindNames = [soakKinds]string{"streamed", "polled", "aborted", "stalled"}

// soakMix picks a kind: 40% streamed, 30% polled, 20% aborted, 10% stalled.
func soakMix(r *rand.Rand) soakKind {
	switch n := r.IntN(10); {
	case n < 4:
		return soakStreamed
	case n < 7:
		return soakPolled
	case n < 9:
		return soakAborted
	}
	return soakStalled
}

// soakStats counts what the clients saw.
type soakStats struct {
	ops     [soakKinds]atomic.Int64
	status  [6]atomic.Int64 // by status class
	clientE atomic.Int64    // client-side failures (not the server's answers)
}

type soakClient struct {
	s      *Server
	hc     *http.Client
	asst   string
	stats  *soakStats
	lastEr atomic.Value // the last client-side error, for the log
}

func (c *soakClient) request(ctx context.Context, method, path, body string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.s.BaseURL()+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	req.Header.Set("Authorization", "Bearer soak")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	c.stats.status[min(resp.StatusCode/100, 5)].Add(1)
	return resp, nil
}

func (c *soakClient) threadAndRun(stream bool) string {
	return fmt.Sprintf(`{"assistant_id":%q,"stream":%t,"thread":{"messages":[{"role":"user","content":"soak"}]}}`, c.asst, stream)
}

// op runs one client of the given kind; it fails only on what the client
// itself could not do.
func (c *soakClient) op(kind soakKind) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	switch kind {
	case soakStreamed, soakAborted:
		resp, err := c.request(ctx, "POST", "/threads/runs", c.threadAndRun(true))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		er := runs.NewEventReader(resp.Body)
		n := 0
		for er.Next() {
			if n++; kind == soakAborted && n == 5 {
				return nil // hang up mid-stream
			}
		}
		return er.Err()
	case soakPolled:
		resp, err := c.request(ctx, "POST", "/threads/runs", c.threadAndRun(false))
		if err != nil {
			return err
		}
		var r contract.Run
		err = decodeJSON(resp, &r)
		for i := 0; err == nil && !r.Status.Terminal() && i < 200; i++ {
			time.Sleep(20 * time.Millisecond)
			resp, err = c.request(ctx, "GET", "/threads/"+r.ThreadID+"/runs/"+r.ID, "")
			if err == nil {
				err = decodeJSON(resp, &r)
			}
		}
		if err == nil && !r.Status.Terminal() {
			err = fmt.Errorf("run %s still %s after 200 polls", r.ID, r.Status)
		}
		return err
	case soakStalled:
		conn, err := net.DialTimeout("tcp", strings.TrimPrefix(c.s.URL, "http://"), 5*time.Second)
		if err != nil {
			return err
		}
		defer conn.Close()
		if tcp, ok := conn.(*net.TCPConn); ok {
			tcp.SetReadBuffer(4096) //nolint:errcheck // only makes the stall come sooner
		}
		b := c.threadAndRun(true)
		fmt.Fprintf(conn, "POST /v1/threads/runs HTTP/1.1\r\nHost: soak\r\nOpenAI-Beta: assistants=v2\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(b), b)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		line, err := bufio.NewReader(conn).ReadString('\n') // the status line, then nothing more
		if err != nil {
			return err
		}
		if code, _ := strconv.Atoi(strings.Fields(line + " x 0")[1]); code != 0 {
			c.stats.status[min(code/100, 5)].Add(1)
		}
		time.Sleep(time.Second) // stalled past the server's write deadline
		return nil
	}
	return nil
}

func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	return json.Unmarshal(data, v)
}

// processRSS returns the resident set size in bytes (Linux only; 0
// elsewhere).
func processRSS() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// openFDs returns the number of open file descriptors (Linux only; -1
// elsewhere).
func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

// settledRSS returns the RSS after a full collection returned what it
// could to the system, so that rounds compare live memory.
func settledRSS() int64 {
	runtime.GC()
	debug.FreeOSMemory()
	return processRSS()
}

func TestSoak(t *testing.T) {
	if os.Getenv("RUNSUITE_SOAK") == "" {
		t.Skip("the soak test runs with make soak (RUNSUITE_SOAK=1)")
	}
	if _, err := os.Stat("/proc/self/statm"); err != nil {
		t.Skip("the soak test reads /proc (Linux)")
	}
	rounds := 12
	if v, err := strconv.Atoi(os.Getenv("RUNSUITE_SOAK_ROUNDS")); err == nil && v > soakWarmRounds {
		rounds = v
	}
	startG, startFD := runtime.NumGoroutine(), openFDs()

	s := NewServer(WithRetention(2000, time.Minute), WithPhaseDuration(20*time.Millisecond),
		WithStreamShape(StreamShape{Deltas: 50, Flush: FlushCoalesced}),
		WithTimeouts(Timeouts{Write: 300 * time.Millisecond, Idle: time.Second, ReadBody: time.Second}))
	transport := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: soakWorkers, IdleConnTimeout: time.Second}
	stats := &soakStats{}
	c := &soakClient{s: s, hc: &http.Client{Transport: transport, Timeout: 30 * time.Second}, stats: stats}
	var a assistant
	resp, err := c.request(context.Background(), "POST", "/assistants", `{"model":"gpt-4o","instructions":"soak"}`)
	if err != nil || decodeJSON(resp, &a) != nil {
		t.Fatalf("create assistant: %v", err)
	}
	c.asst = a.ID

	rng := rand.New(rand.NewPCG(1, 2))
	var warm int64
	var peak int64
	start := time.Now()
	for round := 1; round <= rounds; round++ {
		kinds := make(chan soakKind, soakOpsPerRound)
		for range soakOpsPerRound {
			kinds <- soakMix(rng)
		}
		close(kinds)
		var wg sync.WaitGroup
		for range soakWorkers {
			wg.Go(func() {
				for k := range kinds {
					stats.ops[k].Add(1)
					if err := c.op(k); err != nil {
						stats.clientE.Add(1)
						c.lastEr.Store(fmt.Sprintf("%s: %v", soakKindNames[k], err))
					}
				}
			})
		}
		wg.Wait()
		rss := settledRSS()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("round %2d/%d: RSS %6.1f MiB, live heap %5.1f MiB, goroutines %4d, fds %4d, terminal runs kept %d, threads kept %d, 5xx %d, %v elapsed",
			round, rounds, float64(rss)/(1<<20), float64(ms.HeapAlloc)/(1<<20), runtime.NumGoroutine(), openFDs(), s.store.ret.terminalRuns(), s.store.threadCount(),
			stats.status[5].Load(), time.Since(start).Round(time.Second))
		switch {
		case round == soakWarmRounds:
			warm = rss
		case round > soakWarmRounds:
			peak = max(peak, rss)
		}
	}

	// Let every connection go: the client's idle ones now, the server's
	// side when it sees them close.
	transport.CloseIdleConnections()
	s.Close()
	var g, fd int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if g, fd = runtime.NumGoroutine(), openFDs(); g <= startG && fd <= startFD {
			break
		}
	}
	var ops int64
	for k := range soakKinds {
		ops += stats.ops[k].Load()
	}
	growth := float64(peak-warm) / float64(warm)
	t.Logf("soak: %d operations (%d streamed, %d polled, %d aborted, %d stalled) in %v; RSS after warm-up %.1f MiB, peak after %.1f MiB (%+.1f%%); goroutines %d -> %d, fds %d -> %d; answers 2xx %d 4xx %d 5xx %d; client-side errors %d",
		ops, stats.ops[soakStreamed].Load(), stats.ops[soakPolled].Load(), stats.ops[soakAborted].Load(), stats.ops[soakStalled].Load(),
		time.Since(start).Round(time.Second), float64(warm)/(1<<20), float64(peak)/(1<<20), 100*growth,
		startG, g, startFD, fd, stats.status[2].Load(), stats.status[4].Load(), stats.status[5].Load(), stats.clientE.Load())
	if growth > soakMaxGrowth {
		t.Errorf("RSS grew %.1f%% after warm-up, want at most %.0f%%", 100*growth, 100*soakMaxGrowth)
	}
	if g > startG || fd > startFD {
		t.Errorf("after the soak: %d goroutines (started with %d), %d fds (started with %d)", g, startG, fd, startFD)
	}
	if n := stats.status[5].Load() + s.panics.Load(); n > 0 {
		t.Errorf("%d answers were 5xx or panicked", n)
	}
	if n := stats.clientE.Load(); n > 0 {
		t.Errorf("%d client operations failed; the last: %v", n, c.lastEr.Load())
	}
}
