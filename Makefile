# rise: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

DB ?= data/rise.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
RISE ?= build/release/rise
# Without RISE_NOTIFY_API_KEY, `make run` sends email to a local stand-in for
# GOV.UK Notify (rise notify-standin) with this key and template: both are
# made up and only the stand-in accepts them.
STANDIN_KEY := rise_demo-5f0b7c1e-8a2d-4c3e-9b4f-6a7d8e9f0a1b-1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f
STANDIN_TEMPLATES := test=7e1d2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b,*=0c6f5e4d-3b2a-4190-8e7d-6c5b4a392817

.PHONY: help run serve build test test-fast fuzz bench clean

help:
	@echo "make run    install what is missing, build, set up the demo database and serve on http://$(LISTEN)"
	@echo "make test   install what is missing, build, and run every test suite (unit and HTTP under ASan+UBSan)"
	@echo "make fuzz   run each libFuzzer harness for FUZZ_SECONDS (default $(FUZZ_SECONDS))"
	@echo "make bench  run the benchmarks in bench/"
	@echo "make serve  serve DB (after make build); without RISE_NOTIFY_API_KEY, with the Notify stand-in"

build:
	scripts/deps.sh build
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	build/release/rise demo --db $(DB) --data demo
	@$(MAKE) --no-print-directory serve

# Serves $(DB); without RISE_NOTIFY_API_KEY, starts the Notify stand-in on a
# free port first, sends email to it, and stops it when the server stops.
serve:
	@if [ -n "$$RISE_NOTIFY_API_KEY" ]; then exec $(RISE) serve --db $(DB) --listen $(LISTEN); fi; \
	out=$$(mktemp); $(RISE) notify-standin --listen 127.0.0.1:0 --api-key $(STANDIN_KEY) >$$out & standin=$$!; \
	trap 'kill $$standin 2>/dev/null; wait $$standin 2>/dev/null; rm -f $$out' EXIT; \
	for i in $$(seq 100); do grep -q 'listening on' $$out && break; sleep 0.1; done; \
	url=$$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' $$out); \
	[ -n "$$url" ] || { echo "make: the Notify stand-in did not start" >&2; exit 1; }; \
	echo "Email goes to the GOV.UK Notify stand-in at $$url (no RISE_NOTIFY_API_KEY); read it at /admin/outbox"; \
	RISE_NOTIFY_API_KEY=$(STANDIN_KEY) RISE_NOTIFY_BASE_URL=$$url \
	  RISE_NOTIFY_TEMPLATES=$${RISE_NOTIFY_TEMPLATES:-$(STANDIN_TEMPLATES)} \
	  $(RISE) serve --db $(DB) --listen $(LISTEN)

# Every suite: the unit (with the markup lint) and HTTP suites under
# AddressSanitizer + UndefinedBehaviorSanitizer, then the end-to-end
# (Chromium) and data suites on the debug build (the unit and HTTP suites
# are not run twice: `make test-fast` runs everything on the debug build).
test:
	scripts/deps.sh build test
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)
	cmake --preset asan-ubsan >/dev/null
	cmake --build --preset asan-ubsan -j $(JOBS)
	ctest --preset asan-ubsan -L 'unit|http' -j $(JOBS) --repeat until-pass:2
	@# a suite that fails is run once more before it counts as failed: the
	@# browser suites share two cores with everything else and can time out
	@# under load; a real fault fails twice (and shows both times)
	ctest --preset debug -LE 'unit|http' -j $(JOBS) --repeat until-pass:2

test-fast:
	cmake --build --preset debug -j $(JOBS)
	ctest --preset debug -j $(JOBS)

fuzz:
	scripts/deps.sh fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) tools/fuzz.sh

bench:
	scripts/deps.sh bench
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	bench/http.sh
	bench/import.sh
	bench/eligibility.sh
	bench/cases.sh
	bench/notify.sh
	bench/notify_p95.sh
	bench/matching.sh
	bench/plans.sh
	bench/monitoring.sh
	bench/payments.sh

clean:
	rm -rf build
