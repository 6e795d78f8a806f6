package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/jarcoal/httpmock"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/runs"
	"github.com/runsuite/runsuite/suites/internal/clientimpls"
)

// pageView is a runs.Page of either item type, seen through the ids of its
// items.
type pageView struct {
	ids     []string
	hasMore bool
	hasNext bool
	next    func(ctx context.Context) (pageView, error)
	all     func(ctx context.Context) ([]string, error)
}

// viewOf wraps a page.
func viewOf[T any](p *runs.Page[T], id func(T) string) pageView {
	v := pageView{hasMore: p.HasMore, hasNext: p.HasNextPage()}
	for _, item := range p.Data {
		v.ids = append(v.ids, id(item))
	}
	v.next = func(ctx context.Context) (pageView, error) {
		n, err := p.NextPage(ctx)
		if err != nil {
			return pageView{}, err
		}
		return viewOf(n, id), nil
	}
	v.all = func(ctx context.Context) ([]string, error) {
		var ids []string
		for item, err := range p.All(ctx) {
			if err != nil {
				return ids, err
			}
			ids = append(ids, id(item))
		}
		return ids, nil
	}
	return v
}

// listParams are the parameters both list operations take; include only
// applies to steps.
type listParams struct {
	after, before string
	limit         int
	order         contract.Order
}

// listCase is one of the two list operations.
type listCase struct {
	item func(id string) string // the JSON of an item with this id
	open func(ctx context.Context, h *harness, p listParams) (pageView, error)
	// query is the query every page request carries besides after, for p.
	query func(p listParams) url.Values
}

var runsList = listCase{
	item: func(id string) string { return withID(runJSON(), id) },
	open: func(ctx context.Context, h *harness, p listParams) (pageView, error) {
		page, err := h.runs.List(ctx, "thread_1", contract.RunListParams{After: p.after, Before: p.before, Limit: p.limit, Order: p.order})
		if err != nil {
			return pageView{}, err
		}
		return viewOf(page, func(r contract.Run) string { return r.ID }), nil
	},
	query: func(p listParams) url.Values { return listQuery(p) },
}

var stepsList = listCase{
	item: func(id string) string { return withID(stepJSON(), id) },
	open: func(ctx context.Context, h *harness, p listParams) (pageView, error) {
		page, err := h.steps.List(ctx, "thread_1", "run_1", contract.StepListParams{
			After: p.after, Before: p.before, Limit: p.limit, Order: p.order,
			Include: []contract.RunStepInclude{contract.IncludeFileSearchResultContent},
		})
		if err != nil {
			return pageView{}, err
		}
		return viewOf(page, func(s contract.RunStep) string { return s.ID }), nil
	},
	query: func(p listParams) url.Values {
		q := listQuery(p)
		q.Set("include[]", string(contract.IncludeFileSearchResultContent))
		return q
	},
}

// listQuery is the decoded query of p, without after.
func listQuery(p listParams) url.Values {
	q := url.Values{}
	if p.before != "" {
		q.Set("before", p.before)
	}
	if p.limit != 0 {
		q.Set("limit", strconv.Itoa(p.limit))
	}
	if p.order != "" {
		q.Set("order", string(p.order))
	}
	return q
}

// page answers one list page holding items with the given ids. last_id
// never names the last item, so a client that pages with it is caught.
func (lc listCase) page(hasMore bool, ids ...string) httpmock.Responder {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = lc.item(id)
	}
	first := ""
	if len(ids) > 0 {
		first = ids[0]
	}
	return jsonResponder(http.StatusOK, listJSON(hasMore, first, "last_id_is_not_the_cursor", items...))
}

// expectPageRequest checks the query of a page request: p's parameters and
// after.
func expectPageRequest(lc listCase, req captured, p listParams, after string) {
	GinkgoHelper()
	want := lc.query(p)
	if after != "" {
		want.Set("after", after)
	}
	Expect(req.Method).To(Equal(http.MethodGet))
	Expect(req.URL.Query()).To(Equal(want))
	if want.Has("include[]") {
		Expect(req).To(BeLegitimateIncludeQuery())
	}
}

// listEntries are the two list operations.
func listEntries() []TableEntry {
	return []TableEntry{Entry("List", runsList), Entry("Steps.List", stepsList)}
}

