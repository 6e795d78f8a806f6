package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/runsuite/runsuite/contract"
)

// historyThread is one thread of a server that keeps everything, driven
// through its handler without a network.
type historyThread struct {
	h      http.Handler
	thread string
	create string // the body of a streamed run create
}

func newHistoryThread(b *testing.B) *historyThread {
	b.Helper()
	s := NewUnstartedServer(WithRetention(0, 0), WithStreamShape(StreamShape{Deltas: 2}), WithIDSeed(1))
	ht := &historyThread{h: s.Handler()}
	var a assistant
	ht.json(b, "POST", "/assistants", `{"model":"gpt-4o","instructions":"hi"}`, &a)
	var th contract.Thread
	ht.json(b, "POST", "/threads", `{"messages":[{"role":"user","content":"hello"}]}`, &th)
	ht.thread, ht.create = th.ID, fmt.Sprintf(`{"assistant_id":%q,"stream":true}`, a.ID)
	return ht
}

// json answers one request and decodes its JSON answer into out.
func (ht *historyThread) json(b *testing.B, method, path, body string, out any) {
	req := httptest.NewRequest(method, "/v1"+path, strings.NewReader(body))
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	w := httptest.NewRecorder()
	ht.h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s %s: status %d: %s", method, path, w.Code, w.Body)
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			b.Fatal(err)
		}
	}
}

// stream streams one run to its end.
func (ht *historyThread) stream(b *testing.B) {
	req := httptest.NewRequest("POST", "/v1/threads/"+ht.thread+"/runs", strings.NewReader(ht.create))
	req.Header.Set(contract.BetaHeader, contract.BetaValue)
	w := &discardWriter{header: http.Header{}}
	ht.h.ServeHTTP(w, req)
	if w.status != http.StatusOK {
		b.Fatalf("create run: status %d", w.status)
	}
}

// run streams one run, then reads it and the first pages of the thread's
// runs and messages, as a client of a long-lived thread does.
func (ht *historyThread) run(b *testing.B) {
	ht.stream(b)
	var l contract.List[contract.Run]
	ht.json(b, "GET", "/threads/"+ht.thread+"/runs?limit=20", "", &l)
	ht.json(b, "GET", "/threads/"+ht.thread+"/runs/"+l.Data[0].ID, "", nil)
	ht.json(b, "GET", "/threads/"+ht.thread+"/messages?limit=20", "", nil)
	ht.json(b, "GET", "/threads/"+ht.thread+"/runs?limit=20&order=asc&after="+l.Data[len(l.Data)-1].ID, "", nil)
}

// BenchmarkRunHistory measures what one run costs on a thread that already
// holds history runs (create streamed, retrieve, list the first pages):
// the cost must not grow with the history. It reports the seconds per
// 5,000 runs, the unit of issue 8.7, in wall time and in the process's CPU
// time, which other load on the machine disturbs less.
func BenchmarkRunHistory(b *testing.B) {
	for _, history := range []int{5_000, 10_000, 20_000, 30_000} {
		b.Run(fmt.Sprintf("history=%d", history), func(b *testing.B) {
			ht := newHistoryThread(b)
			for range history {
				ht.stream(b)
			}
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				ht.run(b)
			}
			cpu = processCPU() - cpu
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*5000, "s/5000runs")
			b.ReportMetric(cpu.Seconds()/float64(b.N)*5000, "cpu-s/5000runs")
		})
	}
}
