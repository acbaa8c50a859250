# The README's two commands:
#   make demo   install missing packages, build, rewrite and run the seed example
#   make test   install missing packages, build, run the whole test suite (ctest)
# Also: make stress (full-size runtime stress), make bench [QUICK=1],
#       make install PREFIX=/some/where
BUILD  ?= build
PREFIX ?= /usr/local
JOBS   ?= $(shell nproc)
CMAKE_FLAGS ?=
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build demo test stress bench install clean

all: build

# Boost.Context only for the fallback stack switch; the LLVM that
# -DGOGO_LLVM_VERSION=N asks for, else the default one.
LLVM_VERSION = $(patsubst -DGOGO_LLVM_VERSION=%,%,$(filter -DGOGO_LLVM_VERSION=%,$(CMAKE_FLAGS)))
deps:
	@scripts/install-deps.sh $(if $(findstring GOGO_BOOST_CONTEXT_SWITCH=ON,$(CMAKE_FLAGS)),boost-context) \
	  $(if $(LLVM_VERSION),llvm-$(LLVM_VERSION))

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@cmake --build $(BUILD) --target demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

stress: build
	@cmake --build $(BUILD) --target stress

bench:
	@scripts/install-deps.sh bench
	@cmake -S . -B $(BUILD) -DGOGO_BUILD_BENCH=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@cmake --build $(BUILD) --target bench

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD)
