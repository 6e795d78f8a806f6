package emulator

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/emulator"
	"github.com/runsuite/runsuite/runs"
)

// emuPage is one page of a list, seen through its items' ids.
type emuPage struct {
	IDs             []string
	HasMore         bool
	FirstID, LastID string
}

// emuListParams are the list parameters runs and steps share.
type emuListParams struct {
	after, before string
	limit         int
	order         contract.Order
}

// emuLister lists the runs of a thread or the steps of a run through the
// client, whatever the item type.
type emuLister struct {
	// first returns the first page for p.
	first func(ctx context.Context, p emuListParams) (emuPage, error)
	// walk returns the first page for p and every page NextPage gives
	// after it, until HasNextPage is false.
	walk func(ctx context.Context, p emuListParams) ([]emuPage, error)
	// all returns what Page.All yields from the first page for p.
	all func(ctx context.Context, p emuListParams) ([]string, error)
}

// emuListerOf builds an emuLister from a list call.
func emuListerOf[T any](list func(ctx context.Context, p emuListParams) (*runs.Page[T], error), id func(T) string) emuLister {
	view := func(p *runs.Page[T]) emuPage {
		v := emuPage{HasMore: p.HasMore, FirstID: p.FirstID, LastID: p.LastID}
		for _, item := range p.Data {
			v.IDs = append(v.IDs, id(item))
		}
		return v
	}
	return emuLister{
		first: func(ctx context.Context, p emuListParams) (emuPage, error) {
			page, err := list(ctx, p)
			if err != nil {
				return emuPage{}, err
			}
			return view(page), nil
		},
		walk: func(ctx context.Context, p emuListParams) ([]emuPage, error) {
			page, err := list(ctx, p)
			if err != nil {
				return nil, err
			}
			pages := []emuPage{view(page)}
			for page.HasNextPage() {
				if page, err = page.NextPage(ctx); err != nil {
					return pages, err
				}
				pages = append(pages, view(page))
			}
			if _, err := page.NextPage(ctx); !errors.Is(err, runs.ErrNoMorePages) {
				return pages, fmt.Errorf("NextPage after the last page: got %v, want %w", err, runs.ErrNoMorePages)
			}
			return pages, nil
		},
		all: func(ctx context.Context, p emuListParams) ([]string, error) {
			page, err := list(ctx, p)
			if err != nil {
				return nil, err
			}
			var ids []string
			for item, err := range page.All(ctx) {
				if err != nil {
					return ids, err
				}
				ids = append(ids, id(item))
			}
			return ids, nil
		},
	}
}

// emuPagesOf is what a walk over ids (in the order of the walk) must give,
// limit items a page.
func emuPagesOf(ids []string, limit int) []emuPage {
	var pages []emuPage
	for lo := 0; lo < len(ids); lo += limit {
		hi := min(lo+limit, len(ids))
		pages = append(pages, emuPage{IDs: ids[lo:hi], HasMore: hi < len(ids), FirstID: ids[lo], LastID: ids[hi-1]})
	}
	return pages
}

// inOrder returns ids, oldest first, in the order a list gives them.
func emuInOrder(ids []string, order contract.Order) []string {
	out := slices.Clone(ids)
	if order != contract.OrderAsc {
		slices.Reverse(out)
	}
	return out
}

