package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

// loadProfiles writes the CPU and heap profiles of a load run when their
// files are named, so that a user can see where the generator's time and
// memory go.
type loadProfiles struct {
	cpuFile string
	memFile string
	cpu     *os.File
	heap    *time.Timer
	once    sync.Once
	heapErr error
	// note receives a line of memory figures when the heap profile is
	// taken; nil for none.
	note io.Writer
}

// start begins the CPU profile, and schedules the heap profile halfway
// through the attack's duration, while its streams are in flight (at the
// end of the attack when it has no duration or ends before).
func (p *loadProfiles) start(duration time.Duration) error {
	if p.memFile != "" && duration > 0 {
		p.heap = time.AfterFunc(duration/2, func() { p.once.Do(func() { p.heapErr = p.writeHeapNow() }) })
	}
	if p.cpuFile == "" {
		return nil
	}
	f, err := os.Create(p.cpuFile)
	if err != nil {
		return fmt.Errorf("create --cpuprofile file: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("start the CPU profile: %w", err)
	}
	p.cpu = f
	return nil
}

// stopCPU ends the CPU profile, if one runs.
func (p *loadProfiles) stopCPU() error {
	if p.cpu == nil {
		return nil
	}
	pprof.StopCPUProfile()
	err := p.cpu.Close()
	p.cpu = nil
	if err != nil {
		return fmt.Errorf("write --cpuprofile file: %w", err)
	}
	return nil
}

// writeHeap writes the heap profile now unless it was written already,
// and returns what writing it reported.
func (p *loadProfiles) writeHeap() error {
	if p.memFile == "" {
		return nil
	}
	if p.heap != nil {
		p.heap.Stop()
	}
	p.once.Do(func() { p.heapErr = p.writeHeapNow() })
	return p.heapErr
}

// writeHeapNow writes the heap profile: what was allocated so far
// (alloc_space) and what is live (inuse_space).
func (p *loadProfiles) writeHeapNow() error {
	f, err := os.Create(p.memFile)
	if err != nil {
		return fmt.Errorf("create --memprofile file: %w", err)
	}
	runtime.GC() // up-to-date in-use figures
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if p.note != nil {
		fmt.Fprintf(p.note, "memprofile: heap in use %d MiB, goroutine stacks %d MiB, from the OS %d MiB, %d goroutines\n",
			ms.HeapInuse>>20, ms.StackInuse>>20, ms.Sys>>20, runtime.NumGoroutine())
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("write --memprofile file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write --memprofile file: %w", err)
	}
	return nil
}
