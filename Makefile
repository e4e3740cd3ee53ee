# jivocrm: build, run, test, install.
# `make run` builds a release binary and opens the console; `make test` runs every test.

SWIFT     ?= swift
PREFIX    ?= /usr/local
BIN_DIR    = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)

# Debian packages this project needs: headers and libraries it links, and the tools its tests drive
# (postgresql and postgresql-contrib: the throwaway servers the PostgreSQL tests start; nginx and
# openssl: the proxy, with a certificate made for the run, that PostgresDeploymentTests put in
# front of two listeners). A missing one is installed when run as root; otherwise `make deps`
# prints the apt-get install that fixes it.
APT_PACKAGES = libsqlite3-dev libncurses-dev libssl-dev libpq-dev postgresql postgresql-contrib tmux curl sqlite3 jq chromium python3 nginx openssl

.PHONY: all build release run test install uninstall deps clean bench format lint fuzz fuzz-ci fuzz-build profile sanitize sanitize-address sanitize-thread

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

## fuzz: build the libFuzzer targets in Tests/Fuzz and run each for FUZZ_SECONDS (default 30)
## on a scratch copy of its seed corpus (Tests/Fuzz/corpus/<target>); crashes land in
## .build/fuzz/artifacts. `make fuzz-ci` runs each for 60 s. The targets are plain Swift files
## compiled together with the library sources they test (no SwiftPM target).
FUZZ_SECONDS ?= 30
FUZZ_DIR      = .build/fuzz
FUZZ_FLAGS    = -sanitize=fuzzer -parse-as-library -O -g -swift-version 6
FUZZ_TARGETS  = FuzzHTTPRequestParser FuzzWebhookEvent FuzzSanitizer
FUZZ_SOURCES_FuzzHTTPRequestParser = Sources/HTTPServer/HTTPRequestParser.swift Sources/HTTPServer/HTTPParseError.swift Sources/HTTPServer/HTTPTypes.swift
FUZZ_SOURCES_FuzzWebhookEvent      = $(wildcard Sources/JivoProtocol/*.swift)
FUZZ_SOURCES_FuzzSanitizer         = $(wildcard Sources/DisplayText/*.swift)

$(FUZZ_DIR)/%: Tests/Fuzz/%.swift $(wildcard Sources/HTTPServer/*.swift Sources/JivoProtocol/*.swift Sources/DisplayText/*.swift)
	@mkdir -p $(FUZZ_DIR)
	swiftc $(FUZZ_FLAGS) -module-name $* -o $@ $< $(FUZZ_SOURCES_$*)

fuzz-build: $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_DIR)/corpus-$$target && mkdir -p $(FUZZ_DIR)/corpus-$$target $(FUZZ_DIR)/artifacts && \
		cp Tests/Fuzz/corpus/$$target/* $(FUZZ_DIR)/corpus-$$target/ && \
		echo "== $$target ($(FUZZ_SECONDS) s)" && \
		$(FUZZ_DIR)/$$target -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=$(FUZZ_DIR)/artifacts/$$target- -print_final_stats=1 \
			$(FUZZ_DIR)/corpus-$$target || exit 1; \
	done

fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=60

## sanitize: the tests that can run under AddressSanitizer and ThreadSanitizer (not part of
## `test`): HTTPServerTests, CRMStoreTests, JivoProtocolTests, DisplayTextTests, ListenerTests,
## the listener and console loop together in one process (ListenerConsoleTests), and the
## graceful-stop, store-fault and console-fault tests of FaultTests, which drive the jivocrm
## binary built with the same sanitizer (the console in tmux): its listener, event loop and
## writer thread run concurrently under load, and halt_on_error makes any report a non-zero exit
## the test fails on. `sanitize-address` and `sanitize-thread` run one sanitizer each.
SANITIZE_FILTER ?= HTTPServerTests|CRMStoreTests|JivoProtocolTests|DisplayTextTests|ListenerTests|GracefulStopTests|StoreFaultTests|ListenerConsoleTests|ConsoleFaultTests
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	$(SWIFT) build --build-tests --sanitize=address --build-path .build/asan
	ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 $(SWIFT) test --skip-build --sanitize=address --build-path .build/asan --filter '$(SANITIZE_FILTER)'

sanitize-thread: deps
	$(SWIFT) build --build-tests --sanitize=thread --build-path .build/tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build --sanitize=thread --build-path .build/tsan --filter '$(SANITIZE_FILTER)'

## install: copy the release binary to $(PREFIX)/bin, the example config, the systemd unit and the nginx site to
## $(PREFIX)/share/jivocrm, and the man page and bash, zsh and fish completions the binary generates from its command table.
SHARE = $(DESTDIR)$(PREFIX)/share
GENERATE = env -u JIVOCRM_CONFIG XDG_CONFIG_HOME=/nonexistent "$(BIN_DIR)/jivocrm"
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(SHARE)/jivocrm" "$(SHARE)/man/man1" "$(SHARE)/bash-completion/completions" \
		"$(SHARE)/zsh/site-functions" "$(SHARE)/fish/vendor_completions.d"
	install -m 0755 "$(BIN_DIR)/jivocrm" "$(DESTDIR)$(PREFIX)/bin/jivocrm"
	install -m 0644 Resources/config.example "$(SHARE)/jivocrm/config.example"
	install -m 0644 Resources/systemd/jivocrm-serve.service "$(SHARE)/jivocrm/jivocrm-serve.service"
	install -m 0644 Resources/nginx/jivocrm.conf "$(SHARE)/jivocrm/jivocrm.conf"
	$(GENERATE) man > "$(SHARE)/man/man1/jivocrm.1"
	$(GENERATE) completions bash > "$(SHARE)/bash-completion/completions/jivocrm"
	$(GENERATE) completions zsh > "$(SHARE)/zsh/site-functions/_jivocrm"
	$(GENERATE) completions fish > "$(SHARE)/fish/vendor_completions.d/jivocrm.fish"
	chmod 0644 "$(SHARE)/man/man1/jivocrm.1" "$(SHARE)/bash-completion/completions/jivocrm" \
		"$(SHARE)/zsh/site-functions/_jivocrm" "$(SHARE)/fish/vendor_completions.d/jivocrm.fish"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/jivocrm" "$(SHARE)/jivocrm/config.example" "$(SHARE)/jivocrm/jivocrm-serve.service" \
		"$(SHARE)/jivocrm/jivocrm.conf" "$(SHARE)/man/man1/jivocrm.1" \
		"$(SHARE)/bash-completion/completions/jivocrm" "$(SHARE)/zsh/site-functions/_jivocrm" \
		"$(SHARE)/fish/vendor_completions.d/jivocrm.fish"

clean:
	rm -rf .build

## bench: measure throughput, latency and memory against this machine's limits; writes BENCHMARKS.md.
bench: deps
	./Tests/Bench/run.sh

## profile: instructions per chat_accepted request, per thread, under callgrind (valgrind).
profile: deps
	./Tests/Bench/profile.sh

## format: rewrite Sources and Tests in the project's swift-format style (.ci/swift-format.json).
format:
	$(SWIFT) format format --configuration .ci/swift-format.json --in-place --recursive Sources Tests Package.swift

## lint: report what differs from the project's swift-format style.
lint:
	$(SWIFT) format lint --configuration .ci/swift-format.json --recursive Sources Tests Package.swift
