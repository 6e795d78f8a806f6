package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

// streamCall opens one of the two stream operations.
type streamCall func(ctx context.Context, h *harness) (*runs.Stream, error)

func createStream(ctx context.Context, h *harness) (*runs.Stream, error) {
	return h.runs.CreateStreamRaw(ctx, "thread_1", contract.RunCreateParams{AssistantID: "asst_1"})
}

func submitStream(ctx context.Context, h *harness) (*runs.Stream, error) {
	return h.runs.SubmitToolOutputsStreamRaw(ctx, "thread_1", "run_1", toolOutputs())
}

// streamEntries are the two stream operations, described with suffix and
// given args after the call.
func streamEntries(suffix string, args ...any) []TableEntry {
	return []TableEntry{
		Entry("CreateStreamRaw"+suffix, append([]any{streamCall(createStream)}, args...)...),
		Entry("SubmitToolOutputsStreamRaw"+suffix, append([]any{streamCall(submitStream)}, args...)...),
	}
}

// bytesReader reads b.
func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// closeRecorder is a response body that records whether it was closed.
type closeRecorder struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeRecorder) Close() error {
	c.closed.Store(true)
	return nil
}

// blockingBody is a response body whose Read blocks until Close, as a
// stream whose server has gone quiet.
type blockingBody struct {
	readingOnce sync.Once
	reading     chan struct{} // closed once a Read is waiting
	done        chan struct{} // closed by Close
	closeOnce   sync.Once
	closed      atomic.Bool
}

func newBlockingBody() *blockingBody {
	return &blockingBody{reading: make(chan struct{}), done: make(chan struct{})}
}

func (b *blockingBody) Read([]byte) (int, error) {
	b.readingOnce.Do(func() { close(b.reading) })
	<-b.done
	return 0, errors.New("read on closed body")
}

func (b *blockingBody) Close() error {
	b.closeOnce.Do(func() {
		b.closed.Store(true)
		close(b.done)
	})
	return nil
}

// recordingSSEResponder answers 200 with an event stream whose body is
// body; each call gets the same body, so use it for one request.
func recordingSSEResponder(body io.ReadCloser) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		return &http.Response{
			Status:        "200 OK",
			StatusCode:    http.StatusOK,
			Header:        sseHeader.Clone(),
			Body:          body,
			ContentLength: -1,
			Request:       req,
		}, nil
	}
}

// errorDataStream is a stream whose second event carries {"error":…} data,
// as gateways send it.
const errorDataStream = "event: thread.run.created\n" +
	`data: {"id":"run_1","object":"thread.run","created_at":1,"assistant_id":"asst_1","thread_id":"thread_1","status":"queued","started_at":null,"expires_at":null,"cancelled_at":null,"failed_at":null,"completed_at":null,"required_action":null,"last_error":null,"model":"gpt-4o","instructions":"","tools":[],"metadata":{},"max_completion_tokens":null,"max_prompt_tokens":null,"truncation_strategy":null,"incomplete_details":null,"usage":null,"response_format":"auto","tool_choice":"auto","parallel_tool_calls":true}` + "\n\n" +
	"event: thread.run.in_progress\n" +
	`data: {"error":{"message":"The server had an error.","type":"server_error","param":null,"code":"upstream_failed"}}` + "\n\n" +
	"event: done\ndata: [DONE]\n\n"

var _ = Describe("Client: streams", Label("client", "streaming"), func() {
	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		DescribeTable("yields the text_reply fixture's events and ends cleanly at done",
			func(open streamCall) {
				fx := runFixture("text_reply")
				h := newHarness(impl, 0, sseResponder(fx.Data))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				DeferCleanup(st.Close)

				expectFixtureEvents(eventstreams.Drain(st), streamedEvents(fx))
				Expect(st.Err()).NotTo(HaveOccurred())
				Expect(st.Next()).To(BeFalse(), "Next after the end")
				Expect(h.api.calls()).To(Equal(1))
			},
			streamEntries(""),
		)

		DescribeTable("ends with *runs.StreamError when the server reports an error in the stream",
			func(open streamCall, stream []byte, before []string, code, message string) {
				h := newHarness(impl, 0, sseResponder(stream))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				DeferCleanup(st.Close)

				Expect(eventstreams.Names(eventstreams.Drain(st))).To(Equal(before))
				var se *runs.StreamError
				Expect(errors.As(st.Err(), &se)).To(BeTrue(), "got %v", st.Err())
				Expect(se.Object.Type).To(Equal("server_error"))
				Expect(se.Object.Code).To(HaveValue(Equal(code)))
				Expect(se.Object.Message).To(Equal(message))
				Expect(h.api.calls()).To(Equal(1), "an error inside a stream is not retried")
			},
			slices.Concat(
				streamEntries(": an error event", runFixture("error_event").Data,
					[]string{"thread.run.created", "thread.run.queued", "thread.run.in_progress"},
					"server_error", "Sorry, something went wrong."),
				streamEntries(`: data holding a top-level "error"`, []byte(errorDataStream),
					[]string{"thread.run.created"}, "upstream_failed", "The server had an error."),
			),
		)

		DescribeTable("closes the response body when closed early",
			func(open streamCall, readFirst bool) {
				body := &closeRecorder{Reader: bytesReader(runFixture("text_reply").Data)}
				h := newHarness(impl, 0, recordingSSEResponder(body))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				if readFirst {
					Expect(st.Next()).To(BeTrue())
					Expect(st.Current().Name).To(Equal(contract.EventThreadRunCreated))
				}
				Expect(body.closed.Load()).To(BeFalse(), "the body is open while the stream is")

				Expect(st.Close()).To(Succeed())
				Expect(body.closed.Load()).To(BeTrue(), "Close closes the response body")
				Expect(st.Next()).To(BeFalse(), "Next after Close")
				Expect(st.Close()).To(Succeed(), "a second Close")
				Expect(h.api.calls()).To(Equal(1))
			},
			append(streamEntries(", after one event", true), streamEntries(", before any event", false)...),
		)

		DescribeTable("ends a blocked Next for good when closed from another goroutine",
			func(open streamCall) {
				body := newBlockingBody()
				h := newHarness(impl, 2, recordingSSEResponder(body))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				next := make(chan bool, 1)
				go func() { next <- st.Next() }()
				Eventually(body.reading).Should(BeClosed(), "Next blocks in a read")

				Expect(st.Close()).To(Succeed())
				Eventually(next).WithTimeout(5*time.Second).Should(Receive(BeFalse()), "Next returns once closed")
				Expect(st.Err()).To(MatchError(runs.ErrStreamClosed))
				Expect(body.closed.Load()).To(BeTrue(), "the body is closed")
				Expect(st.Next()).To(BeFalse(), "Next after Close")
				Expect(h.api.calls()).To(Equal(1), "Close never sends the request again")
			},
			streamEntries(""),
		)

		DescribeTable("closes the response body when it ends by itself",
			func(open streamCall) {
				body := &closeRecorder{Reader: bytesReader(runFixture("text_reply").Data)}
				h := newHarness(impl, 0, recordingSSEResponder(body))
				st, err := open(bg, h)
				Expect(err).NotTo(HaveOccurred())
				eventstreams.Drain(st)
				Expect(st.Err()).NotTo(HaveOccurred())
				Expect(body.closed.Load()).To(BeTrue())
			},
			streamEntries(""),
		)
	})
})
