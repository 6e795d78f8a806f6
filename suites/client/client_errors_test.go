package client

import (
	"errors"
	"net/http"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
)

// notFoundBody is the error envelope of a 404, with every field set.
var notFoundBody = apiErrorBody("invalid_request_error", "not_found", "run_id", "No run found with id 'run_1'.")

var _ = Describe("Client: API errors", Label("client", "errors"), func() {
	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		DescribeTable("turns a non-2xx answer into *runs.APIError, read from inside the envelope",
			func(id contract.OperationID) {
				op := mustOp(id)
				answer := httpmock.NewStringResponder(http.StatusNotFound, notFoundBody).
					HeaderSet(http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_123"}})
				h := newHarness(impl, 2, answer)
				got, err := callOp(bg, h, id, validIDs(op)...)
				if st, ok := got.(*runs.Stream); ok && st != nil {
					DeferCleanup(st.Close)
				}

				var apiErr *runs.APIError
				Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
				Expect(apiErr.StatusCode).To(Equal(http.StatusNotFound))
				Expect(apiErr.Type).To(Equal("invalid_request_error"))
				Expect(apiErr.Code).To(Equal("not_found"))
				Expect(apiErr.Param).To(Equal("run_id"))
				Expect(apiErr.Message).To(Equal("No run found with id 'run_1'."))
				Expect(apiErr.RequestID).To(Equal("req_123"))
				Expect(apiErr.Method).To(Equal(op.Method))
				Expect(apiErr.URL).To(Equal(testBaseURL + "/" + op.FillPath(validIDs(op)...)))
				Expect(apiErr.Body).To(MatchJSON(notFoundBody))
				Expect(h.api.calls()).To(Equal(1), "a 404 is not retried")
			},
			operationEntries(),
		)

		It("leaves code and param empty when the envelope has them null", func() {
			body := apiErrorBody("invalid_request_error", "", "", "Invalid value.")
			h := newHarness(impl, 0, jsonResponder(http.StatusBadRequest, body))
			_, err := h.runs.Retrieve(bg, "thread_1", "run_1")
			var apiErr *runs.APIError
			Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
			Expect(apiErr.StatusCode).To(Equal(http.StatusBadRequest))
			Expect(apiErr.Type).To(Equal("invalid_request_error"))
			Expect(apiErr.Message).To(Equal("Invalid value."))
			Expect(apiErr.Code).To(BeEmpty())
			Expect(apiErr.Param).To(BeEmpty())
		})

		It("keeps the status and the raw body of an answer that is not an envelope", func() {
			answer := httpmock.NewStringResponder(http.StatusBadGateway, "<html>bad gateway</html>").
				HeaderSet(http.Header{"Content-Type": {"text/html"}})
			h := newHarness(impl, 0, answer)
			_, err := h.runs.Retrieve(bg, "thread_1", "run_1")
			var apiErr *runs.APIError
			Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
			Expect(apiErr.StatusCode).To(Equal(http.StatusBadGateway))
			Expect(apiErr.Type).To(BeEmpty())
			Expect(string(apiErr.Body)).To(Equal("<html>bad gateway</html>"))
		})
	})
})
