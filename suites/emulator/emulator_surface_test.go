package emulator

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"

	"github.com/runsuite/runsuite/emulator"
)

// These specs drive the emulator's whole Assistants v2 surface with
// openai-go, as an application would: assistants, threads and messages
// created, changed, listed and deleted in strict mode, and the placeholder
// requests of the SDKs' generated test suites in both modes (issue 12).

// sfServer starts an emulator in mode that the spec closes, and an
// openai-go client for it that never retries.
func sfServer(mode emulator.Mode) (*emulator.Server, openai.Client) {
	s := emulator.NewServer(emulator.WithMode(mode), emulator.WithIDSeed(emuSeed))
	DeferCleanup(s.Close)
	c := openai.NewClient(option.WithBaseURL(s.BaseURL()), option.WithAPIKey("sk-test"),
		option.WithMaxRetries(0), option.WithHTTPClient(s.Client()))
	return s, c
}

// sfStatus is the HTTP status of an openai-go error, 0 for no error and
// -1 for an error that is not an API error.
func sfStatus(err error) int {
	if err == nil {
		return 0
	}
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return -1
}

// sfRaw sends a JSON body the SDK would not send and returns the status.
func sfRaw(ctx context.Context, s *emulator.Server, method, path, body string) int {
	req, err := http.NewRequestWithContext(ctx, method, s.BaseURL()+path, bytes.NewReader([]byte(body)))
	Expect(err).NotTo(HaveOccurred())
	req.Header.Set("OpenAI-Beta", "assistants=v2")
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	Expect(err).NotTo(HaveOccurred())
	resp.Body.Close()
	return resp.StatusCode
}

// sfPlaceholder is one request of openai-go's generated tests, with its
// placeholder values, and what strict mode answers it.
type sfPlaceholder struct {
	call   func(ctx context.Context, c openai.Client) error
	strict int
}

