/* Small inline string helpers. Not installed.
 * SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_BASE_STRUTIL_H
#define SW_BASE_STRUTIL_H

#include <stddef.h>

static inline int sw_lower_(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
int sw_casecmp_n_(const char *a, const char *b, size_t n);

static inline int sw_hexval_(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

#endif
