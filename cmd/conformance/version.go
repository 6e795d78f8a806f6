package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Build information, set at link time:
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.commit=$(git rev-parse HEAD)" ./cmd/conformance
//
// When they are left at their defaults, versionLine falls back to the
// module version and VCS revision the Go toolchain embedded in the binary.
var (
	version = "dev"
	commit  = "unknown"
)

// newVersionCmd returns the version command, the twin of the root
// command's --version flag.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and Go runtime",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return printVersion(cmd.OutOrStdout())
		},
	}
}

// printVersion writes the version line to w.
func printVersion(w io.Writer) error {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	if _, err := fmt.Fprintln(w, versionLine(version, commit, info)); err != nil {
		return fmt.Errorf("write version: %w", err)
	}
	return nil
}

// versionLine formats "conformance <version> (commit <commit>, <go
// version>)". Values left at their defaults ("dev", "unknown") are taken
// from info, the build information of the binary, when it has them.
func versionLine(version, commit string, info *debug.BuildInfo) string {
	if info != nil {
		if v := info.Main.Version; version == "dev" && v != "" && v != "(devel)" {
			version = v
		}
		if commit == "unknown" {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" && s.Value != "" {
					commit = s.Value
				}
			}
		}
	}
	return fmt.Sprintf("conformance %s (commit %s, %s)", version, commit, runtime.Version())
}
