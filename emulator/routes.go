package emulator

import (
	"net/url"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// runsHandlers answer the ten Runs operations; stream and non-stream
// variants share a handler, which reads the body's stream flag.
var runsHandlers = map[contract.OperationID]handlerFunc{
	contract.OpCreate:                     (*Server).createRun,
	contract.OpCreateStreamRaw:            (*Server).createRun,
	contract.OpRetrieve:                   (*Server).retrieveRun,
	contract.OpUpdate:                     (*Server).updateRun,
	contract.OpList:                       (*Server).listRuns,
	contract.OpCancel:                     (*Server).cancelRun,
	contract.OpSubmitToolOutputs:          (*Server).submitToolOutputs,
	contract.OpSubmitToolOutputsStreamRaw: (*Server).submitToolOutputs,
	contract.OpStepsRetrieve:              (*Server).retrieveStep,
	contract.OpStepsList:                  (*Server).listSteps,
}

// setupRoute is a route of the rest of the Assistants v2 surface a Runs
// user touches (assistants, threads, messages, create-thread-and-run);
// "{}" marks a path argument.
type setupRoute struct {
	method, pattern string
	h               handlerFunc
}

// setupRoutes are tried in order, so literal segments come before
// arguments in the same place.
var setupRoutes = []setupRoute{
	{"POST", "assistants", (*Server).createAssistant},
	{"GET", "assistants", (*Server).listAssistants},
	{"GET", "assistants/{}", (*Server).retrieveAssistant},
	{"POST", "assistants/{}", (*Server).updateAssistant},
	{"DELETE", "assistants/{}", (*Server).deleteAssistant},
	{"POST", "threads", (*Server).createThread},
	{"POST", "threads/runs", (*Server).createThreadAndRun},
	{"GET", "threads/{}", (*Server).retrieveThread},
	{"POST", "threads/{}", (*Server).updateThread},
	{"DELETE", "threads/{}", (*Server).deleteThread},
	{"POST", "threads/{}/messages", (*Server).createMessage},
	{"GET", "threads/{}/messages", (*Server).listMessages},
	{"GET", "threads/{}/messages/{}", (*Server).retrieveMessage},
	{"POST", "threads/{}/messages/{}", (*Server).updateMessage},
	{"DELETE", "threads/{}/messages/{}", (*Server).deleteMessage},
}

// route finds the handler of a request path relative to /v1/ and its
// decoded path arguments. A path that is known under another method is a
// 405; any other is a 404.
func route(method, rel, fullPath string) (handlerFunc, []string, *apiError) {
	if h, args, ok := match(method, rel); ok {
		return h, args, nil
	}
	var allow []string
	for _, m := range []string{"GET", "POST", "DELETE"} {
		if m == method {
			continue
		}
		if _, _, ok := match(m, rel); ok {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		return nil, nil, errMethodNotAllowed(method, fullPath, allow)
	}
	return nil, nil, errInvalidURL(method, fullPath)
}

func match(method, rel string) (handlerFunc, []string, bool) {
	if ops, args := contract.MatchPath(method, rel); len(ops) > 0 {
		return runsHandlers[ops[0].ID], args, true
	}
	segs := strings.Split(strings.Trim(rel, "/"), "/")
	for _, rt := range setupRoutes {
		if rt.method != method {
			continue
		}
		if args, ok := matchSegments(rt.pattern, segs); ok {
			return rt.h, args, true
		}
	}
	return nil, nil, false
}

func matchSegments(pattern string, segs []string) ([]string, bool) {
	psegs := strings.Split(pattern, "/")
	if len(psegs) != len(segs) {
		return nil, false
	}
	var args []string
	for i, p := range psegs {
		if p != "{}" {
			if p != segs[i] {
				return nil, false
			}
			continue
		}
		a, err := url.PathUnescape(segs[i])
		if err != nil || a == "" {
			return nil, false
		}
		args = append(args, a)
	}
	return args, true
}