var _ = Describe("The emulator's Assistants v2 surface", func() {
	var ctx context.Context
	BeforeEach(func() { ctx = context.Background() })

	Context("in strict mode", func() {
		var c openai.Client
		BeforeEach(func() { _, c = sfServer(emulator.ModeStrict) })

		It("creates, updates, lists and deletes assistants", func() {
			var ids []string
			for _, name := range []string{"first", "second", "third"} {
				a, err := c.Beta.Assistants.New(ctx, openai.BetaAssistantNewParams{Model: shared.ChatModelGPT4o, Name: openai.String(name)})
				Expect(err).NotTo(HaveOccurred())
				ids = append(ids, a.ID)
			}
			up, err := c.Beta.Assistants.Update(ctx, ids[1], openai.BetaAssistantUpdateParams{
				Instructions: openai.String("Answer in French."), Metadata: shared.Metadata{"k": "v"},
			})
			Expect(err).NotTo(HaveOccurred())
			Expect(up.ID).To(Equal(ids[1]))
			Expect(up.Name).To(Equal("second"), "a key not sent is kept")
			Expect(up.Instructions).To(Equal("Answer in French."))
			Expect(up.Metadata).To(Equal(shared.Metadata{"k": "v"}))

			page, err := c.Beta.Assistants.List(ctx, openai.BetaAssistantListParams{Order: openai.BetaAssistantListParamsOrderAsc, Limit: openai.Int(2)})
			Expect(err).NotTo(HaveOccurred())
			Expect(sfAssistantIDs(page.Data)).To(Equal(ids[:2]))
			Expect(page.HasMore).To(BeTrue())
			next, err := page.GetNextPage()
			Expect(err).NotTo(HaveOccurred())
			Expect(sfAssistantIDs(next.Data)).To(Equal(ids[2:]))

			del, err := c.Beta.Assistants.Delete(ctx, ids[0])
			Expect(err).NotTo(HaveOccurred())
			Expect(del.ID).To(Equal(ids[0]))
			Expect(del.Deleted).To(BeTrue())
			Expect(string(del.Object)).To(Equal("assistant.deleted"))
			_, err = c.Beta.Assistants.Get(ctx, ids[0])
			Expect(sfStatus(err)).To(Equal(http.StatusNotFound))
			_, err = c.Beta.Assistants.Delete(ctx, ids[0])
			Expect(sfStatus(err)).To(Equal(http.StatusNotFound))
		})

		It("updates and deletes threads, and a deleted thread's runs are gone with it", func() {
			th, err := c.Beta.Threads.New(ctx, openai.BetaThreadNewParams{})
			Expect(err).NotTo(HaveOccurred())
			up, err := c.Beta.Threads.Update(ctx, th.ID, openai.BetaThreadUpdateParams{Metadata: shared.Metadata{"k": "v"}})
			Expect(err).NotTo(HaveOccurred())
			Expect(up.Metadata).To(Equal(shared.Metadata{"k": "v"}))
			got, err := c.Beta.Threads.Get(ctx, th.ID)
			Expect(err).NotTo(HaveOccurred())
			Expect(got.Metadata).To(Equal(shared.Metadata{"k": "v"}))

			del, err := c.Beta.Threads.Delete(ctx, th.ID)
			Expect(err).NotTo(HaveOccurred())
			Expect(del.Deleted).To(BeTrue())
			Expect(string(del.Object)).To(Equal("thread.deleted"))
			_, err = c.Beta.Threads.Get(ctx, th.ID)
			Expect(sfStatus(err)).To(Equal(http.StatusNotFound))
			_, err = c.Beta.Threads.Runs.List(ctx, th.ID, openai.BetaThreadRunListParams{})
			Expect(sfStatus(err)).To(Equal(http.StatusNotFound))
		})

		It("retrieves, updates, lists and deletes messages", func() {
			th, err := c.Beta.Threads.New(ctx, openai.BetaThreadNewParams{})
			Expect(err).NotTo(HaveOccurred())
			var ids []string
			for _, text := range []string{"one", "two"} {
				m, err := c.Beta.Threads.Messages.New(ctx, th.ID, openai.BetaThreadMessageNewParams{
					Role: openai.BetaThreadMessageNewParamsRoleUser, Content: openai.BetaThreadMessageNewParamsContentUnion{OfString: openai.String(text)},
				})
				Expect(err).NotTo(HaveOccurred())
				ids = append(ids, m.ID)
			}
			m, err := c.Beta.Threads.Messages.Get(ctx, th.ID, ids[0])
			Expect(err).NotTo(HaveOccurred())
			Expect(m.Content).To(HaveLen(1))
			Expect(m.Content[0].Text.Value).To(Equal("one"))
			m, err = c.Beta.Threads.Messages.Update(ctx, th.ID, ids[0], openai.BetaThreadMessageUpdateParams{Metadata: shared.Metadata{"k": "v"}})
			Expect(err).NotTo(HaveOccurred())
			Expect(m.Metadata).To(Equal(shared.Metadata{"k": "v"}))

			del, err := c.Beta.Threads.Messages.Delete(ctx, th.ID, ids[1])
			Expect(err).NotTo(HaveOccurred())
			Expect(del.ID).To(Equal(ids[1]))
			Expect(string(del.Object)).To(Equal("thread.message.deleted"))
			page, err := c.Beta.Threads.Messages.List(ctx, th.ID, openai.BetaThreadMessageListParams{})
			Expect(err).NotTo(HaveOccurred())
			Expect(page.Data).To(HaveLen(1))
			Expect(page.Data[0].ID).To(Equal(ids[0]))
			_, err = c.Beta.Threads.Messages.Get(ctx, th.ID, ids[1])
			Expect(sfStatus(err)).To(Equal(http.StatusNotFound))
		})
	})

	DescribeTable("the placeholder requests of openai-go's generated tests",
		func(p sfPlaceholder) {
			_, lenient := sfServer(emulator.ModeLenient)
			Expect(p.call(ctx, lenient)).To(Succeed(), "lenient mode answers what the schema accepts")
			_, strict := sfServer(emulator.ModeStrict)
			Expect(sfStatus(p.call(ctx, strict))).To(Equal(p.strict), "strict mode refuses as the live API did")
		},
		Entry("assistant update", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Assistants.Update(ctx, "assistant_id", openai.BetaAssistantUpdateParams{Name: openai.String("name")})
			return err
		}, http.StatusNotFound}),
		Entry("assistant list", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Assistants.List(ctx, openai.BetaAssistantListParams{After: openai.String("after"), Before: openai.String("before"), Limit: openai.Int(0)})
			return err
		}, http.StatusBadRequest}),
		Entry("assistant delete", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Assistants.Delete(ctx, "assistant_id")
			return err
		}, http.StatusNotFound}),
		Entry("thread update", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Update(ctx, "thread_id", openai.BetaThreadUpdateParams{Metadata: shared.Metadata{"foo": "string"}})
			return err
		}, http.StatusNotFound}),
		Entry("thread delete", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Delete(ctx, "thread_id")
			return err
		}, http.StatusNotFound}),
		Entry("message retrieve", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Messages.Get(ctx, "thread_id", "message_id")
			return err
		}, http.StatusNotFound}),
		Entry("message update", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Messages.Update(ctx, "thread_id", "message_id", openai.BetaThreadMessageUpdateParams{Metadata: shared.Metadata{"foo": "string"}})
			return err
		}, http.StatusNotFound}),
		Entry("message list", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Messages.List(ctx, "thread_id", openai.BetaThreadMessageListParams{After: openai.String("after"), RunID: openai.String("run_id")})
			return err
		}, http.StatusNotFound}),
		Entry("message delete", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Messages.Delete(ctx, "thread_id", "message_id")
			return err
		}, http.StatusNotFound}),
		Entry("run list", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Runs.List(ctx, "thread_id", openai.BetaThreadRunListParams{After: openai.String("after"), Limit: openai.Int(0)})
			return err
		}, http.StatusBadRequest}),
		Entry("step list", sfPlaceholder{func(ctx context.Context, c openai.Client) error {
			_, err := c.Beta.Threads.Runs.Steps.List(ctx, "thread_id", "run_id", openai.BetaThreadRunStepListParams{Before: openai.String("before")})
			return err
		}, http.StatusNotFound}),
	)

	DescribeTable("what the schema refuses is a 400 in both modes",
		func(method, path, body string) {
			for _, mode := range []emulator.Mode{emulator.ModeLenient, emulator.ModeStrict} {
				s, _ := sfServer(mode)
				Expect(sfRaw(ctx, s, method, path, body)).To(Equal(http.StatusBadRequest), "%s mode", mode)
			}
		},
		Entry("an unknown key in an assistant update", "POST", "/assistants/assistant_id", `{"bogus":1}`),
		Entry("a temperature out of range", "POST", "/assistants/assistant_id", `{"temperature":3}`),
		Entry("a thread update with messages", "POST", "/threads/thread_id", `{"messages":[]}`),
		Entry("message metadata that is not an object", "POST", "/threads/thread_id/messages/message_id", `{"metadata":"x"}`),
		Entry("a limit that is not an integer", "GET", "/threads/thread_id/runs?limit=ten", ``),
		Entry("an order outside the enum", "GET", "/assistants?order=sideways", ``),
	)
})

// sfAssistantIDs returns the assistants' ids.
func sfAssistantIDs(as []openai.Assistant) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}
