/* sw_str views.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "internal.h"
#include "strutil.h"

sw_str sw_str_c(const char *s) {
  sw_str r = {s, s ? strlen(s) : 0};
  return r;
}

int sw_str_eq(sw_str a, sw_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

int sw_str_caseeq(sw_str a, sw_str b) {
  return a.len == b.len && sw_casecmp_n_(a.p, b.p, a.len) == 0;
}

int sw_str_caseeq_c(sw_str a, const char *s) {
  size_t n = strlen(s);
  return a.len == n && sw_casecmp_n_(a.p, s, n) == 0;
}
