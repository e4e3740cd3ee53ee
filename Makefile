# jivocrm: build, run, test, install.
# `make run` builds a release binary and opens the console; `make test` runs every test.

SWIFT     ?= swift
PREFIX    ?= /usr/local
BIN_DIR    = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)

# Debian packages this project needs: headers and libraries it links, and the tools its tests drive.
APT_PACKAGES = libsqlite3-dev libncurses-dev libssl-dev tmux curl

.PHONY: all build release run test install uninstall deps clean bench format lint

all: build

## deps: check the system libraries and tools; install them with apt-get when run as root.
deps:
	@./.ci/deps $(APT_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product jivocrm

## run: build a release binary and open the console (with the webhook listener).
run: release
	"$(BIN_DIR)/jivocrm" $(ARGS)

## test: build everything and run every test (unit, integration over 127.0.0.1, end-to-end in tmux).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## install: copy the release binary to $(PREFIX)/bin and the example config to $(PREFIX)/share/jivocrm.
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/jivocrm"
	install -m 0755 "$(BIN_DIR)/jivocrm" "$(DESTDIR)$(PREFIX)/bin/jivocrm"
	install -m 0644 Resources/config.example "$(DESTDIR)$(PREFIX)/share/jivocrm/config.example"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/jivocrm" "$(DESTDIR)$(PREFIX)/share/jivocrm/config.example"

clean:
	rm -rf .build

## bench: measure throughput, latency and memory against this machine's limits; writes BENCHMARKS.md.
bench: deps
	./Tests/Bench/run.sh

## format: rewrite Sources and Tests in the project's swift-format style (.ci/swift-format.json).
format:
	$(SWIFT) format format --configuration .ci/swift-format.json --in-place --recursive Sources Tests Package.swift

## lint: report what differs from the project's swift-format style.
lint:
	$(SWIFT) format lint --configuration .ci/swift-format.json --recursive Sources Tests Package.swift
