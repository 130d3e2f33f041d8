/* sw_loop: a small epoll loop behind the sw_loop_vtable interface. Watches
 * and timers are few (a stack has a socket or two, an eventfd and one
 * timer), so they sit in lists. A watch deleted during a dispatch round is
 * freed after it, so callbacks may remove any fd, their own included.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "../base/internal.h"
#include "sipwire/loop.h"

typedef struct watch {
  int fd, dead;
  sw_fd_fn fn;
  void *ud;
  struct watch *next;
} watch;

typedef struct tmr {
  sw_timer_fn fn;
  void *ud;
  int64_t at; /* < 0: idle */
  struct tmr *next;
} tmr;

struct sw_loop {
  const sw_ctx *ctx;
  int ep, stop, dispatching;
  watch *watches;
  tmr *timers;
};

int sw_loop_create(const sw_ctx *ctx, sw_loop **out) {
  if (!out) return SW_EINVAL;
  sw_loop *l = sw_malloc_(ctx, sizeof *l);
  if (!l) return SW_ENOMEM;
  memset(l, 0, sizeof *l);
  l->ctx = ctx;
  l->ep = epoll_create1(EPOLL_CLOEXEC);
  if (l->ep < 0) {
    sw_free_(ctx, l);
    return SW_EIO;
  }
  *out = l;
  return 0;
}

static void reap(sw_loop *l) {
  for (watch **pp = &l->watches; *pp;) {
    watch *w = *pp;
    if (w->dead) {
      *pp = w->next;
      sw_free_(l->ctx, w);
    } else {
      pp = &w->next;
    }
  }
}

void sw_loop_destroy(sw_loop *l) {
  if (!l) return;
  for (watch *w = l->watches; w; w = w->next) w->dead = 1;
  reap(l);
  for (tmr *t = l->timers, *n; t; t = n) {
    n = t->next;
    sw_free_(l->ctx, t);
  }
  close(l->ep);
  sw_free_(l->ctx, l);
}

static int add_fd(void *loop, int fd, unsigned events, sw_fd_fn fn, void *ud) {
  sw_loop *l = loop;
  if (!l || fd < 0 || !fn) return SW_EINVAL;
  watch *w = sw_malloc_(l->ctx, sizeof *w);
  if (!w) return SW_ENOMEM;
  *w = (watch){fd, 0, fn, ud, l->watches};
  struct epoll_event ev = {(events & SW_LOOP_READ ? EPOLLIN : 0u) | (events & SW_LOOP_WRITE ? EPOLLOUT : 0u), {.ptr = w}};
  if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev)) {
    sw_free_(l->ctx, w);
    return errno == EEXIST ? SW_EEXIST : SW_EIO;
  }
  l->watches = w;
  return 0;
}

static int del_fd(void *loop, int fd) {
  sw_loop *l = loop;
  for (watch *w = l->watches; w; w = w->next)
    if (w->fd == fd && !w->dead) {
      epoll_ctl(l->ep, EPOLL_CTL_DEL, fd, NULL);
      w->dead = 1;
      if (!l->dispatching) reap(l);
      return 0;
    }
  return SW_ENOTFOUND;
}

static int timer(void *loop, int64_t at_ms, sw_timer_fn fn, void *ud) {
  sw_loop *l = loop;
  if (!l || !fn) return SW_EINVAL;
  for (tmr *t = l->timers; t; t = t->next)
    if (t->fn == fn && t->ud == ud) {
      t->at = at_ms;
      return 0;
    }
  if (at_ms < 0) return 0;
  tmr *t = sw_malloc_(l->ctx, sizeof *t);
  if (!t) return SW_ENOMEM;
  *t = (tmr){fn, ud, at_ms, l->timers};
  l->timers = t;
  return 0;
}

static const sw_loop_vtable vtable = {sizeof vtable, add_fd, del_fd, timer};

const sw_loop_vtable *sw_loop_vtable_default(void) { return &vtable; }

void sw_loop_stop(sw_loop *l) { l->stop = 1; }

/* The earliest armed timer, or NULL. */
static tmr *earliest(sw_loop *l) {
  tmr *best = NULL;
  for (tmr *t = l->timers; t; t = t->next)
    if (t->at >= 0 && (!best || t->at < best->at)) best = t;
  return best;
}

int sw_loop_run(sw_loop *l, int64_t until_ms) {
  l->stop = 0;
  while (!l->stop) {
    int64_t now = (int64_t)sw_ctx_now(l->ctx);
    if (until_ms >= 0 && now >= until_ms) break;
    tmr *t = earliest(l);
    if (t && t->at <= now) {
      t->at = -1; /* one-shot until armed again */
      t->fn(t->ud);
      continue;
    }
    int64_t wake = t ? t->at : -1;
    if (until_ms >= 0 && (wake < 0 || until_ms < wake)) wake = until_ms;
    int timeout = wake < 0 ? -1 : (int)(wake - now > 60000 ? 60000 : wake - now);
    struct epoll_event evs[32];
    int n = epoll_wait(l->ep, evs, 32, timeout);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SW_EIO;
    }
    l->dispatching = 1;
    for (int i = 0; i < n && !l->stop; i++) {
      watch *w = evs[i].data.ptr;
      if (w->dead) continue;
      unsigned e = (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR) ? SW_LOOP_READ : 0u) |
                   (evs[i].events & EPOLLOUT ? SW_LOOP_WRITE : 0u);
      w->fn(w->fd, e, w->ud);
    }
    l->dispatching = 0;
    reap(l);
  }
  return 0;
}
