/*
 * sipwire base layer: errors, string views, allocator, arena, context
 * (allocator, clock, RNG, log hook) and identifier generation.
 *
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIPWIRE_BASE_H
#define SIPWIRE_BASE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(SW_NO_VISIBILITY)
#define SW_API __attribute__((visibility("default")))
#else
#define SW_API
#endif

#define SW_VERSION_MAJOR 0
#define SW_VERSION_MINOR 1
#define SW_VERSION_PATCH 0
#define SW_VERSION_STRING "0.1.0"

/* Error codes: code, name, message. Never renumbered; retired codes stay reserved.
 * Codes below SW_EFATAL mean "destroy the object that returned it". */
#define SW_ERRNO_MAP(XX)                                                     \
  XX(EINVAL, -1, "invalid argument")                                       \
  XX(EPARSE, -2, "syntax error")                                           \
  XX(EAGAIN, -3, "incomplete input, more bytes needed")                    \
  XX(ETOOBIG, -4, "input exceeds a configured limit")                      \
  XX(ENOTFOUND, -5, "not found")                                           \
  XX(ETIMEDOUT, -6, "timed out")                                           \
  XX(ECANCELED, -7, "operation canceled")                                  \
  XX(ERANGE, -8, "number out of range")                                    \
  XX(EREFUSE, -9, "well-formed but must be refused")                       \
  XX(ENOSPC, -10, "output buffer too small")                               \
  XX(EEXIST, -11, "already exists")                                        \
  XX(ESTATE, -12, "operation not allowed in this state")                   \
  XX(EIO, -13, "input/output error")                                       \
  XX(ENOTSUP, -14, "not supported")                                        \
  XX(ERECURSIVE, -15, "function may not be called from a handler")         \
  XX(ENOMEM, -901, "out of memory")                                        \
  XX(ECALLBACK, -902, "a handler reported failure")

typedef enum sw_errno {
  SW_OK = 0,
#define SW_XX_ENUM(name, code, msg) SW_##name = (code),
  SW_ERRNO_MAP(SW_XX_ENUM)
#undef SW_XX_ENUM
  SW_EFATAL = -900
} sw_errno;

/** Return a static English message for an error code (0 gives "success"). */
SW_API const char *sw_strerror(int err);
/** Return the symbolic name of an error code ("SW_EPARSE"), or "SW_E?" if unknown. */
SW_API const char *sw_errname(int err);
/** Return non-zero if err is fatal for the object that returned it. */
SW_API int sw_is_fatal(int err);

/** Detail of a parse failure. offset: index of the first byte not accepted;
 * line counts from 1; reason is a static string; status is the SIP status a
 * UAS should answer with (400, 505, 413, ...), or 0 when the input should be
 * dropped silently (e.g. a malformed response). */
typedef struct sw_parse_error {
  size_t offset;
  unsigned line;
  const char *reason;
  int status;
} sw_parse_error;

/** A read-only view of bytes: pointer plus length, not NUL-terminated.
 * p is NULL when the element is absent. */
typedef struct sw_str {
  const char *p;
  size_t len;
} sw_str;

/** Make a view of a NUL-terminated string (NULL gives an absent view). */
SW_API sw_str sw_str_c(const char *s);
/** Exact byte comparison; returns non-zero when equal. */
SW_API int sw_str_eq(sw_str a, sw_str b);
/** ASCII case-insensitive comparison; returns non-zero when equal. */
SW_API int sw_str_caseeq(sw_str a, sw_str b);
/** ASCII case-insensitive comparison with a C string; non-zero when equal. */
SW_API int sw_str_caseeq_c(sw_str a, const char *s);

/** Allocator hooks; all allocation of the library goes through one of these. */
typedef struct sw_allocator {
  void *(*malloc)(size_t size, void *user_data);
  void *(*realloc)(void *ptr, size_t size, void *user_data);
  void (*free)(void *ptr, void *user_data);
  void *user_data;
} sw_allocator;

/** The default allocator (malloc, realloc, free). */
SW_API const sw_allocator *sw_allocator_default(void);

/** A test allocator that fails the Nth allocation (counting from 1) and,
 * with sticky set, every one after it. Counts allocations and live blocks. */
typedef struct sw_failalloc {
  unsigned long fail_at; /* 0: never fail */
  int sticky;
  unsigned long count;   /* allocations attempted (malloc and every realloc) */
  unsigned long live;    /* blocks currently allocated */
  unsigned long failed;  /* allocations refused */
  sw_allocator alloc;    /* hand &fa.alloc to the library */
} sw_failalloc;