var _ = Describe("Emulator: pages", Label("emulator", "pages"), func() {
	const nRuns = 7
	var (
		res            *emuResources
		thread         string
		runIDs         []string // oldest first
		toolThread     string
		toolRun        string
		toolSteps      []string // oldest first: the tool step, the message step
		runsLister     emuLister
		stepsLister    emuLister
		listsByName    map[string]emuLister
		idsByName      map[string][]string
		fileSearchAsst string
	)

	BeforeEach(func() {
		res = newEmuResources(emuUniqueTag())
		asst := res.MustCreateAssistant(emuInstructions, emuWeatherTool, emuCodeInterpreter, emuFileSearch)
		fileSearchAsst = asst

		thread = res.MustCreateThread(emuHello)
		runIDs = nil
		for range nRuns {
			s := res.MustStream(thread, emuRunParams(asst, nil))
			Expect(s.end).To(Equal(emuEndDone))
			Expect(s.lastRun().Status).To(Equal(contract.RunStatusCompleted))
			runIDs = append(runIDs, s.runID())
			res.clock.Advance(time.Minute) // past the run's phases: each run is newer than the last
		}

		toolThread = res.MustCreateThread("hi")
		s := res.MustStream(toolThread, emuRunParams(asst, map[string]string{emulator.MetadataScript: "code_interpreter"}))
		toolRun = s.runID()
		toolSteps = nil
		for _, ev := range s.events {
			if ev.Name == contract.EventThreadRunStepCreated {
				toolSteps = append(toolSteps, ev.Step.ID)
			}
		}
		Expect(toolSteps).To(HaveLen(2))

		runsLister = emuListerOf(func(ctx context.Context, p emuListParams) (*runs.Page[contract.Run], error) {
			return res.client.List(ctx, thread, contract.RunListParams{After: p.after, Before: p.before, Limit: p.limit, Order: p.order})
		}, func(r contract.Run) string { return r.ID })
		stepsLister = emuListerOf(func(ctx context.Context, p emuListParams) (*runs.Page[contract.RunStep], error) {
			return res.client.Steps.List(ctx, toolThread, toolRun, contract.StepListParams{After: p.after, Before: p.before, Limit: p.limit, Order: p.order})
		}, func(s contract.RunStep) string { return s.ID })
		listsByName = map[string]emuLister{"runs": runsLister, "steps": stepsLister}
		idsByName = map[string][]string{"runs": runIDs, "steps": toolSteps}
	})

	// listEntries are the two lists in both orders, with a limit that
	// makes several pages of each.
	listEntries := func() []TableEntry {
		var entries []TableEntry
		for _, l := range []struct {
			name  string
			limit int
		}{{"runs", 2}, {"steps", 1}} {
			for _, order := range []contract.Order{contract.OrderDesc, contract.OrderAsc} {
				entries = append(entries, Entry(l.name+" "+string(order), l.name, l.limit, order))
			}
		}
		return entries
	}

	DescribeTable("NextPage walks every item in order, with has_more, first_id and last_id right on each page",
		func(name string, limit int, order contract.Order) {
			want := emuInOrder(idsByName[name], order)
			pages, err := listsByName[name].walk(bg, emuListParams{limit: limit, order: order})
			Expect(err).NotTo(HaveOccurred())
			Expect(pages).To(Equal(emuPagesOf(want, limit)))
		},
		listEntries(),
	)

	DescribeTable("All yields every item once, in order",
		func(name string, limit int, order contract.Order) {
			ids, err := listsByName[name].all(bg, emuListParams{limit: limit, order: order})
			Expect(err).NotTo(HaveOccurred())
			Expect(ids).To(Equal(emuInOrder(idsByName[name], order)))
		},
		listEntries(),
	)

	DescribeTable("after starts right after its cursor and pages on from there",
		func(name string, limit int, order contract.Order) {
			want := emuInOrder(idsByName[name], order)
			pages, err := listsByName[name].walk(bg, emuListParams{after: want[0], limit: limit, order: order})
			Expect(err).NotTo(HaveOccurred())
			Expect(pages).To(Equal(emuPagesOf(want[1:], limit)))
		},
		listEntries(),
	)

	DescribeTable("before walks backwards from its cursor, first_id being the next cursor, until has_more is false",
		func(name string, limit int, order contract.Order) {
			want := emuInOrder(idsByName[name], order)
			cursor := want[len(want)-1]
			var got []string
			var pages []emuPage
			for range len(want) {
				page, err := listsByName[name].first(bg, emuListParams{before: cursor, limit: limit, order: order})
				Expect(err).NotTo(HaveOccurred())
				pages = append(pages, page)
				got = append(page.IDs, got...)
				if !page.HasMore {
					break
				}
				cursor = page.FirstID
			}
			Expect(got).To(Equal(want[:len(want)-1]), "everything before the first cursor, in order")
			backwards := emuPagesOf(emuInOrder(want[:len(want)-1], contract.OrderDesc), limit)
			Expect(pages).To(HaveLen(len(backwards)))
			for i, p := range pages {
				Expect(p.HasMore).To(Equal(backwards[i].HasMore), "page %d", i)
				Expect(p.IDs).To(ConsistOf(backwards[i].IDs), "page %d", i)
				Expect([]string{p.FirstID, p.LastID}).To(Equal([]string{p.IDs[0], p.IDs[len(p.IDs)-1]}), "page %d", i)
			}
		},
		listEntries(),
	)

	It("gives an empty last page with null first_id and last_id after the last item", func() {
		for name, l := range listsByName {
			want := idsByName[name]
			pages, err := l.walk(bg, emuListParams{after: want[0], order: contract.OrderDesc})
			Expect(err).NotTo(HaveOccurred())
			Expect(pages).To(Equal([]emuPage{{}}), name)
		}
	})

	It("lists a thread's runs as they were created, with their stored state", func() {
		page, err := res.client.List(bg, thread, contract.RunListParams{Order: contract.OrderAsc, Limit: nRuns})
		Expect(err).NotTo(HaveOccurred())
		Expect(page.Data).To(HaveLen(nRuns))
		for i, r := range page.Data {
			got, err := res.client.Retrieve(bg, thread, runIDs[i])
			Expect(err).NotTo(HaveOccurred())
			Expect(r).To(Equal(*got))
			Expect(r.Status).To(Equal(contract.RunStatusCompleted))
		}
	})

	Describe("include[] on the steps of a file_search run", func() {
		var fsThread, fsRun, fsStep string
		var created emuStream
		include := []contract.RunStepInclude{contract.IncludeFileSearchResultContent}

		BeforeEach(func() {
			fsThread = res.MustCreateThread("hi")
			created = res.MustStream(fsThread, emuRunParams(fileSearchAsst, map[string]string{emulator.MetadataScript: "file_search"}))
			fsRun = created.runID()
			for _, ev := range created.events {
				if ev.Name == contract.EventThreadRunStepCompleted && ev.Step.Type == contract.StepTypeToolCalls {
					fsStep = ev.Step.ID
				}
			}
			Expect(fsStep).NotTo(BeEmpty())
		})

		// resultContents returns the content of every file_search result of
		// a step, nil where a result has none.
		resultContents := func(st contract.RunStep) [][]contract.FileSearchContent {
			GinkgoHelper()
			Expect(st.StepDetails.ToolCalls).To(HaveLen(1))
			fs := st.StepDetails.ToolCalls[0].FileSearch
			Expect(fs).NotTo(BeNil())
			Expect(fs.Results).To(HaveLen(2))
			var out [][]contract.FileSearchContent
			for _, r := range fs.Results {
				out = append(out, r.Content)
			}
			return out
		}
		withContent := HaveEach(ConsistOf(HaveField("Text", Not(BeEmpty()))))
		withoutContent := HaveEach(BeNil())

		DescribeTable("gives result content only when asked",
			func(get func(inc []contract.RunStepInclude) contract.RunStep) {
				Expect(resultContents(get(nil))).To(withoutContent)
				Expect(resultContents(get(include))).To(withContent)
			},
			Entry("Steps.Retrieve", func(inc []contract.RunStepInclude) contract.RunStep {
				st, err := res.client.Steps.Retrieve(bg, fsThread, fsRun, fsStep, contract.StepRetrieveParams{Include: inc})
				Expect(err).NotTo(HaveOccurred())
				return *st
			}),
			Entry("Steps.List", func(inc []contract.RunStepInclude) contract.RunStep {
				page, err := res.client.Steps.List(bg, fsThread, fsRun, contract.StepListParams{Include: inc, Order: contract.OrderAsc})
				Expect(err).NotTo(HaveOccurred())
				Expect(page.Data).To(HaveLen(2))
				return page.Data[0]
			}),
		)

		It("streams result content only when the run was created with include[]", func() {
			completed := func(s emuStream) contract.RunStep {
				for _, ev := range s.events {
					if ev.Name == contract.EventThreadRunStepCompleted && ev.Step.Type == contract.StepTypeToolCalls {
						return *ev.Step
					}
				}
				Fail("no completed tool step in the stream")
				return contract.RunStep{}
			}
			Expect(resultContents(completed(created))).To(withoutContent)

			p := emuRunParams(fileSearchAsst, map[string]string{emulator.MetadataScript: "file_search"})
			p.Include = include
			Expect(resultContents(completed(res.MustStream(res.MustCreateThread("hi"), p)))).To(withContent)
		})
	})
})
