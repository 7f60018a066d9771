# rise: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

DB ?= data/rise.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60

.PHONY: help run build test test-fast fuzz bench clean

help:
	@echo "make run    install what is missing, build, set up the demo database and serve on http://$(LISTEN)"
	@echo "make test   install what is missing, build, and run every test suite (also under ASan+UBSan)"
	@echo "make fuzz   run each libFuzzer harness for FUZZ_SECONDS (default $(FUZZ_SECONDS))"
	@echo "make bench  run the benchmarks in bench/"

build:
	scripts/deps.sh build
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	build/release/rise demo --db $(DB) --data demo
	exec build/release/rise serve --db $(DB) --listen $(LISTEN)

# Every suite: unit, lint, HTTP and end-to-end on a debug build, then the
# unit and HTTP suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
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
	ctest --preset debug -j $(JOBS) --repeat until-pass:2

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

clean:
	rm -rf build
