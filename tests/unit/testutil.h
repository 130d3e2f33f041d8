/* Shared helpers for the unit tests (cmocka). */
#ifndef SW_TESTUTIL_H
#define SW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sipwire/sipwire.h"

#ifndef SHARED_DIR
#define SHARED_DIR "../shared"
#endif

/* The shared/ folder: $SHARED overrides the build-time default. */
static inline const char *shared_dir(void) {
  const char *s = getenv("SHARED");
  return s && *s ? s : SHARED_DIR;
}

/* Skip when shared data is missing, but fail under CI=true (DESIGN.md). */
static inline int shared_missing(const char *what) {
  const char *ci = getenv("CI");
  if (ci && strcmp(ci, "true") == 0) {
    fail_msg("%s missing under CI", what);
  }
  fprintf(stderr, "notice: %s missing, test skipped\n", what);
  return 1;
}

/* Read a whole file; NULL if it cannot be read. */
static inline char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    *len = (size_t)n;
  }
  return buf;
}

/* Print a message into a malloc'd NUL-terminated string. */
static inline char *print_msg(const sw_msg *m, unsigned flags, size_t *len) {
  size_t n = 0;
  sw_msg_print(m, flags, NULL, 0, &n);
  char *s = malloc(n + 1);
  assert_non_null(s);
  assert_int_equal(sw_msg_print(m, flags, s, n + 1, &n), 0);
  s[n] = '\0';
  if (len) *len = n;
  return s;
}

static inline int str_is(sw_str s, const char *c) {
  return s.p && s.len == strlen(c) && memcmp(s.p, c, s.len) == 0;
}
#define assert_str(s, c)                                                                   \
  do {                                                                                     \
    sw_str s_ = (s);                                                                       \
    if (!str_is(s_, (c)))                                                                  \
      fail_msg("expected \"%s\", got \"%.*s\"", (c), (int)s_.len, s_.p ? s_.p : "(null)"); \
  } while (0)

#endif
