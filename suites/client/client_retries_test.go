package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

// errConnReset is the transport failure of the connection-error cases.
var errConnReset = errors.New("connection reset by peer")

// retryCase is an answer sequence for Retrieve and what the client must
// make of it (CONTRACT §6).
type retryCase struct {
	answer     httpmock.Responder
	maxRetries int
	calls      int // requests sent
	status     int // the *runs.APIError status; 0 for success
}

// ok200 answers a Run.
func ok200() httpmock.Responder { return jsonResponder(http.StatusOK, runJSON()) }

// failingBody is an event-stream body that yields data, then fails.
type failingBody struct {
	data []byte
	err  error
}

func (b *failingBody) Read(p []byte) (int, error) {
	if len(b.data) == 0 {
		return 0, b.err
	}
	n := copy(p, b.data)
	b.data = b.data[n:]
	return n, nil
}

func (b *failingBody) Close() error { return nil }

var _ = Describe("Client: retries", Label("client", "retries"), func() {
	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		DescribeTable("retries what the contract retries, and only that",
			func(rc retryCase) {
				h := newHarness(impl, rc.maxRetries, rc.answer)
				run, err := h.runs.Retrieve(bg, "thread_1", "run_1")

				reqs := h.api.received()
				Expect(reqs).To(HaveLen(rc.calls), "requests sent")
				for i, req := range reqs {
					Expect(req.Header.Values("X-Stainless-Retry-Count")).To(Equal([]string{strconv.Itoa(i)}), "attempt #%d", i)
					Expect(req.URL.EscapedPath()).To(Equal(basePath + "threads/thread_1/runs/run_1"))
				}
				if rc.status == 0 {
					Expect(err).NotTo(HaveOccurred())
					Expect(run.ID).To(Equal("run_abc123"))
					return
				}
				var apiErr *runs.APIError
				Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
				Expect(apiErr.StatusCode).To(Equal(rc.status))
			},
			Entry("429 then 200: retried once", retryCase{
				answer: errorResponder(429).Then(ok200()), maxRetries: 2, calls: 2,
			}),
			Entry("408 then 200: retried", retryCase{
				answer: errorResponder(408).Then(ok200()), maxRetries: 2, calls: 2,
			}),
			Entry("409 then 200: retried", retryCase{
				answer: errorResponder(409).Then(ok200()), maxRetries: 2, calls: 2,
			}),
			Entry("503, 503, 200 with maxRetries 2: success", retryCase{
				answer: errorResponder(503).Then(errorResponder(503)).Then(ok200()), maxRetries: 2, calls: 3,
			}),
			Entry("503 three times with maxRetries 2: the last 503", retryCase{
				answer: errorResponder(503), maxRetries: 2, calls: 3, status: 503,
			}),
			Entry("500 with maxRetries 0: not retried", retryCase{
				answer: errorResponder(500).Then(ok200()), maxRetries: 0, calls: 1, status: 500,
			}),
			Entry("400: not retried", retryCase{
				answer: errorResponder(400).Then(ok200()), maxRetries: 2, calls: 1, status: 400,
			}),
			Entry("404: not retried", retryCase{
				answer: errorResponder(404).Then(ok200()), maxRetries: 2, calls: 1, status: 404,
			}),
			Entry("400 with x-should-retry: true: retried", retryCase{
				answer: errorResponder(400, "x-should-retry", "true").Then(ok200()), maxRetries: 2, calls: 2,
			}),
			Entry("503 with x-should-retry: false: not retried", retryCase{
				answer: errorResponder(503, "x-should-retry", "false").Then(ok200()), maxRetries: 2, calls: 1, status: 503,
			}),
			Entry("429 with retry-after-ms: 1: retried", retryCase{
				answer: errorResponder(429, "retry-after-ms", "1").Then(ok200()), maxRetries: 2, calls: 2,
			}),
			Entry("429 with retry-after: 0: retried", retryCase{
				answer: errorResponder(429, "retry-after", "0").Then(ok200()), maxRetries: 2, calls: 2,
			}),
			Entry("a connection error then 200: retried", retryCase{
				answer: httpmock.NewErrorResponder(errConnReset).Then(ok200()), maxRetries: 2, calls: 2,
			}),
		)

		It("retries a connection error until the budget is spent, then returns it", func() {
			h := newHarness(impl, 1, httpmock.NewErrorResponder(errConnReset))
			_, err := h.runs.Retrieve(bg, "thread_1", "run_1")
			Expect(err).To(MatchError(errConnReset))
			Expect(h.api.calls()).To(Equal(2))
		})

		It("caps a retry-after above the maximum delay and retries", func() {
			h := newHarness(impl, 2, errorResponder(429, "retry-after-ms", "60000").Then(ok200()))
			start := time.Now()
			_, err := h.runs.Retrieve(bg, "thread_1", "run_1")
			clientimpls.ExpectOrDeviation(impl, clientimpls.DevRetryAfterOverCap, func() {
				Expect(err).NotTo(HaveOccurred())
				Expect(h.api.calls()).To(Equal(2))
				Expect(time.Since(start)).To(BeNumerically("<", 5*time.Second), "the delay was capped")
			}, func() {
				var apiErr *runs.APIError
				Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
				Expect(apiErr.StatusCode).To(Equal(429))
				Expect(h.api.calls()).To(Equal(1), "not retried")
			})
		})

		It("sends the same body again when it retries a POST", func() {
			h := newHarness(impl, 2, errorResponder(503).Then(ok200()))
			_, err := h.runs.Create(bg, "thread_1", contract.RunCreateParams{AssistantID: "asst_1", Instructions: contract.Set("Be brief.")})
			Expect(err).NotTo(HaveOccurred())
			reqs := h.api.received()
			Expect(reqs).To(HaveLen(2))
			Expect(reqs[0].Body).To(MatchJSON(`{"assistant_id":"asst_1","instructions":"Be brief."}`))
			Expect(reqs[1].Body).To(Equal(reqs[0].Body))
			Expect(reqs[1].Header.Values("X-Stainless-Retry-Count")).To(Equal([]string{"1"}))
		})

		DescribeTable("retries a stream whose first attempt fails",
			func(open streamCall) {
				fx := runFixture("text_reply")
				h := newHarness(impl, 2, errorResponder(503).Then(sseResponder(fx.Data)))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				DeferCleanup(st.Close)
				expectFixtureEvents(eventstreams.Drain(st), streamedEvents(fx))
				Expect(st.Err()).NotTo(HaveOccurred())

				reqs := h.api.received()
				Expect(reqs).To(HaveLen(2))
				Expect(reqs[1].Body).To(Equal(reqs[0].Body))
				Expect(reqs[1].Header.Values("X-Stainless-Retry-Count")).To(Equal([]string{"1"}))
			},
			streamEntries(""),
		)

		DescribeTable("does not send a stream request again once its answer arrived, even before any event",
			func(open streamCall) {
				body := &failingBody{err: io.ErrUnexpectedEOF}
				h := newHarness(impl, 2, recordingSSEResponder(body))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				DeferCleanup(st.Close)

				Expect(eventstreams.Drain(st)).To(BeEmpty())
				Expect(st.Err()).To(MatchError(io.ErrUnexpectedEOF))
				Expect(h.api.calls()).To(Equal(1), "not re-sent: the run may exist")
			},
			streamEntries(""),
		)

		DescribeTable("does not retry a stream whose body fails after its first event",
			func(open streamCall) {
				first := eventstreams.EventFixture(contract.EventThreadRunCreated).Data
				body := &failingBody{data: first, err: io.ErrUnexpectedEOF}
				h := newHarness(impl, 2, recordingSSEResponder(body))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				DeferCleanup(st.Close)

				Expect(eventstreams.Names(eventstreams.Drain(st))).To(Equal([]string{string(contract.EventThreadRunCreated)}))
				Expect(st.Err()).To(MatchError(io.ErrUnexpectedEOF))
				Expect(h.api.calls()).To(Equal(1), "not retried: the run moved on")
			},
			streamEntries(""),
		)
	})
})

