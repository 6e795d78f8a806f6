package emulator

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"testing"
	"time"
)

// keptAliveRequest sends a streamed thread-and-run over c, reads the
// answer to its end, and reports whether the connection was a reused one.
func keptAliveRequest(c *apiClient, hc *http.Client, assistantID string) (reused bool, err error) {
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused },
	})
	body := fmt.Sprintf(`{"assistant_id":%q,"stream":true,"thread":{"messages":[{"role":"user","content":"hi"}]}}`, assistantID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.s.BaseURL()+"/threads/runs", strings.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header = c.header.Clone()
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return reused, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return reused, fmt.Errorf("read the answer: %w", err)
	}
	if res.StatusCode != http.StatusOK || !strings.Contains(string(data), "event: done") {
		return reused, fmt.Errorf("got status %d without done: %.200s", res.StatusCode, data)
	}
	return reused, nil
}

// A kept-alive connection that waits longer than the write and header
// deadlines (but less than the idle timeout) between two answers must take
// the next request: the deadlines of one answer must not outlive it.
func TestKeptAliveConnectionOutlivesAnswerDeadlines(t *testing.T) {
	tests := []struct {
		name     string
		timeouts Timeouts
	}{
		{"write deadline", Timeouts{Write: 150 * time.Millisecond, ReadHeader: 5 * time.Second, Idle: 5 * time.Second}},
		{"header deadline", Timeouts{Write: 5 * time.Second, ReadHeader: 150 * time.Millisecond, Idle: 5 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, WithTimeouts(tt.timeouts))
			c := newClient(t, s)
			asst := c.mustAssistant()
			tr := &http.Transport{MaxIdleConnsPerHost: 1, IdleConnTimeout: time.Minute}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
			if _, err := keptAliveRequest(c, hc, asst.ID); err != nil {
				t.Fatalf("first request: %v", err)
			}
			for i := range 3 {
				time.Sleep(400 * time.Millisecond) // past both short deadlines
				reused, err := keptAliveRequest(c, hc, asst.ID)
				if err != nil {
					t.Fatalf("request %d after an idle wait: got %v, want an answer", i+2, err)
				}
				if !reused {
					t.Errorf("request %d: got a new connection, want the kept-alive one", i+2)
				}
			}
		})
	}
}
