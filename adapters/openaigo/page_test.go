package openaigo_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/runsuite/runsuite/adapters/openaigo"
	"github.com/runsuite/runsuite/contract"
)

// listBody builds a list envelope over objects with the given ids. hasMore
// is written verbatim ("" leaves the key out).
func listBody(object string, hasMore string, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"id":%q,"object":%q}`, id, object)
	}
	b := `{"object":"list","data":[` + strings.Join(items, ",") + `]`
	if len(ids) > 0 {
		b += fmt.Sprintf(`,"first_id":%q,"last_id":%q`, ids[0], ids[len(ids)-1])
	} else {
		b += `,"first_id":null,"last_id":null`
	}
	if hasMore != "" {
		b += `,"has_more":` + hasMore
	}
	return b + "}"
}

// TestPagination walks pages with All and checks the requests openai-go's
// GetNextPage sends: the same query with after set to the last item's id.
func TestPagination(t *testing.T) {
	t.Parallel()
	const include = "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content"
	tests := []struct {
		name    string
		answers []string
		walk    func(context.Context, *openaigo.Adapter) ([]string, error)
		ids     []string
		queries []string
	}{
		{
			name:    "runs",
			answers: []string{listBody("thread.run", "true", "run_a", "run_b"), listBody("thread.run", "false", "run_c")},
			walk: func(ctx context.Context, a *openaigo.Adapter) ([]string, error) {
				p, err := a.Runs.List(ctx, "thread_1", contract.RunListParams{Limit: 2, Order: contract.OrderAsc, Before: "run_z"})
				if err != nil {
					return nil, err
				}
				var ids []string
				for r, err := range p.All(ctx) {
					if err != nil {
						return ids, err
					}
					ids = append(ids, r.ID)
				}
				return ids, nil
			},
			ids:     []string{"run_a", "run_b", "run_c"},
			queries: []string{"before=run_z&limit=2&order=asc", "after=run_b&before=run_z&limit=2&order=asc"},
		},
		{
			name:    "steps",
			answers: []string{listBody("thread.run.step", "true", "step_a", "step_b"), listBody("thread.run.step", "false", "step_c")},
			walk: func(ctx context.Context, a *openaigo.Adapter) ([]string, error) {
				p, err := a.Steps.List(ctx, "thread_1", "run_1", contract.StepListParams{Limit: 2, Order: contract.OrderDesc, Include: []contract.RunStepInclude{contract.IncludeFileSearchResultContent}})
				if err != nil {
					return nil, err
				}
				var ids []string
				for s, err := range p.All(ctx) {
					if err != nil {
						return ids, err
					}
					ids = append(ids, s.ID)
				}
				return ids, nil
			},
			ids:     []string{"step_a", "step_b", "step_c"},
			queries: []string{include + "&limit=2&order=desc", "after=step_b&" + include + "&limit=2&order=desc"},
		},
		{
			// openai-go keeps paging while has_more is missing, and stops
			// on an empty page.
			name:    "has_more missing",
			answers: []string{listBody("thread.run", "", "run_a"), listBody("thread.run", "", "run_b"), listBody("thread.run", "")},
			walk: func(ctx context.Context, a *openaigo.Adapter) ([]string, error) {
				p, err := a.Runs.List(ctx, "thread_1", contract.RunListParams{})
				if err != nil {
					return nil, err
				}
				var ids []string
				for r, err := range p.All(ctx) {
					if err != nil {
						return ids, err
					}
					ids = append(ids, r.ID)
				}
				return ids, nil
			},
			ids:     []string{"run_a", "run_b"},
			queries: []string{"", "after=run_a", "after=run_b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var handlers []http.HandlerFunc
			for _, a := range tt.answers {
				handlers = append(handlers, respondJSON(http.StatusOK, a))
			}
			srv := newServer(t, handlers...)
			ids, err := tt.walk(t.Context(), srv.adapter())
			if err != nil {
				t.Fatalf("walk: %v", err)
			}
			if diff := cmp.Diff(tt.ids, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			var queries []string
			for _, r := range srv.requests() {
				queries = append(queries, r.Query)
			}
			if diff := cmp.Diff(tt.queries, queries); diff != "" {
				t.Errorf("queries (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPageFields checks the fields of a page and of the last page.
func TestPageFields(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		respondJSON(http.StatusOK, listBody("thread.run", "true", "run_a", "run_b")),
		respondJSON(http.StatusOK, listBody("thread.run", "false")),
	)
	p, err := srv.adapter().Runs.List(t.Context(), "thread_1", contract.RunListParams{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	type fields struct {
		N               int
		HasMore         bool
		FirstID, LastID string
		HasNext         bool
	}
	if diff := cmp.Diff(fields{2, true, "run_a", "run_b", true}, fields{len(p.Data), p.HasMore, p.FirstID, p.LastID, p.HasNextPage()}); diff != "" {
		t.Errorf("first page (-want +got):\n%s", diff)
	}
	next, err := p.NextPage(t.Context())
	if err != nil {
		t.Fatalf("NextPage: %v", err)
	}
	if diff := cmp.Diff(fields{0, false, "", "", false}, fields{len(next.Data), next.HasMore, next.FirstID, next.LastID, next.HasNextPage()}); diff != "" {
		t.Errorf("last page (-want +got):\n%s", diff)
	}
}
