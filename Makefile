# Korrigo: `make run` starts a local server with a demo; `make test` runs every test suite.
# Both install what is missing first (Debian packages; see scripts/install-deps.sh).
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
WERROR ?= $(if $(CI),ON,OFF)

.PHONY: all run test deps build build-asan bench format clean

all: build

deps:
	@scripts/install-deps.sh test

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKORRIGO_WERROR=$(WERROR)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKORRIGO_SANITIZE=ON -DKORRIGO_WERROR=$(WERROR)
	cmake --build $(ASAN_DIR) -j $(JOBS)

run: build
	@scripts/run-demo.sh $(BUILD_DIR)/src/cli/korrigo

test: deps
	@BUILD_DIR=$(BUILD_DIR) ASAN_DIR=$(ASAN_DIR) WERROR=$(WERROR) JOBS=$(JOBS) scripts/test.sh

bench: build
	bench/http.sh && bench/upload.sh && bench/ingest.sh && bench/finalize.sh && bench/grading.sh

format:
	git ls-files -z 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'tools/*.cc' 'tools/*.h' | xargs -0 clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