/** Initialise a failing allocator that refuses allocation number fail_at (0: none). */
SW_API void sw_failalloc_init(sw_failalloc *fa, unsigned long fail_at, int sticky);

/** Log levels for the log hook. */
typedef enum sw_log_level {
  SW_LOG_ERROR = 0,
  SW_LOG_WARN = 1,
  SW_LOG_INFO = 2,
  SW_LOG_DEBUG = 3,
  SW_LOG_TRACE = 4
} sw_log_level;

/** Log hook: ctx_id names the object the line is about (call, transaction) or is "". */
typedef void (*sw_log_fn)(void *user_data, sw_log_level level, const char *ctx_id,
                          const char *message);
/** Monotonic clock in milliseconds. */
typedef uint64_t (*sw_clock_fn)(void *user_data);
/** Fill buf with len random bytes; return 0 or a negative SW_E* code. */
typedef int (*sw_rng_fn)(void *user_data, void *buf, size_t len);

typedef struct sw_ctx sw_ctx;

/** Context configuration; set defaults with sw_ctx_config_init(). */
typedef struct sw_ctx_config {
  size_t size;                /* sizeof(sw_ctx_config), set by init */
  const sw_allocator *alloc;  /* NULL: default allocator (copied at create) */
  sw_clock_fn clock;          /* NULL: CLOCK_MONOTONIC */
  void *clock_user_data;
  sw_rng_fn rng;              /* NULL: getrandom(2); ids from libuuid */
  void *rng_user_data;
  sw_log_fn log;              /* NULL: no logging */
  void *log_user_data;
  sw_log_level log_level;     /* highest level passed to the hook */
} sw_ctx_config;

/** Set cfg to defaults (system allocator, clock and RNG, no log hook). */
SW_API void sw_ctx_config_init(sw_ctx_config *cfg);
/** Create a context from cfg (NULL: defaults). Errors: SW_EINVAL, SW_ENOMEM. */
SW_API int sw_ctx_create(const sw_ctx_config *cfg, sw_ctx **out);
/** Destroy a context; objects created from it must be destroyed first. */
SW_API void sw_ctx_destroy(sw_ctx *ctx);
/** Current time in milliseconds from the context's clock. */
SW_API uint64_t sw_ctx_now(const sw_ctx *ctx);
/** Fill buf with random bytes from the context's RNG. Errors: SW_EIO. */
SW_API int sw_ctx_random(const sw_ctx *ctx, void *buf, size_t len);

/* Arena: bump allocator for objects that die together (a message). */
typedef struct sw_arena sw_arena;

/** Create an arena allocating chunks of chunk_size bytes (0: 4096) through
 * ctx's allocator (ctx NULL: default allocator). Errors: SW_ENOMEM. */
SW_API int sw_arena_create(const sw_ctx *ctx, size_t chunk_size, sw_arena **out);
/** Allocate size bytes aligned for any type; NULL when out of memory. */
SW_API void *sw_arena_alloc(sw_arena *a, size_t size);
/** Copy len bytes into the arena and NUL-terminate; NULL when out of memory. */
SW_API char *sw_arena_strndup(sw_arena *a, const char *s, size_t len);
/** Free everything allocated since create, keeping the first chunk for reuse. */
SW_API void sw_arena_reset(sw_arena *a);
/** Bytes handed out since the last reset. */
SW_API size_t sw_arena_used(const sw_arena *a);
/** Destroy the arena and everything allocated from it (NULL is ignored). */
SW_API void sw_arena_destroy(sw_arena *a);

/* Identifiers. Buffers receive a NUL-terminated string; *len (may be NULL)
 * gets its length. Errors: SW_ENOSPC when cap is too small, SW_EIO. */
#define SW_ID_CALL_ID_MAX 37 /* 36 characters + NUL */
#define SW_ID_TAG_MAX 17     /* 16 characters + NUL */
#define SW_ID_BRANCH_MAX 31  /* "z9hG4bK" + 23 characters + NUL */

/** A new Call-ID: a random UUID (libuuid, or the context's injected RNG). */
SW_API int sw_id_call_id(const sw_ctx *ctx, char *buf, size_t cap, size_t *len);
/** A new From/To tag: 16 characters from the context's RNG. */
SW_API int sw_id_tag(const sw_ctx *ctx, char *buf, size_t cap, size_t *len);
/** A new Via branch: the "z9hG4bK" cookie and 23 random characters. */
SW_API int sw_id_branch(const sw_ctx *ctx, char *buf, size_t cap, size_t *len);

/** Library version string ("0.1.0"). */
SW_API const char *sw_version(void);

#ifdef __cplusplus
}
#endif
#endif /* SIPWIRE_BASE_H */
