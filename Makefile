# Everyday commands. `make` alone lists them; CI (.ci/run) calls the same
# targets. TEST_DATABASE_URL, REQUIRE_POSTGRES and REQUIRE_BROWSER reach the
# tests from the environment, as make passes it on unchanged.

DEMO_PASSWORD ?= demo-portal-2026
FUZZTIME ?= 30s
AXE_CORE_VERSION ?= 4.14.1
AXE_CORE := .tools/node_modules/axe-core/axe.min.js
# Browser tests read axe-core from here unless told otherwise.
export AXE_CORE_JS ?= $(CURDIR)/$(AXE_CORE)

.DEFAULT_GOAL := help
.PHONY: help run build test lint bench fuzz tools pg pg-stop ci

## help: list these targets
help:
	@awk '/^## / { sub(/^## /, ""); i = index($$0, ":"); \
		printf "  %-8s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' $(MAKEFILE_LIST)

## run: build, migrate, seed the demo data into an empty database, serve (logins printed last)
run: build
	bin/portal migrate
	bin/portal seed demo --if-empty --quiet --password "$(DEMO_PASSWORD)"
	bin/portal serve --demo-password "$(DEMO_PASSWORD)"

## build: compile bin/portal
build:
	go build -o bin/portal ./cmd/portal

# The slowest test packages come first, so that go test starts them first
# and the short ones fill the cores around them (docs/testing.md); ./...
# adds every other package once.
SLOW_TESTS := ./internal/web ./internal/demo ./internal/web/browser ./cmd/portal

## test: run every test with the race detector, after make tools
test: tools
	go test -race -count=1 -p 3 -timeout 30m $(SLOW_TESTS) ./...

## lint: gofmt, go vet, and golangci-lint when installed
lint:
	@bad=$$(find . -name '*.go' -not -path './.tools/*' -not -path './node_modules/*' -not -path './var/*' \
		-print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$bad" ]; then echo "gofmt -l: not formatted:"; echo "$$bad"; exit 1; fi
	go vet ./...
	@if command -v golangci-lint >/dev/null 2>&1; then golangci-lint run; \
	else echo "golangci-lint not installed: skipped"; fi

## bench: run the benchmarks (record results in docs/benchmarks.md)
bench:
	go test -run '^$$' -bench . -benchmem ./...

## fuzz: fuzz the amount parser and the spreadsheet-cell neutraliser for FUZZTIME each (default 30s)
fuzz:
	go test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./internal/money/
	go test -run '^$$' -fuzz FuzzSafe -fuzztime $(FUZZTIME) ./internal/celltext/
	go test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./internal/search/

## tools: install axe-core into .tools/ with npm (skipped without npm)
tools:
	@if [ -f $(AXE_CORE) ]; then echo "tools: axe-core present"; \
	elif ! command -v npm >/dev/null 2>&1; then echo "tools: npm not found, browser tests will skip"; \
	elif npm install --prefix .tools --no-save --no-audit --no-fund axe-core@$(AXE_CORE_VERSION); then :; \
	else echo "tools: npm install failed"; [ "$(REQUIRE_BROWSER)" != 1 ]; fi

## pg: start a throwaway PostgreSQL and print its export TEST_DATABASE_URL=...
# Use as: eval "$$(make -s pg)"
pg:
	@url=$$(scripts/pg-test) && echo "export TEST_DATABASE_URL='$$url'"

## pg-stop: stop and delete the throwaway PostgreSQL
pg-stop:
	scripts/pg-test stop

## ci: what CI runs: install dependencies, PostgreSQL, all tests, lint
ci:
	.ci/run
