# The two commands a newcomer needs: `make run` and `make check`.
# Everything else is CMake's business; see README.md and docs/design.md.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= var/puente.db

.PHONY: run check deps build build-asan clean bench fuzz quality

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPU_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# Builds, creates var/puente.db from data/ on first start, and shows what is loaded.
run: build
	@sh scripts/run.sh $(BUILD)/puente $(DB)

# Sanitizer build of everything, then every test through ctest.
check: build-asan
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@sh scripts/deps.sh bench
	@sh bench/run.sh $(BUILD)

# Homologation quality on the real data in ../shared/data, beside FTS5 and
# FTS5 + Apertium baselines (bench/quality/README.md; figures in bench/RESULTS.md).
quality: build
	@/usr/bin/python3 bench/quality/run.py --puente $(BUILD)/puente

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
