package conformance

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/runsuite/runsuite/contract"
)

// Pagination in the kit (CONTRACT §2.2, §3.7, §5): one set of judgements
// for the runs of a thread and the steps of a run, whose creation order the
// check knows.

// listing is a list endpoint and the ids of its items in creation order.
type listing struct {
	path string   // e.g. "threads/thread_1/runs"
	ids  []string // oldest first
}

// page is one answer of a listing.
type page struct {
	x    exchange
	list contract.List[struct {
		ID string `json:"id"`
	}]
}

// ids returns the ids of the page's items, in order.
func (p page) ids() []string {
	out := make([]string, 0, len(p.list.Data))
	for _, d := range p.list.Data {
		out = append(out, d.ID)
	}
	return out
}

// get lists with the query (keys with empty values are left out).
func (l listing) get(ctx context.Context, t *T, query ...string) page {
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		if query[i+1] != "" {
			q.Set(query[i], query[i+1])
		}
	}
	p := l.path
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	x := send(ctx, t, http.MethodGet, p, nil, nil)
	return page{x: x, list: decodeList[struct {
		ID string `json:"id"`
	}](t, x, "list")}
}

// newestFirst returns the listing's ids newest first.
func (l listing) newestFirst() []string {
	out := slices.Clone(l.ids)
	slices.Reverse(out)
	return out
}

// expectIDs records a finding when the page does not hold want, in order.
func expectIDs(t *T, p page, msg string, want []string) bool {
	if got := p.ids(); !slices.Equal(got, want) {
		t.Fail(Finding{Message: msg, Evidence: evidenceAt(p.x.evidence(), "/data", "ids "+strings.Join(want, ", "), "ids "+strings.Join(got, ", "))})
		return false
	}
	return true
}

// expectHasMore records a finding when has_more is not want.
func expectHasMore(t *T, p page, want bool) bool {
	if p.list.HasMore != want {
		t.Fail(Finding{Message: "has_more does not say whether items are left", Evidence: evidenceAt(p.x.evidence(), "/has_more", fmt.Sprint(want), fmt.Sprint(p.list.HasMore))})
		return false
	}
	return true
}

// judgeOrder lists in order ("" for the default, which is desc) and wants
// the items newest first for desc, oldest first for asc.
func judgeOrder(ctx context.Context, t *T, l listing, order string) {
	p := l.get(ctx, t, "order", order)
	want, name := l.newestFirst(), "desc"
	if order == string(contract.OrderAsc) {
		want, name = l.ids, "asc"
	}
	if order == "" {
		name = "desc (the default)"
	}
	expectIDs(t, p, "the items are not in "+name+" order of creation", want)
	expectHasMore(t, p, false)
}

// judgeLimit lists with a limit below the count, then one equal to it.
func judgeLimit(ctx context.Context, t *T, l listing) {
	n := len(l.ids)
	short := l.get(ctx, t, "order", "asc", "limit", fmt.Sprint(n-1))
	expectIDs(t, short, fmt.Sprintf("limit=%d did not give the first %d items", n-1, n-1), l.ids[:n-1])
	expectHasMore(t, short, true)
	full := l.get(ctx, t, "order", "asc", "limit", fmt.Sprint(n))
	expectIDs(t, full, fmt.Sprintf("limit=%d did not give all %d items", n, n), l.ids)
	expectHasMore(t, full, false)
}

// judgeCursors lists after and before items, in both orders.
func judgeCursors(ctx context.Context, t *T, l listing) {
	n := len(l.ids)
	first, last := l.ids[0], l.ids[n-1]
	expectIDs(t, l.get(ctx, t, "order", "asc", "after", first), "after= did not give the items after the cursor", l.ids[1:])
	expectIDs(t, l.get(ctx, t, "order", "asc", "before", last), "before= did not give the items before the cursor", l.ids[:n-1])
	newest := l.newestFirst()
	expectIDs(t, l.get(ctx, t, "order", "desc", "after", last), "after= in desc order did not give the older items", newest[1:])
	end := l.get(ctx, t, "order", "asc", "after", last)
	expectIDs(t, end, "after= the last item did not give an empty page", []string{})
	expectHasMore(t, end, false)
}

// judgeEnds wants first_id and last_id to name the ends of each page.
func judgeEnds(ctx context.Context, t *T, l listing) {
	for _, p := range []page{l.get(ctx, t, "order", "asc", "limit", "1"), l.get(ctx, t, "order", "desc")} {
		ids := p.ids()
		if len(ids) == 0 {
			t.FailNow(Finding{Message: "a list of created items is empty", Evidence: evidenceAt(p.x.evidence(), "/data", fmt.Sprintf("%d items", len(l.ids)), "none")})
		}
		for _, end := range []struct {
			ptr  string
			got  *string
			want string
		}{{"/first_id", p.list.FirstID, ids[0]}, {"/last_id", p.list.LastID, ids[len(ids)-1]}} {
			got := "null"
			if end.got != nil {
				got = *end.got
			}
			if got != end.want {
				t.Fail(Finding{Message: "the cursor id does not name the end of the page", Evidence: evidenceAt(p.x.evidence(), end.ptr, end.want, got)})
			}
		}
	}
}

// judgeWalk follows after= cursors one item at a time, as the SDKs page
// (from the last item's id), and wants every item once, then the end.
func judgeWalk(ctx context.Context, t *T, l listing) {
	var got []string
	after := ""
	for i := 0; i <= len(l.ids); i++ {
		p := l.get(ctx, t, "order", "asc", "limit", "1", "after", after)
		ids := p.ids()
		got = append(got, ids...)
		if !p.list.HasMore || len(ids) == 0 {
			if !slices.Equal(got, l.ids) {
				t.Fail(Finding{Message: "paging with after= did not visit every item once", Evidence: evidenceAt(p.x.evidence(), "/has_more", "ids "+strings.Join(l.ids, ", "), "ids "+strings.Join(got, ", "))})
			}
			return
		}
		after = ids[len(ids)-1]
	}
	t.Fail(Finding{Message: "paging with after= did not end", Evidence: Evidence{Request: "GET /" + l.path, Expected: fmt.Sprintf("has_more false within %d pages", len(l.ids)+1), Got: "ids " + strings.Join(got, ", ")}})
}

// judgeLimitRange wants limit=0 and limit=101 refused naming limit.
func judgeLimitRange(ctx context.Context, t *T, l listing) {
	for _, limit := range []int{contract.MinListLimit - 1, contract.MaxListLimit + 1} {
		x := send(ctx, t, http.MethodGet, fmt.Sprintf("%s?limit=%d", l.path, limit), nil, nil)
		refused(t, x, http.StatusBadRequest, "limit")
	}
}