var _ = Describe("Client: pages", Label("client", "pages"), func() {
	clientimpls.ForEach(func(impl clientimpls.Implementation) {
		params := listParams{before: "z_before", limit: 2, order: contract.OrderAsc}

		DescribeTable("NextPage asks for the page after the last item's id, keeping the other parameters",
			func(lc listCase) {
				h := newHarness(impl, 0, lc.page(true, "a", "b").Then(lc.page(false, "c")))
				first, err := lc.open(bg, h, params)
				Expect(err).NotTo(HaveOccurred())
				Expect(first.ids).To(Equal([]string{"a", "b"}))
				Expect(first.hasNext).To(BeTrue())

				second, err := first.next(bg)
				Expect(err).NotTo(HaveOccurred())
				Expect(second.ids).To(Equal([]string{"c"}))
				Expect(second.hasMore).To(BeFalse())
				Expect(second.hasNext).To(BeFalse())

				_, err = second.next(bg)
				Expect(err).To(MatchError(runs.ErrNoMorePages))

				reqs := h.api.received()
				Expect(reqs).To(HaveLen(2), "no request after has_more: false")
				expectPageRequest(lc, reqs[0], params, "")
				expectPageRequest(lc, reqs[1], params, "b")
			},
			listEntries(),
		)

		DescribeTable("replaces the caller's after with the cursor",
			func(lc listCase) {
				h := newHarness(impl, 0, lc.page(true, "a", "b").Then(lc.page(false)))
				withAfter := params
				withAfter.after = "x0"
				first, err := lc.open(bg, h, withAfter)
				Expect(err).NotTo(HaveOccurred())
				_, err = first.next(bg)
				Expect(err).NotTo(HaveOccurred())

				reqs := h.api.received()
				Expect(reqs).To(HaveLen(2))
				expectPageRequest(lc, reqs[0], params, "x0")
				expectPageRequest(lc, reqs[1], params, "b")
			},
			listEntries(),
		)

		DescribeTable("All walks every page and stops at has_more: false",
			func(lc listCase) {
				h := newHarness(impl, 0, lc.page(true, "a", "b").Then(lc.page(true, "c", "d")).Then(lc.page(false, "e")))
				first, err := lc.open(bg, h, params)
				Expect(err).NotTo(HaveOccurred())

				ids, err := first.all(bg)
				Expect(err).NotTo(HaveOccurred())
				Expect(ids).To(Equal([]string{"a", "b", "c", "d", "e"}))

				reqs := h.api.received()
				Expect(reqs).To(HaveLen(3))
				expectPageRequest(lc, reqs[0], params, "")
				expectPageRequest(lc, reqs[1], params, "b")
				expectPageRequest(lc, reqs[2], params, "d")
			},
			listEntries(),
		)

		DescribeTable("stops on an empty page even when has_more is true",
			func(lc listCase) {
				h := newHarness(impl, 0, lc.page(true))
				first, err := lc.open(bg, h, params)
				Expect(err).NotTo(HaveOccurred())
				Expect(first.ids).To(BeEmpty())
				Expect(first.hasNext).To(BeFalse(), "an empty page gives no cursor")

				_, err = first.next(bg)
				Expect(err).To(MatchError(runs.ErrNoMorePages))
				ids, err := first.all(bg)
				Expect(err).NotTo(HaveOccurred())
				Expect(ids).To(BeEmpty())
				Expect(h.api.calls()).To(Equal(1), "no request for the next page")
			},
			listEntries(),
		)

		DescribeTable("All stops at the first page that fails",
			func(lc listCase) {
				h := newHarness(impl, 0, lc.page(true, "a", "b").Then(errorResponder(http.StatusInternalServerError)))
				first, err := lc.open(bg, h, params)
				Expect(err).NotTo(HaveOccurred())

				ids, err := first.all(bg)
				Expect(ids).To(Equal([]string{"a", "b"}))
				var apiErr *runs.APIError
				Expect(errors.As(err, &apiErr)).To(BeTrue(), "got %v", err)
				Expect(apiErr.StatusCode).To(Equal(http.StatusInternalServerError))
				Expect(h.api.calls()).To(Equal(2))
			},
			listEntries(),
		)
	})
})
