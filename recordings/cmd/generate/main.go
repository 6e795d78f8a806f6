// Command generate records runsuite's cassettes (make recordings): every
// flow of package recordings, run by runsuite's client against the
// emulator behind the recording proxy, written into -out as NAME.yaml.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/runsuite/runsuite/recordings"
)

func main() {
	out := flag.String("out", "recordings", "folder to write the cassettes into")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	written, err := recordings.Generate(ctx, *out)
	for _, p := range written {
		fmt.Println(p)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}
