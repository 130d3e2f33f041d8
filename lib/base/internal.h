/* Internal declarations shared by the library's layers. Not installed.
 * SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_BASE_INTERNAL_H
#define SW_BASE_INTERNAL_H

#include "sipwire/base.h"

#if defined(__GNUC__)
#define SW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define SW_COLD __attribute__((cold)) /* rare path: optimised for size */
#define SW_LIKELY(x) __builtin_expect(!!(x), 1)
#define SW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SW_PRINTF(a, b)
#define SW_COLD
#define SW_LIKELY(x) (x)
#define SW_UNLIKELY(x) (x)
#endif

struct sw_ctx {
  sw_allocator alloc;
  sw_clock_fn clock;
  void *clock_user_data;
  sw_rng_fn rng;
  void *rng_user_data;
  int rng_injected; /* ids use libuuid only with the system RNG */
  sw_log_fn log;
  void *log_user_data;
  sw_log_level log_level;
};

/* Arena internals, shared so the allocation fast path can be inlined. */
#define SW_ALIGN 16u

typedef struct chunk {
  struct chunk *next;
  size_t size; /* usable bytes after the header */
} chunk;

#define CHUNK_HDR ((sizeof(chunk) + SW_ALIGN - 1) & ~(size_t)(SW_ALIGN - 1))

struct sw_arena {
  const sw_ctx *ctx;
  chunk *first;      /* kept across reset */
  chunk *head;       /* all chunks, newest first */
  char *cur, *end;
  size_t chunk_size;
  size_t used;
};

/* Fast path: a block from the current chunk, or NULL (then sw_arena_grow_). */
static inline void *sw_arena_take_(sw_arena *a, size_t size) {
  size_t r = (size + SW_ALIGN - 1) & ~(size_t)(SW_ALIGN - 1);
  if (SW_LIKELY(size <= (size_t)(a->end - a->cur) && r <= (size_t)(a->end - a->cur))) {
    void *p = a->cur;
    a->cur += r;
    a->used += r;
    return p;
  }
  return NULL;
}
void *sw_arena_grow_(sw_arena *a, size_t size);

/* The context used when a caller passes NULL: defaults, never modified. */
const sw_ctx *sw_ctx_default_(void);

void *sw_malloc_(const sw_ctx *ctx, size_t size);
void sw_free_(const sw_ctx *ctx, void *p);

/* Log through the context's hook when level is enabled. */
void sw_log_(const sw_ctx *ctx, sw_log_level level, const char *ctx_id, const char *fmt, ...)
    SW_PRINTF(4, 5);

/* Copy a config struct of caller-declared size into a zeroed struct of ours:
 * fields the caller's (older) struct lacks keep their defaults. */
int sw_config_copy_(void *dst, size_t dst_size, const void *src, size_t min_size);

#endif
