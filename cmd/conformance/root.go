package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// exitCode is the process exit status Main returns.
type exitCode int

// The exit statuses of conformance. They separate "the target failed" from
// "the harness could not run", so scripts can tell the two apart.
const (
	// exitOK means every check passed.
	exitOK exitCode = 0
	// exitFail means a conformance failure, e.g. a malformed stream.
	exitFail exitCode = 1
	// exitUsage means a usage, configuration or infrastructure error: bad
	// flags or arguments, an unreadable file, a failed write.
	exitUsage exitCode = 2
	// exitInterrupted means the command was stopped by SIGINT or SIGTERM
	// (128 + SIGINT, as shells report it).
	exitInterrupted exitCode = 130
)

// failError marks a conformance failure: the harness ran, and the target or
// its output did not conform. Main maps it to exitFail.
type failError struct {
	err error
}

func (e *failError) Error() string { return e.err.Error() }

func (e *failError) Unwrap() error { return e.err }

// usageError marks a command line the command cannot run: an unknown
// command or flag, a bad flag value or the wrong number of arguments. Main
// maps it to exitUsage and points at the command's help.
type usageError struct {
	cmd *cobra.Command // the command whose help to point at
	err error
}

func (e *usageError) Error() string { return e.err.Error() }

func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a *usageError for cmd with a formatted message.
func usageErrorf(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{cmd: cmd, err: fmt.Errorf(format, args...)}
}

// Main runs the conformance command line args (without the program name)
// with the given standard streams and returns the exit status. It never
// calls os.Exit, so tests run it in-process. Errors are printed once to
// stderr as "conformance: <message>".
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) exitCode {
	root := newRootCmd()
	if args == nil {
		args = []string{} // cobra reads os.Args when args is nil
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "conformance: %v\n", err)
	var usage *usageError
	if errors.As(err, &usage) && usage.cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", usage.cmd.CommandPath())
	}
	return exitCodeOf(err)
}

// exitCodeOf sorts a command's error into an exit status. Anything that is
// neither an interruption nor a conformance failure means the harness could
// not do its job, so it is exitUsage, never exitOK.
func exitCodeOf(err error) exitCode {
	var fail *failError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &fail):
		return exitFail
	default:
		return exitUsage
	}
}

// newRootCmd builds the conformance command tree.
func newRootCmd() *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:   "conformance",
		Short: "Check implementations of the OpenAI Assistants Runs API",
		Long: `conformance is the runsuite harness: it checks implementations of the
OpenAI Assistants Runs API and their event streams.

Exit status: 0 passed, 1 conformance failure, 2 usage or infrastructure
error, 130 interrupted.`,
		Args: rootArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if showVersion {
				return printVersion(cmd.OutOrStdout())
			}
			return cmd.Help()
		},
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.Flags().BoolVar(&showVersion, "version", false, "print the version and exit")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &usageError{cmd: cmd, err: err}
	})
	root.AddCommand(newDecodeCmd(), newVersionCmd())
	root.AddCommand(newServeCmd())
	root.AddCommand(newMockCmd())
	root.AddCommand(newLoadCmd())
	root.AddCommand(newReportCmd())
	root.AddCommand(newVerifyCmd())
	root.AddCommand(newRulesCmd())
	root.AddCommand(newRecordCmd())
	root.AddCommand(newImportCmd())
	return root
}

// rootArgs rejects positional arguments to the root command: the only one
// it could get is a mistyped command name.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
	}
	return &usageError{cmd: cmd, err: errors.New(msg)}
}

// exactArgs is cobra.ExactArgs returning a *usageError naming what the
// arguments are.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			plural := "s"
			if len(args) == 1 {
				plural = ""
			}
			return usageErrorf(cmd, "%s takes %s, got %d argument%s", cmd.Name(), what, len(args), plural)
		}
		return nil
	}
}