var _ = Describe("runsuite client: retry delays", Label("client", "retries"), func() {
	It("waits retry-after-ms rather than its own backoff", func() {
		api := newMockAPI(errorResponder(429, "retry-after-ms", "1").Then(ok200()))
		c := runs.NewClient(runs.WithBaseURL(testBaseURL), runs.WithAPIKey("test"), runs.WithHTTPClient(api.httpClient()),
			runs.WithRetryDelay(10*time.Second, 20*time.Second))
		start := time.Now()
		_, err := c.Retrieve(bg, "thread_1", "run_1")
		Expect(err).NotTo(HaveOccurred())
		Expect(time.Since(start)).To(BeNumerically("<", 5*time.Second), "a 10 s backoff was used instead of retry-after-ms: 1")
		Expect(api.calls()).To(Equal(2))
	})

	It("stops waiting when the context ends", func() {
		ctx, cancel := context.WithCancel(bg)
		DeferCleanup(cancel)
		answer := errorResponder(503)
		api := newMockAPI(func(req *http.Request) (*http.Response, error) {
			time.AfterFunc(20*time.Millisecond, cancel) // while the client waits its 10 s backoff
			return answer(req)
		})
		c := runs.NewClient(runs.WithBaseURL(testBaseURL), runs.WithAPIKey("test"), runs.WithHTTPClient(api.httpClient()),
			runs.WithRetryDelay(10*time.Second, 20*time.Second))
		start := time.Now()
		_, err := c.Retrieve(ctx, "thread_1", "run_1")
		Expect(err).To(MatchError(context.Canceled))
		Expect(time.Since(start)).To(BeNumerically("<", 5*time.Second))
		Expect(api.calls()).To(Equal(1))
	})
})
