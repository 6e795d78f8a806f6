package emulator

import (
	"cmp"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"

	"github.com/runsuite/runsuite/contract"
)

// listQuery holds the pagination parameters of a list request.
type listQuery struct {
	limit         int
	order         contract.Order
	after, before string
}

// parseListQuery reads limit, order, after and before. Empty values count
// as absent: the Ruby SDK sends "after=" for a nil cursor (CONTRACT §1.2).
func parseListQuery(q url.Values) (listQuery, map[string]any, *apiError) {
	lq := listQuery{limit: contract.DefaultListLimit, order: contract.OrderDesc, after: q.Get("after"), before: q.Get("before")}
	tree := map[string]any{}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return lq, nil, badRequest("limit", "Invalid 'limit': expected an integer, but got '%s' instead.", v)
		}
		if n < contract.MinListLimit {
			// contract's Validate reads a zero limit as "not given".
			return lq, nil, paramFailure(&contract.ParamError{Field: "limit", Msg: "below minimum"}, map[string]any{"limit": json.Number(v)})
		}
		lq.limit = n
		tree["limit"] = json.Number(v)
	}
	if v := q.Get("order"); v != "" {
		lq.order = contract.Order(v)
		tree["order"] = v
	}
	return lq, tree, nil
}

// parseInclude reads include[] (every encoding of CONTRACT §8.2 decodes to
// the same key) and refuses unknown values and the bracketless key.
func parseInclude(q url.Values) ([]contract.RunStepInclude, *apiError) {
	if _, ok := q["include"]; ok {
		return nil, badRequest("include", "Unrecognized request argument supplied: include")
	}
	vals := q["include[]"]
	inc := make([]contract.RunStepInclude, len(vals))
	tree := make([]any, len(vals))
	for i, v := range vals {
		inc[i], tree[i] = contract.RunStepInclude(v), v
	}
	if err := (contract.StepRetrieveParams{Include: inc}).Validate(); err != nil {
		return nil, paramFailure(err, map[string]any{"include": tree})
	}
	return inc, nil
}

// includesContent reports whether include asks for file_search result
// content.
func includesContent(inc []contract.RunStepInclude) bool {
	return slices.Contains(inc, contract.IncludeFileSearchResultContent)
}

// listItem is what pagination needs of an object.
type listItem[T any] struct {
	v       T
	id      string
	created int64
	seq     int64
}

// paginate orders items by created_at (ties by creation order), applies
// the cursors and the limit, and reports whether more items follow in the
// direction of travel. A cursor that names no item is a 400.
func paginate[T any](items []listItem[T], lq listQuery, what string) ([]listItem[T], bool, *apiError) {
	items = slices.Clone(items)
	slices.SortFunc(items, func(a, b listItem[T]) int {
		return cmp.Or(cmp.Compare(a.created, b.created), cmp.Compare(a.seq, b.seq))
	})
	if lq.order == contract.OrderDesc {
		slices.Reverse(items)
	}
	index := func(id string) int {
		return slices.IndexFunc(items, func(it listItem[T]) bool { return it.id == id })
	}
	lo, hi := 0, len(items)
	if lq.after != "" {
		i := index(lq.after)
		if i < 0 {
			return nil, false, badRequest("after", "Invalid 'after': no %s with id '%s' in this list.", what, lq.after)
		}
		lo = i + 1
	}
	if lq.before != "" {
		i := index(lq.before)
		if i < 0 {
			return nil, false, badRequest("before", "Invalid 'before': no %s with id '%s' in this list.", what, lq.before)
		}
		hi = i
	}
	if lo >= hi {
		return nil, false, nil
	}
	if lq.before != "" && lq.after == "" {
		// Paging backwards: the limit items right before the cursor.
		start := max(lo, hi-lq.limit)
		return items[start:hi], start > lo, nil
	}
	end := min(hi, lo+lq.limit)
	return items[lo:end], end < hi, nil
}

