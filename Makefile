# sipwire - see README.md. `make deps demo`, `make check`, `make check SANITIZE=1`.
PREFIX ?= /usr/local
SHARED ?= ../shared
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
FUZZ_SECONDS ?= 60

# The shared library must resolve every symbol itself, except under the
# sanitizers: clang leaves their runtime to the executable.
SO_LDFLAGS := -Wl,--no-undefined
ifeq ($(SANITIZE),1)
SO_LDFLAGS :=
BUILD := $(BUILD)/san
# clang's UBSan also checks pointer arithmetic on NULL (gcc's does not).
SAN_CC ?= $(shell command -v clang-14 || command -v clang || echo $(CC))
CC := $(SAN_CC)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CPPFLAGS_ALL := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude
CFLAGS_ALL := -std=c11 $(WARN) -fPIC -fvisibility=hidden $(SANFLAGS) $(CFLAGS)
LDLIBS_LIB := -luuid
# gcc warns about snprintf truncation into the tests' path buffers; clang has no such option.
TEST_WARN := $(shell $(CC) -Werror -Wno-format-truncation -E -x c /dev/null >/dev/null 2>&1 && echo -Wno-format-truncation)

LIB_SRC := $(sort $(wildcard lib/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
EXAMPLES := sipwire-parse sipwire-embed
EXAMPLE_BIN := $(EXAMPLES:%=$(BUILD)/%)
TEST_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SIM_TEST_SRC := $(sort $(wildcard tests/sim/test_*.c))
TEST_BIN += $(SIM_TEST_SRC:tests/sim/%.c=$(BUILD)/tests/sim/%)
SOVERSION := 0
VERSION := 0.1.0

DEBS := build-essential pkg-config python3 valgrind clang-14 libclang-rt-14-dev llvm-14 \
	libcmocka-dev uuid-dev libc-ares-dev libssl-dev libsrtp2-dev \
	libopus-dev libspandsp-dev libspeexdsp-dev libsndfile1-dev \
	sip-tester libsofia-sip-ua-dev libosip2-dev libre-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all lib examples check unit valgrind demo deps fuzz bench install clean api-check

all: lib examples

lib: $(BUILD)/libsipwire.a $(BUILD)/libsipwire.so.$(VERSION)

$(BUILD)/lib/%.o: lib/%.c $(wildcard include/sipwire/*.h) $(wildcard lib/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libsipwire.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libsipwire.so.$(VERSION): $(LIB_OBJ) lib/sipwire.map
	$(CC) -shared -Wl,-soname,libsipwire.so.$(SOVERSION) -Wl,--version-script=lib/sipwire.map \
		$(SO_LDFLAGS) $(SANFLAGS) -o $@ $(LIB_OBJ) $(LDLIBS_LIB)
	ln -sf libsipwire.so.$(VERSION) $(BUILD)/libsipwire.so.$(SOVERSION)
	ln -sf libsipwire.so.$(SOVERSION) $(BUILD)/libsipwire.so

examples: $(EXAMPLE_BIN)

$(BUILD)/%: examples/%.c $(BUILD)/libsipwire.a
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libsipwire.a $(LDLIBS_LIB)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(BUILD)/libsipwire.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) $(TEST_WARN) -DSHARED_DIR='"$(abspath $(SHARED))"' \
		-o $@ $< $(BUILD)/libsipwire.a $(LDLIBS_LIB) -lcmocka -lpthread

# Simulation tests link the simulator (tests/sim/sim.c).
$(BUILD)/tests/sim/%: tests/sim/%.c tests/sim/sim.c tests/sim/sim.h tests/unit/testutil.h $(BUILD)/libsipwire.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -Itests/unit -Itests/sim $(CFLAGS_ALL) $(TEST_WARN) -DSHARED_DIR='"$(abspath $(SHARED))"' \
		-o $@ $< tests/sim/sim.c $(BUILD)/libsipwire.a $(LDLIBS_LIB) -lcmocka

unit: $(TEST_BIN) examples

PROGRAM_TESTS := $(sort $(wildcard tests/programs/*.sh tests/interop/*.sh))

check: unit api-check
	SHARED=$(abspath $(SHARED)) BUILD=$(BUILD) CC="$(CC)" SANFLAGS="$(SANFLAGS)" \
		sh tests/run.sh $(TEST_BIN) $(PROGRAM_TESTS)

valgrind: $(TEST_BIN)
	SHARED=$(abspath $(SHARED)) VALGRIND="valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99" \
		sh tests/run.sh $(TEST_BIN)

api-check: lib
	sh tests/check-api.sh $(BUILD)/libsipwire.so.$(VERSION)

demo: all
	sh examples/demo.sh $(BUILD)

deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(DEBS)

fuzz:
	$(MAKE) -C tests/fuzz run SECONDS_EACH=$(FUZZ_SECONDS)

bench: all
	$(MAKE) -C bench run

install: all
	install -d $(DESTDIR)$(PREFIX)/include/sipwire $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/man/man3 $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/bin
	install -m 644 include/sipwire/*.h $(DESTDIR)$(PREFIX)/include/sipwire/
	install -m 644 $(BUILD)/libsipwire.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libsipwire.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libsipwire.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libsipwire.so.$(SOVERSION)
	ln -sf libsipwire.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libsipwire.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' pkgconfig/sipwire.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/sipwire.pc
	install -m 644 man/man3/*.3 $(DESTDIR)$(PREFIX)/share/man/man3/
	install -m 644 man/man1/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 755 $(EXAMPLE_BIN) $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf build
