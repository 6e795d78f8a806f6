package decoding

import (
	"errors"
	"io/fs"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/runsuite/runsuite/contract"
	"github.com/runsuite/runsuite/internal/realtraffic"
	"github.com/runsuite/runsuite/suites/internal/eventstreams"
)

var _ = Describe("Decoding recorded traffic", Label("decode", "real-traffic"), func() {
	var streams []realtraffic.Exchange

	BeforeEach(func() {
		dir, err := realtraffic.Dir()
		if errors.Is(err, fs.ErrNotExist) {
			Skip("recorded traffic not found (expected at ../shared/real-traffic, or set " + realtraffic.EnvDir + "): " + err.Error())
		}
		Expect(err).NotTo(HaveOccurred())
		all, err := realtraffic.Load(dir)
		Expect(err).NotTo(HaveOccurred())
		streams = realtraffic.Streams(all)
		Expect(streams).NotTo(BeEmpty())
	})

	It("decodes every event of every recorded stream into its typed payload", func() {
		seen := map[contract.EventName]int{}
		for _, x := range streams {
			got := eventstreams.Decode(x.ResponseBody)
			Expect(got.Err).NotTo(HaveOccurred(), "%s #%d", x.Source, x.Index)
			Expect(got.Events).NotTo(BeEmpty())
			Expect(got.Events[len(got.Events)-1].Name).To(Equal(contract.EventDone), "%s #%d ends with done", x.Source, x.Index)
			for _, ev := range got.Events {
				spec, _ := contract.LookupEvent(string(ev.Name))
				Expect(ev.Kind()).To(Equal(spec.Kind), "%s: %s payload", x.Source, ev.Name)
				if spec.Kind != contract.PayloadNone {
					Expect(ev.ID()).NotTo(BeEmpty(), "%s: %s payload id", x.Source, ev.Name)
					Expect(ev.Object()).To(Equal(spec.Kind.Object()), "%s: %s object", x.Source, ev.Name)
				}
				if spec.Status != "" {
					Expect(eventstreams.StatusOf(ev)).To(Equal(spec.Status), "%s: %s status", x.Source, ev.Name)
				}
				seen[ev.Name]++
			}
			expectConsistentRun(got.Events)
		}
		Expect(seen).To(HaveKey(contract.EventThreadRunRequiresAction))
		Expect(seen).To(HaveKey(contract.EventThreadRunStepDelta))
		Expect(seen).To(HaveKey(contract.EventThreadMessageDelta))
		Expect(seen).To(HaveKey(contract.EventThreadCreated))
	})
})
