package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/runsuite/runsuite/contract"
)

// apiError is an error answer: an HTTP status and the error object of the
// {"error": {...}} envelope (CONTRACT §9).
type apiError struct {
	status int
	obj    contract.ErrorObject
	allow  string // a 405's Allow header: the path's methods

	fault      string        // the injected fault this answer is, if any
	retryAfter time.Duration // its retry-after
}

// Error returns the error's message.
func (e *apiError) Error() string { return e.obj.Message }

// Error types of the envelope.
const (
	typeInvalidRequest = "invalid_request_error"
	typeServer         = "server_error"
)

func strPtr(s string) *string { return &s }

// newAPIError builds an error; empty param and code become null.
func newAPIError(status int, typ, param, code, format string, args ...any) *apiError {
	e := &apiError{status: status, obj: contract.ErrorObject{Type: typ, Message: fmt.Sprintf(format, args...)}}
	if param != "" {
		e.obj.Param = strPtr(param)
	}
	if code != "" {
		e.obj.Code = strPtr(code)
	}
	return e
}

// badRequest is a 400 invalid_request_error naming param (or none).
func badRequest(param, format string, args ...any) *apiError {
	return newAPIError(http.StatusBadRequest, typeInvalidRequest, param, "", format, args...)
}

// notFound is a 404 for an unknown id: "No run found with id 'x'.".
func notFound(what, id string) *apiError {
	return newAPIError(http.StatusNotFound, typeInvalidRequest, "", "", "No %s found with id '%s'.", what, id)
}

// The messages of errors the live API gave (CONTRACT §9).
const (
	msgMalformedJSON = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)"
	msgMissingBeta   = "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'."
	msgMissingAuth   = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys."
	msgInvalidThread = "Run creation requires a Thread with a user message or an assistant with instructions."
	msgServerError   = "The server had an error while processing your request. Sorry about that!"
)

func errMalformedJSON() *apiError { return badRequest("", msgMalformedJSON) }

func errMissingBeta() *apiError {
	return newAPIError(http.StatusBadRequest, typeInvalidRequest, "", "invalid_beta", msgMissingBeta)
}

func errMissingAuth() *apiError {
	return newAPIError(http.StatusUnauthorized, typeInvalidRequest, "", "", msgMissingAuth)
}

func errInvalidURL(method, path string) *apiError {
	return newAPIError(http.StatusNotFound, typeInvalidRequest, "", "", "Invalid URL (%s %s)", method, path)
}

func errMethodNotAllowed(method, path string, allow []string) *apiError {
	e := newAPIError(http.StatusMethodNotAllowed, typeInvalidRequest, "", "", "Invalid method for URL (%s %s)", method, path)
	e.allow = strings.Join(allow, ", ")
	return e
}

func errBodyTimeout(d time.Duration) *apiError {
	return newAPIError(http.StatusRequestTimeout, typeInvalidRequest, "", "",
		"Timed out reading the request body: it did not arrive within %v.", d)
}

func errBodyTooLarge(limit int64) *apiError {
	return newAPIError(http.StatusRequestEntityTooLarge, typeInvalidRequest, "", "",
		"Request body too large. The maximum request body size is %d bytes.", limit)
}

func errInternal() *apiError {
	return newAPIError(http.StatusInternalServerError, typeServer, "", "", msgServerError)
}
