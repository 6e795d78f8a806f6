package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/runsuite/runsuite/loadgen"
)

// progressPrinter shows a load attack's progress: a bar redrawn in place on
// a terminal, a plain line every linesEvery otherwise.
type progressPrinter struct {
	mu       sync.Mutex
	w        io.Writer
	bar      bool
	off      bool
	lastLine time.Duration
	drawn    bool
}

// linesEvery is how often plain progress lines are printed.
const linesEvery = 5 * time.Second

// newProgressPrinter returns a printer for mode auto, bar, lines or none;
// auto draws a bar when w is a terminal.
func newProgressPrinter(w io.Writer, mode string) *progressPrinter {
	p := &progressPrinter{w: w}
	switch mode {
	case "none":
		p.off = true
	case "bar":
		p.bar = true
	case "auto":
		p.bar = isTerminal(w)
	}
	return p
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update shows p; it is called about once a second.
func (p *progressPrinter) update(pr loadgen.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	stats := fmt.Sprintf("%s runs, %s events (%s/s), %d in flight, %d errors",
		count(pr.Runs), count(pr.Events), count(int64(pr.EventsPerSecond)), pr.InFlight, pr.Errors)
	if pr.Client != "" && pr.Client != loadgen.ClientRunsuite {
		stats += ", client " + string(pr.Client)
	}
	if !p.bar {
		if p.drawn && pr.Elapsed-p.lastLine < linesEvery {
			return
		}
		p.lastLine, p.drawn = pr.Elapsed, true
		fmt.Fprintf(p.w, "load: %s elapsed: %s\n", pr.Elapsed.Round(time.Second), stats)
		return
	}
	frac := 0.0
	switch {
	case pr.Planned > 0:
		frac = float64(pr.Elapsed) / float64(pr.Planned)
	case pr.MaxRuns > 0:
		frac = float64(pr.Runs) / float64(pr.MaxRuns)
	}
	frac = min(max(frac, 0), 1)
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %3.0f%% %s", strings.Repeat("#", n), strings.Repeat(".", width-n), 100*frac, stats)
	p.drawn = true
}

// finish ends the bar's line.
func (p *progressPrinter) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar && p.drawn {
		fmt.Fprintln(p.w)
	}
}

// count writes n with thousands separators.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
