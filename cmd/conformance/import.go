package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/runsuite/runsuite/cassette"
)

// importOptions holds the import command's flags.
type importOptions struct {
	from string
	out  string
}

// newImportCmd returns the import command.
func newImportCmd() *cobra.Command {
	var opts importOptions
	cmd := &cobra.Command{
		Use:   "import --from vcrpy|rubyvcr|dotnet --out DIR FILE...",
		Short: "Convert VCR.py, Ruby VCR or .NET test-proxy recordings into go-vcr cassettes",
		Long: `import converts recordings of the Assistants API made by other ecosystems
into go-vcr v4 cassettes, one DIR/NAME.yaml per FILE, scrubbing secrets as
record does:

  vcrpy    VCR.py YAML (interactions[]), including !!binary gzip bodies
  rubyvcr  Ruby VCR YAML (http_interactions[]), including !binary bodies
  dotnet   .NET test-proxy session JSON (Entries[]), SSE bodies as lines
  auto     tell each file's format from its content

Old traffic is kept as it was (OpenAI-Beta: assistants=v1, chunked
streams); gzip bodies are stored decoded. A file that is not a recording
of this API is refused with a message naming the file and the interaction.

Exit status: 0 when every file was converted, 2 when one could not be read
or converted (the others are still written).`,
		Example: `  conformance import --from vcrpy --out recordings/imported cassettes/*.yaml
  conformance import --from dotnet --out /tmp/cassettes SessionRecords/*.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd, args, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.from, "from", "", "format of the files: vcrpy, rubyvcr, dotnet or auto (required)")
	f.StringVar(&opts.out, "out", "", "folder to write the cassettes into (required)")
	return cmd
}

// runImport converts every file, reporting each, and fails when any did.
func runImport(cmd *cobra.Command, files []string, opts importOptions) error {
	if opts.from == "" || opts.out == "" || len(files) == 0 {
		return usageErrorf(cmd, "import needs --from, --out and at least one FILE")
	}
	auto := opts.from == "auto"
	var format cassette.Format
	if !auto {
		f, err := cassette.ParseFormat(opts.from)
		if err != nil || f == cassette.FormatGoVCR {
			return usageErrorf(cmd, "--from must be vcrpy, rubyvcr, dotnet or auto, got %q", opts.from)
		}
		format = f
	}
	out := cmd.OutOrStdout()
	var failed []error
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			failed = append(failed, fmt.Errorf("import: %w", err))
			continue
		}
		ff := format
		if auto {
			if ff, err = cassette.DetectFormat(data); err != nil {
				failed = append(failed, fmt.Errorf("import %s: %w", file, err))
				continue
			}
		}
		c, err := cassette.Import(ff, file, data)
		if err != nil {
			failed = append(failed, fmt.Errorf("import %w", err))
			continue
		}
		base := filepath.Base(file)
		dst := filepath.Join(opts.out, strings.TrimSuffix(base, filepath.Ext(base))+".yaml")
		if err := cassette.Write(c, dst); err != nil {
			failed = append(failed, err)
			continue
		}
		fmt.Fprintf(out, "%s -> %s (%s, %d interactions)\n", file, dst, ff, len(c.Interactions))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d files not imported: %w", len(failed), len(files), errors.Join(failed...))
	}
	return nil
}
