/* Default allocator and the failing test allocator.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <stdlib.h>

#include "internal.h"

static void *def_malloc(size_t n, void *ud) { (void)ud; return malloc(n); }
static void *def_realloc(void *p, size_t n, void *ud) { (void)ud; return realloc(p, n); }
static void def_free(void *p, void *ud) { (void)ud; free(p); }

static const sw_allocator default_allocator = {def_malloc, def_realloc, def_free, NULL};

const sw_allocator *sw_allocator_default(void) { return &default_allocator; }

static int fa_refuse(sw_failalloc *fa) {
  fa->count++;
  if (fa->fail_at && (fa->count == fa->fail_at || (fa->sticky && fa->count > fa->fail_at))) {
    fa->failed++;
    return 1;
  }
  return 0;
}

static void *fa_malloc(size_t n, void *ud) {
  sw_failalloc *fa = ud;
  if (fa_refuse(fa)) return NULL;
  void *p = malloc(n ? n : 1);
  if (p) fa->live++;
  return p;
}

static void *fa_realloc(void *p, size_t n, void *ud) {
  sw_failalloc *fa = ud;
  if (!p) return fa_malloc(n, ud);
  if (fa_refuse(fa)) return NULL;
  return realloc(p, n ? n : 1);
}

static void fa_free(void *p, void *ud) {
  sw_failalloc *fa = ud;
  if (p) fa->live--;
  free(p);
}

void sw_failalloc_init(sw_failalloc *fa, unsigned long fail_at, int sticky) {
  fa->fail_at = fail_at;
  fa->sticky = sticky;
  fa->count = fa->live = fa->failed = 0;
  fa->alloc.malloc = fa_malloc;
  fa->alloc.realloc = fa_realloc;
  fa->alloc.free = fa_free;
  fa->alloc.user_data = fa;
}
