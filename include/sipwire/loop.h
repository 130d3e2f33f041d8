/*
 * sipwire loop: the optional event loop, and the interface a stack uses to
 * live in any loop (libuv, glib, libevent, a firmware loop): three
 * functions, add_fd, del_fd and timer, in a vtable. sw_loop is the small
 * epoll implementation that ships with the library.
 *
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIPWIRE_LOOP_H
#define SIPWIRE_LOOP_H

#include "sipwire/base.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SW_LOOP_READ 0x1u
#define SW_LOOP_WRITE 0x2u

/** An fd is ready (events: SW_LOOP_READ and/or SW_LOOP_WRITE). */
typedef void (*sw_fd_fn)(int fd, unsigned events, void *user_data);
/** A timer fired. */
typedef void (*sw_timer_fn)(void *user_data);

/** What a loop offers: watch an fd, stop watching it, and one timer per
 * (fn, user_data) pair, re-armed by calling timer again (at_ms < 0 stops
 * it). at_ms is on the sw_ctx clock. Each returns 0 or a negative SW_E*. */
typedef struct sw_loop_vtable {
  size_t size;
  int (*add_fd)(void *loop, int fd, unsigned events, sw_fd_fn fn, void *user_data);
  int (*del_fd)(void *loop, int fd);
  int (*timer)(void *loop, int64_t at_ms, sw_timer_fn fn, void *user_data);
} sw_loop_vtable;

typedef struct sw_loop sw_loop;

/** Create an epoll loop; ctx gives the clock and allocator (NULL: defaults).
 * Errors: SW_EINVAL (out NULL), SW_ENOMEM, SW_EIO. */
SW_API int sw_loop_create(const sw_ctx *ctx, sw_loop **out);
/** Destroy a loop (its fds are not closed). */
SW_API void sw_loop_destroy(sw_loop *l);
/** Run until sw_loop_stop or until the ctx clock reaches until_ms (< 0: no
 * limit). Errors: SW_EIO. */
SW_API int sw_loop_run(sw_loop *l, int64_t until_ms);
/** Make sw_loop_run return after the current callback. */
SW_API void sw_loop_stop(sw_loop *l);
/** The vtable of sw_loop, to give with the loop itself to sw_stack_attach. */
SW_API const sw_loop_vtable *sw_loop_vtable_default(void);

#ifdef __cplusplus
}
#endif
#endif /* SIPWIRE_LOOP_H */
