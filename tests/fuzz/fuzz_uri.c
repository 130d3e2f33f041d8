/* libFuzzer harness: the URI parser, comparison, unescaping. */
#include <stdint.h>
#include <stdlib.h>

#include "sipwire/sipwire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sw_arena *a;
  if (sw_arena_create(NULL, 1024, &a)) return 0;
  size_t half = size / 2;
  sw_uri u1, u2;
  sw_parse_error err;
  int r1 = sw_uri_parse(a, (const char *)data, half, &u1, &err);
  if (r1 && err.offset > half) abort();
  int r2 = sw_uri_parse(a, (const char *)data + half, size - half, &u2, &err);
  if (r1 == 0 && r2 == 0) {
    int eq = sw_uri_equal(&u1, &u2);
    if (eq != sw_uri_equal(&u2, &u1)) abort(); /* symmetric */
    if (!sw_uri_equal(&u1, &u1)) abort();      /* reflexive */
  }
  if (r1 == 0) {
    char buf[512];
    size_t n;
    sw_unescape(u1.user, buf, sizeof buf, &n);
  }
  sw_arena_destroy(a);
  return 0;
}
