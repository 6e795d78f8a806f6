package runs

import (
	"context"
	"encoding/json"
	"errors"
	"iter"

	"github.com/runsuite/runsuite/contract"
)

// ErrNoMorePages is returned by NextPage on the last page.
var ErrNoMorePages = errors.New("no more pages")

// pageFetcher fetches the page after a cursor, keeping every other
// parameter of the first request (limit, order, before, include[]).
type pageFetcher[T any] func(ctx context.Context, after string) (*Page[T], error)

// Page is one page of a cursor-paginated list (CONTRACT §5).
type Page[T any] struct {
	Data    []T
	HasMore bool
	FirstID string // "" when the server sent null
	LastID  string
	id      func(T) string
	fetch   pageFetcher[T]
}

// NewPage builds a page whose NextPage calls fetch with the id of the last
// item, as every SDK does (last_id is not used). It lets other RunsAPI
// implementations return pages.
func NewPage[T any](data []T, hasMore bool, firstID, lastID string, id func(T) string, fetch func(ctx context.Context, after string) (*Page[T], error)) *Page[T] {
	return &Page[T]{Data: data, HasMore: hasMore, FirstID: firstID, LastID: lastID, id: id, fetch: fetch}
}

// HasNextPage reports whether NextPage can fetch more: the server said
// has_more and this page is not empty (an empty page gives no cursor; the
// Ruby SDK would send a bare "after", Python and Go stop).
func (p *Page[T]) HasNextPage() bool {
	return p.HasMore && len(p.Data) > 0 && p.fetch != nil
}

// NextPage fetches the page after this one, or returns ErrNoMorePages.
func (p *Page[T]) NextPage(ctx context.Context) (*Page[T], error) {
	if !p.HasNextPage() {
		return nil, ErrNoMorePages
	}
	return p.fetch(ctx, p.id(p.Data[len(p.Data)-1]))
}

// All iterates over the items of this page and every page after it. It
// stops after yielding an error.
func (p *Page[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		page := p
		for {
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasNextPage() {
				return
			}
			next, err := page.NextPage(ctx)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			page = next
		}
	}
}

// fetchPage sends a list request and wraps the envelope into a Page.
func fetchPage[T any](ctx context.Context, c *Client, s requestSpec, id func(T) string, fetch pageFetcher[T]) (*Page[T], error) {
	var list contract.List[T]
	if err := c.call(ctx, s, &list); err != nil {
		return nil, err
	}
	return NewPage(list.Data, list.HasMore, deref(list.FirstID), deref(list.LastID), id, fetch), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// decodeJSON decodes a JSON answer.
func decodeJSON(data []byte, out any) error {
	return json.Unmarshal(data, out)
}