// appendList appends the list envelope of CONTRACT §3.7 around page.
func appendList[T any](dst []byte, page []listItem[T], hasMore bool, enc func([]byte, T) []byte) []byte {
	dst = append(dst, `{"object":`...)
	dst = contract.AppendString(dst, contract.ObjectList)
	dst = append(dst, `,"data":[`...)
	for i, it := range page {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = enc(dst, it.v)
	}
	dst = append(dst, ']')
	dst = append(dst, `,"first_id":`...)
	if len(page) == 0 {
		dst = append(dst, "null"...)
	} else {
		dst = contract.AppendString(dst, page[0].id)
	}
	dst = append(dst, `,"last_id":`...)
	if len(page) == 0 {
		dst = append(dst, "null"...)
	} else {
		dst = contract.AppendString(dst, page[len(page)-1].id)
	}
	dst = append(dst, `,"has_more":`...)
	dst = strconv.AppendBool(dst, hasMore)
	return append(dst, '}')
}

// pageOrdered is paginate over items already in list order (created_at,
// then creation order), for the lists that grow with a thread's history:
// it finds the cursors by binary search and walks only as far as the page
// needs, so its cost does not depend on how long the list is. after and
// before are the items the cursors name (nil when a cursor names none);
// match, when not nil, keeps only the items of a filtered list.
func pageOrdered[T comparable](items []T, lq listQuery, what string, after, before T, key func(T) (int64, int64), match func(T) bool) ([]T, bool, *apiError) {
	var zero T
	n := len(items)
	// travel maps a position in the direction of travel to an index.
	travel := func(k int) int {
		if lq.order == contract.OrderDesc {
			return n - 1 - k
		}
		return k
	}
	cursor := func(v T, id, name string) (int, *apiError) {
		i := -1
		if v != zero && (match == nil || match(v)) {
			i = indexOrdered(items, v, key)
		}
		if i < 0 {
			return 0, badRequest(name, "Invalid '%s': no %s with id '%s' in this list.", name, what, id)
		}
		return travel(i), nil // travel is its own inverse
	}
	lo, hi := 0, n
	if lq.after != "" {
		k, aerr := cursor(after, lq.after, "after")
		if aerr != nil {
			return nil, false, aerr
		}
		lo = k + 1
	}
	if lq.before != "" {
		k, aerr := cursor(before, lq.before, "before")
		if aerr != nil {
			return nil, false, aerr
		}
		hi = k
	}
	if lo >= hi {
		return nil, false, nil
	}
	ok := func(k int) bool { return match == nil || match(items[travel(k)]) }
	var page []T
	if lq.before != "" && lq.after == "" {
		// Paging backwards: the limit items right before the cursor.
		k := hi - 1
		for ; k >= lo && len(page) < lq.limit; k-- {
			if ok(k) {
				page = append(page, items[travel(k)])
			}
		}
		slices.Reverse(page)
		for ; k >= lo; k-- {
			if ok(k) {
				return page, true, nil
			}
		}
		return page, false, nil
	}
	k := lo
	for ; k < hi && len(page) < lq.limit; k++ {
		if ok(k) {
			page = append(page, items[travel(k)])
		}
	}
	for ; k < hi; k++ {
		if ok(k) {
			return page, true, nil
		}
	}
	return page, false, nil
}

// appendOrderedList appends the list envelope of CONTRACT §3.7 around a
// page of pageOrdered.
func appendOrderedList[T any](dst []byte, page []T, hasMore bool, enc func([]byte, T) []byte, id func(T) string) []byte {
	dst = append(dst, `{"object":`...)
	dst = contract.AppendString(dst, contract.ObjectList)
	dst = append(dst, `,"data":[`...)
	for i, it := range page {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = enc(dst, it)
	}
	dst = append(dst, ']')
	dst = append(dst, `,"first_id":`...)
	if len(page) == 0 {
		dst = append(dst, "null"...)
	} else {
		dst = contract.AppendString(dst, id(page[0]))
	}
	dst = append(dst, `,"last_id":`...)
	if len(page) == 0 {
		dst = append(dst, "null"...)
	} else {
		dst = contract.AppendString(dst, id(page[len(page)-1]))
	}
	dst = append(dst, `,"has_more":`...)
	dst = strconv.AppendBool(dst, hasMore)
	return append(dst, '}')
}
