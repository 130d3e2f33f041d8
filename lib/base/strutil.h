/* Small inline string helpers. Not installed.
 * SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_BASE_STRUTIL_H
#define SW_BASE_STRUTIL_H

#include <stddef.h>

static inline int sw_lower_(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* ASCII case-insensitive comparison of n bytes: 0 when equal. */
static inline int sw_casecmp_n_(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int d = sw_lower_((unsigned char)a[i]) - sw_lower_((unsigned char)b[i]);
    if (d) return d;
  }
  return 0;
}

/* s equals lit, a literal of lowercase letters only, in any ASCII case:
 * for letters, c | 0x20 equals the lowercase letter exactly when c is it
 * in either case. No strlen, no call. */
static inline int sw_lit_caseeq_(const char *s, const char *lit, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] | 0x20) != (unsigned char)lit[i]) return 0;
  return 1;
}
#define SW_LIT_CASEEQ(s, lit) ((s).len == sizeof(lit) - 1 && sw_lit_caseeq_((s).p, (lit), sizeof(lit) - 1))

static inline int sw_hexval_(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

#endif
