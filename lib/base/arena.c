/* Arena: a bump allocator over a list of chunks. reset keeps the first
 * chunk so a reused arena allocates nothing in steady state.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "internal.h"

static chunk *chunk_new(sw_arena *a, size_t usable) {
  if (usable > SIZE_MAX - CHUNK_HDR) return NULL;
  chunk *c = sw_malloc_(a->ctx, CHUNK_HDR + usable);
  if (!c) return NULL;
  c->size = usable;
  return c;
}

int sw_arena_create(const sw_ctx *ctx, size_t chunk_size, sw_arena **out) {
  if (!out) return SW_EINVAL;
  *out = NULL;
  if (!chunk_size) chunk_size = 4096;
  sw_arena *a = sw_malloc_(ctx, sizeof *a);
  if (!a) return SW_ENOMEM;
  a->ctx = ctx;
  a->chunk_size = chunk_size;
  a->used = 0;
  a->head = chunk_new(a, chunk_size);
  if (!a->head) {
    sw_free_(ctx, a);
    return SW_ENOMEM;
  }
  a->head->next = NULL;
  a->first = a->head;
  a->cur = (char *)a->head + CHUNK_HDR;
  a->end = a->cur + chunk_size;
  *out = a;
  return 0;
}

void *sw_arena_alloc(sw_arena *a, size_t size) {
  void *p = sw_arena_take_(a, size);
  return p ? p : sw_arena_grow_(a, size);
}

void *sw_arena_grow_(sw_arena *a, size_t size) {
  if (SW_UNLIKELY(size > SIZE_MAX / 2)) return NULL; /* rounding would wrap */
  size = (size + SW_ALIGN - 1) & ~(size_t)(SW_ALIGN - 1);
  size_t want = size > a->chunk_size ? size : a->chunk_size;
  chunk *c = chunk_new(a, want);
  if (!c) return NULL;
  char *base = (char *)c + CHUNK_HDR;
  if (size > a->chunk_size) {
    /* Oversized: listed, but the current chunk stays open. */
    c->next = a->head;
    a->head = c;
    a->used += size;
    return base;
  }
  c->next = a->head;
  a->head = c;
  a->cur = base + size;
  a->end = base + want;
  a->used += size;
  return base;
}

char *sw_arena_strndup(sw_arena *a, const char *s, size_t len) {
  char *p = sw_arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

void sw_arena_reset(sw_arena *a) {
  chunk *c = a->head, *first = a->first;
  while (c) {
    chunk *n = c->next;
    if (c != first) sw_free_(a->ctx, c);
    c = n;
  }
  a->head = first;
  a->head->next = NULL;
  a->cur = (char *)first + CHUNK_HDR;
  a->end = a->cur + first->size;
  a->used = 0;
}

size_t sw_arena_used(const sw_arena *a) { return a->used; }

void sw_arena_destroy(sw_arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *n = c->next;
    sw_free_(a->ctx, c);
    c = n;
  }
  sw_free_(a->ctx, a);
}
