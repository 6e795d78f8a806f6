package loadgen

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// sampleMetrics returns deterministic metrics of two clients' runs, with
// errors, for the reporters.
func sampleMetrics() *Metrics {
	agg := NewAggregator()
	start := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	for i := range 40 {
		k := ClientRunsuite
		if i%4 == 3 {
			k = ClientOpenAIGo
		}
		r := &Result{Seq: int64(i), Timestamp: start.Add(time.Duration(i) * 100 * time.Millisecond), Scenario: ScenarioStream, Client: k, Code: 200,
			TimeToHeaders: time.Duration(1+i%7) * time.Millisecond, TimeToFirstEvent: time.Duration(2+i%9) * time.Millisecond,
			StreamDuration: time.Duration(20+i) * time.Millisecond, Events: 111, Bytes: 25_000, RunStatus: "completed",
			EventTypes: map[string]int64{"thread.message.delta": 100, "done": 1}}
		for j := range 110 {
			r.Gaps = append(r.Gaps, time.Duration(1+j%50)*time.Microsecond)
		}
		if i%10 == 9 {
			r.ErrorKind, r.Error, r.Events, r.EventTypes = "http_503", "503 Service Unavailable", 0, nil
			r.Gaps, r.RunStatus, r.TimeToFirstEvent = nil, "", 0
		}
		agg.Add(r)
	}
	m := agg.Metrics(4 * time.Second)
	m.Config = RunConfig{Target: "in-process emulator", Scenarios: []Scenario{ScenarioStream}, Client: ClientBoth, Workers: 4,
		Duration: 4 * time.Second, Timeout: time.Minute, Deltas: 100, ShardCount: 1, GoVersion: "go1.26.0", CPUs: 2, GeneratedBy: "runsuite loadgen"}
	m.Started, m.Ended = start, start.Add(4*time.Second)
	m.Shards = []ShardInfo{{Index: 0, Count: 1, Runs: m.Runs, Events: m.Events, Duration: m.Duration}}
	m.Cost = Cost{CPU: 400 * time.Millisecond, PeakRSS: 64 << 20, Dials: 5, GoroutinesStart: 3, GoroutinesEnd: 3, InProcessTarget: true}
	for i := range 4 {
		m.Series = append(m.Series, Point{Second: i, Runs: 10, Events: 999 + int64(100*i), Bytes: 250_000, Errors: int64(i % 2), InFlight: 4})
	}
	for k, c := range m.Clients {
		c.Duration = 2 * time.Second
		c.Cost = Cost{CPU: 100 * time.Millisecond, PeakRSS: 64 << 20}
		if k == ClientOpenAIGo {
			c.Cost.CPU = 300 * time.Millisecond
		}
	}
	m.Notes = []Note{{Figure: "events/s | decoded", Value: 350000, Unit: "events/s", Target: ">= 350000", Command: "conformance load --workers 1000"}}
	m.finish()
	return m
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", name, diff)
	}
}

func TestMarkdownReporterGolden(t *testing.T) {
	base := sampleMetrics()
	cur := sampleMetrics()
	cur.EventsPerSecond *= 0.8 // a 20% drop, over the 10% threshold
	c := Compare(base, cur, DefaultThreshold)
	var buf bytes.Buffer
	if err := NewMarkdownReporter(cur, &c)(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.md.golden", buf.Bytes())
}

func TestJSONReporterGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := NewJSONReporter(sampleMetrics())(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "metrics.json.golden", buf.Bytes())
	back, err := ReadMetrics(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Runs != 40 || back.Errors["http_503"] != 4 || back.Clients[ClientOpenAIGo].Runs != 10 {
		t.Errorf("got %d runs, errors %v, openai-go %+v", back.Runs, back.Errors, back.Clients[ClientOpenAIGo])
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	base := sampleMetrics()
	tests := []struct {
		name    string
		change  func(m *Metrics)
		figures []string
	}{
		{"same", func(*Metrics) {}, nil},
		{"faster is no regression", func(m *Metrics) { m.EventsPerSecond *= 2 }, nil},
		{"5% slower is within 10%", func(m *Metrics) { m.EventsPerSecond *= 0.95 }, nil},
		{"20% slower", func(m *Metrics) { m.EventsPerSecond *= 0.8 }, []string{"events per second"}},
		{"p99 first event doubled", func(m *Metrics) {
			var h Histogram
			h.Record(2 * base.Latency.TimeToFirstEvent.Quantile(99))
			m.Latency.TimeToFirstEvent = h
		}, []string{"p99 time to first event"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := sampleMetrics()
			tt.change(cur)
			c := Compare(base, cur, DefaultThreshold)
			var got []string
			for _, r := range c.Regressions {
				got = append(got, r.Figure)
			}
			if diff := cmp.Diff(tt.figures, got); diff != "" {
				t.Errorf("regressions (-want +got):\n%s", diff)
			}
			if len(c.Figures) != 2 {
				t.Errorf("got %d figures compared, want 2", len(c.Figures))
			}
		})
	}
}

// TestHTMLRendersInChromium opens the HTML report in headless Chromium and
// checks that every chart was laid out with all its marks drawn.
func TestHTMLRendersInChromium(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium on PATH: install Debian's chromium (apt-get install -y chromium), as .ci/run does, to check that the HTML report's charts render")
	}
	tests := []struct {
		name   string
		m      *Metrics
		charts int
	}{
		{"two clients with errors", sampleMetrics(), 4},
		{"empty attack", func() *Metrics { m := NewAggregator().Metrics(0); m.Version = MetricsVersion; return m }(), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			page := filepath.Join(dir, "load.html")
			if err := writeFileForTest(page, NewHTMLReporter(tt.m, nil)); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
				"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+page)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s --dump-dom: %v", browser, err)
			}
			dom := string(out)
			body := regexp.MustCompile(`<body data-charts="(\d+)/(\d+)"`).FindStringSubmatch(dom)
			if body == nil {
				t.Fatalf("the page's script did not run: no data-charts on <body>:\n%.2000s", dom)
			}
			figs := regexp.MustCompile(`<figure data-chart="([a-z]+)" data-rendered="([a-z]+)" data-marks="([0-9/]+)" data-box="([0-9x]+)"`).FindAllStringSubmatch(dom, -1)
			if len(figs) != tt.charts {
				t.Fatalf("got %d charts, want %d", len(figs), tt.charts)
			}
			for _, f := range figs {
				if f[2] != "yes" {
					t.Errorf("chart %s not rendered: marks %s, box %s", f[1], f[3], f[4])
				}
			}
			if body[1] != body[2] || strings.Contains(dom, `data-rendered="no"`) {
				t.Errorf("got %s of %s charts rendered", body[1], body[2])
			}
		})
	}
}

func writeFileForTest(path string, r Reporter) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := r(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
