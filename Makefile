# runsuite — make targets. `make test` is what CI runs (.ci/run).

GO        ?= go
FUZZTIME  ?= 30s
BENCHTIME ?= 1s
PKGS      := $(shell $(GO) list ./... | grep -v /suites)

.PHONY: test vet unit suites bench fuzz fmt-check mocks mocks-check docs docs-check sdk-e2e recordings

## test: vet, format check, mocks and docs checks, unit tests with -race, then the Ginkgo suites (JUnit report in
## reports/junit/suites.xml)
test: vet fmt-check mocks-check docs-check unit suites

vet:
	$(GO) vet ./...

fmt-check:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## mocks: regenerate mocks/ from .mockery.yaml with mockery v2 (go tool)
mocks:
	$(GO) tool mockery --log-level warn

## mocks-check: fail when the committed mocks differ from what mockery generates
mocks-check:
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	cp -r mocks "$$tmp/committed"; \
	$(GO) tool mockery --log-level warn; \
	if ! diff -r "$$tmp/committed" mocks >/dev/null; then \
		diff -ru "$$tmp/committed" mocks | head -40; \
		rm -rf mocks && cp -r "$$tmp/committed" mocks; \
		echo "mocks/ is stale: run 'make mocks' and commit the result"; exit 1; \
	fi

## docs: regenerate docs/rules.md from the check catalogue (conformance rules --format markdown)
docs:
	$(GO) run ./cmd/conformance rules --format markdown > docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md

## docs-check: fail when the committed docs/rules.md differs from what the catalogue generates
docs-check:
	@tmp="$$(mktemp)"; trap 'rm -f "$$tmp"' EXIT; \
	$(GO) run ./cmd/conformance rules --format markdown > "$$tmp" || exit 1; \
	if ! diff -u docs/rules.md "$$tmp" > /dev/null; then \
		diff -u docs/rules.md "$$tmp" | head -40; \
		echo "docs/rules.md is stale: run 'make docs' and commit the result"; exit 1; \
	fi

unit:
	$(GO) test -race -count=1 $(PKGS)

## suites: every Ginkgo suite under suites/ (one package per area), with a merged JUnit report for CI in
## $(JUNIT_DIR)/suites.xml
JUNIT_DIR ?= reports/junit
suites:
	$(GO) tool ginkgo -r --randomize-all --race --junit-report=suites.xml --output-dir=$(JUNIT_DIR) ./suites

## bench: every benchmark in one go test invocation (decoding vs openai-go, framing)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

## fuzz: each fuzz target for FUZZTIME (default 30s)
fuzz:
	@set -e; for pkg in $(PKGS); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

## sdk-e2e: the official npm openai SDK runs create -> stream -> requires_action -> submit -> completed against conformance serve
sdk-e2e:
	bash examples/node/run.sh

## recordings: re-record recordings/*.yaml from the emulator (same seed and clock, same bytes)
recordings:
	$(GO) run ./recordings/cmd/generate -out recordings

## soak: the emulator under streamed, polled, aborted and stalled clients for a fixed count (not part of make test);
## RSS must stay flat after warm-up, goroutines and fds return to their start, no 5xx. SOAK_ROUNDS sets the rounds.
.PHONY: soak
SOAK_ROUNDS ?= 12
soak:
	RUNSUITE_SOAK=1 RUNSUITE_SOAK_ROUNDS=$(SOAK_ROUNDS) $(GO) test -run '^TestSoak$$' -count=1 -v -timeout 60m ./emulator/

## examples: the official Node (npm openai) and Go (openai-go) SDKs call all ten operations under
## conformance mock; fails on any broken client rule or operation not called
.PHONY: examples
examples:
	bash examples/node/run.sh
	bash examples/go/run.sh

## nightly: the nightly load profile against the in-process emulator; writes reports/<UTC date>/ (JSON, Markdown,
## HTML, and clients/ for runsuite vs openai-go); exits 1 on a failed run or a regression beyond 10% against
## reports/baseline.json (p99 time to first event, events/s)
.PHONY: nightly load-smoke
NIGHTLY_DIR ?= reports/$(shell date -u +%Y-%m-%d)
nightly:
	$(GO) build -o bin/conformance ./cmd/conformance
	bin/conformance load --workers 1000 --duration 30s --scenario stream --out $(NIGHTLY_DIR) --max-errors 0 --progress lines
	bin/conformance load --client both --workers 200 --duration 20s --alternate 5s --scenario stream,tool-roundtrip,poll \
		--out $(NIGHTLY_DIR)/clients --max-errors 0 --progress lines
	bin/conformance report --compare reports/baseline.json --output $(NIGHTLY_DIR)/compare.md $(NIGHTLY_DIR)/load.json

## load-smoke: a five-second load run of every scenario against the in-process emulator
load-smoke:
	$(GO) run ./cmd/conformance load --workers 50 --duration 5s --scenario stream,tool-roundtrip,poll,thread-and-run --max-errors 0

## sdk-suites: openai-go's own generated Assistants tests (TestBetaThread*, TestBetaAssistant*) against
## `conformance serve --mode lenient` on a free loopback port, in place of the SDK's schema mock; every test
## must run and pass (none skipped), and the server is stopped whatever happens
.PHONY: sdk-suites
SDK_SUITES_RUN ?= TestBetaThread|TestBetaAssistant
sdk-suites:
	@set -u; tmp="$$(mktemp -d)"; pid=""; \
	trap 'if [ -n "$$pid" ]; then kill "$$pid" 2>/dev/null; wait "$$pid" 2>/dev/null; fi; rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/conformance" ./cmd/conformance || exit 2; \
	"$$tmp/conformance" serve --mode lenient --listen 127.0.0.1:0 > "$$tmp/serve.out" 2>&1 & pid=$$!; \
	base=""; for i in $$(seq 1 100); do \
		base="$$(sed -n 's/^OPENAI_BASE_URL=//p' "$$tmp/serve.out")"; \
		[ -n "$$base" ] && break; kill -0 "$$pid" 2>/dev/null || break; sleep 0.1; \
	done; \
	if [ -z "$$base" ]; then echo "sdk-suites: serve did not start:"; cat "$$tmp/serve.out"; exit 2; fi; \
	sdk="$$($(GO) list -m -f '{{.Path}} {{.Version}}' github.com/openai/openai-go/v3)"; \
	echo "sdk-suites: $$sdk generated tests against serve --mode lenient at $$base"; \
	TEST_API_BASE_URL="$$base" SKIP_MOCK_TESTS=false $(GO) test -count=1 -v -run '$(SDK_SUITES_RUN)' \
		github.com/openai/openai-go/v3 > "$$tmp/test.out" 2>&1; rc=$$?; \
	ran=$$(grep -c '^=== RUN ' "$$tmp/test.out"); passed=$$(grep -c '^--- PASS' "$$tmp/test.out"); \
	grep -E '^--- (FAIL|SKIP)' "$$tmp/test.out"; \
	echo "sdk-suites: $$passed of $$ran passed"; \
	if [ "$$rc" -ne 0 ] || [ "$$ran" -eq 0 ] || [ "$$passed" -ne "$$ran" ]; then \
		grep -E '^    .*(err should|skip)' "$$tmp/test.out"; exit 1; fi
