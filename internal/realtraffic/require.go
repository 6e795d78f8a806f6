package realtraffic

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

// EnvRequire names the environment variable that, set to a true value
// ("1", "true"), makes a missing recorded traffic folder a test failure
// instead of a reason to skip. CI sets it, so that a green run means the
// tests over real traffic ran.
const EnvRequire = "RUNSUITE_REQUIRE_REAL_TRAFFIC"

// hint tells a reader of a skip or failure message what to set.
const hint = "expected at ../shared/real-traffic next to the module, or set " + EnvDir +
	" to its folder; " + EnvRequire + "=1 turns this skip into a failure"

// RequiredError reports a recorded traffic folder that cannot be used while
// EnvRequire asks for it. It does not wrap fs.ErrNotExist, so a test that
// skips on fs.ErrNotExist fails on it.
type RequiredError struct {
	Err error // why the folder cannot be used
}

// Error names the variable that made the folder required and the cause.
func (e *RequiredError) Error() string {
	return fmt.Sprintf("%s is set but the recorded traffic cannot be used: %s", EnvRequire, e.Err.Error())
}

// Required reports whether EnvRequire asks for the recorded traffic. An
// unset or empty variable is false; a value strconv.ParseBool does not
// accept is an error.
func Required() (bool, error) {
	v := os.Getenv(EnvRequire)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: want 1, true, 0 or false", EnvRequire, v)
	}
	return b, nil
}

// requireFound turns an error of a folder that cannot be found into one
// that names the variables and, when EnvRequire is set, into a
// *RequiredError that no longer matches fs.ErrNotExist.
func requireFound(err error) error {
	required, rerr := Required()
	if rerr != nil {
		// An unreadable setting is never a skip: the cause is not wrapped.
		return fmt.Errorf("%w; %s", rerr, err.Error())
	}
	if required {
		return &RequiredError{Err: err}
	}
	return fmt.Errorf("%w (%s)", err, hint)
}

// TB is the part of testing.TB, and of Ginkgo's GinkgoT(), that DirFor
// uses.
type TB interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// DirFor returns the recorded traffic folder for a test. When the folder is
// missing it skips tb with a message naming EnvDir and EnvRequire, or fails
// tb when EnvRequire is set; any other error fails tb.
func DirFor(tb TB) string {
	tb.Helper()
	dir, err := Dir()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		tb.Skipf("recorded traffic not found: %v", err)
	case err != nil:
		tb.Fatalf("recorded traffic: %v", err)
	}
	return dir
}
