package conformance

import (
	"fmt"
	"mime"

	"github.com/runsuite/runsuite/contract"
)

// refused records what is wrong with x as the refusal the contract wants:
// status want with the §9 error envelope, and when param is not "" that
// envelope's param. It reports whether x was such a refusal.
func refused(t *T, x exchange, want int, param string) bool {
	if x.Status != want {
		t.Fail(Finding{Message: "wrong status for a refused request: " + errorMessage(x), Evidence: evidenceWant(x.evidence(), fmt.Sprint(want), fmt.Sprint(x.Status))})
		return false
	}
	if !shape(t, contract.KindError, x) {
		return false
	}
	if param == "" {
		return true
	}
	e, _ := contract.ErrorEnvelope(x.Body)
	got := "null"
	if e != nil && e.Param != nil {
		got = fmt.Sprintf("%q", *e.Param)
	}
	if got != fmt.Sprintf("%q", param) {
		t.Fail(Finding{Message: "the error does not name the bad parameter", Evidence: evidenceAt(x.evidence(), "/error/param", fmt.Sprintf("%q", param), got)})
		return false
	}
	return true
}

// jsonContentType records a finding when x does not say its body is JSON.
func jsonContentType(t *T, x exchange) bool {
	ct := x.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		t.Fail(Finding{Message: "the answer is not labelled JSON", Evidence: evidenceWant(x.evidence(), "Content-Type: application/json", fmt.Sprintf("%q", ct))})
		return false
	}
	return true
}
