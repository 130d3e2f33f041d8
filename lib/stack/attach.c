/* A stack living in a loop: its UDP sockets, its one timer, and tasks
 * posted from other threads (the only thread-safe entry point: a lock-free
 * push, an eventfd to wake the loop, the loop thread runs them in order).
 * SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

static socklen_t to_sockaddr(const sw_addr *a, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  if (a->family == 6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(a->port);
    memcpy(&s6->sin6_addr, a->ip, 16);
    return sizeof *s6;
  }
  struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
  s4->sin_family = AF_INET;
  s4->sin_port = htons(a->port);
  memcpy(&s4->sin_addr, a->ip, 4);
  return sizeof *s4;
}

static void from_sockaddr(const struct sockaddr_storage *ss, sw_addr *a) {
  memset(a, 0, sizeof *a);
  a->transport = SW_TRANSPORT_UDP;
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
    a->family = 6;
    a->port = ntohs(s6->sin6_port);
    memcpy(a->ip, &s6->sin6_addr, 16);
  } else {
    const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
    a->family = 4;
    a->port = ntohs(s4->sin_port);
    memcpy(a->ip, &s4->sin_addr, 4);
  }
}

static void on_timer(void *ud) {
  sw_stack *st = ud;
  sw_stack_enter_(st);
  sw_stack_tick(st, sw_ctx_now(st->ctx)); /* re-arms */
  sw_stack_leave_(st);
}

void sw_stack_rearm_(sw_stack *st) {
  if (st->vt) st->vt->timer(st->loop, sw_stack_next_timeout(st), on_timer, st);
}

static void run_posted(sw_stack *st) {
  post_task *list = atomic_exchange(&st->posted, NULL), *fifo = NULL;
  while (list) { /* newest first: reverse into posting order */
    post_task *n = list->next;
    list->next = fifo;
    fifo = list;
    list = n;
  }
  while (fifo) {
    post_task *n = fifo->next;
    if (!st->dying) fifo->fn(fifo->arg); /* after a destroy: dropped */
    sw_free_(st->ctx, fifo);
    fifo = n;
  }
}

static void on_wake(int fd, unsigned events, void *ud) {
  sw_stack *st = ud;
  uint64_t v;
  (void)events;
  while (read(fd, &v, sizeof v) > 0) {
  }
  sw_stack_enter_(st);
  run_posted(st);
  if (!sw_stack_leave_(st)) sw_stack_rearm_(st);
}

int sw_stack_attach(sw_stack *st, const sw_loop_vtable *vt, void *loop) {
  if (!st || !vt || !loop || vt->size < sizeof *vt || st->vt) return SW_EINVAL;
  int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return SW_EIO;
  int rv = vt->add_fd(loop, fd, SW_LOOP_READ, on_wake, st);
  if (rv) {
    close(fd);
    return rv;
  }
  st->vt = vt;
  st->loop = loop;
  st->wake_fd = fd;
  sw_stack_rearm_(st);
  return 0;
}

void sw_stack_detach_(sw_stack *st) {
  if (!st->vt) return;
  for (listener *l = st->listeners, *n; l; l = n) {
    n = l->next;
    st->vt->del_fd(st->loop, l->fd);
    close(l->fd);
    sw_free_(st->ctx, l);
  }
  st->listeners = NULL;
  st->vt->del_fd(st->loop, st->wake_fd);
  st->vt->timer(st->loop, -1, on_timer, st);
  close(st->wake_fd);
  st->wake_fd = -1;
  for (post_task *t = atomic_exchange(&st->posted, NULL), *n; t; t = n) { /* not run */
    n = t->next;
    sw_free_(st->ctx, t);
  }
  st->vt = NULL;
}

static void on_readable(int fd, unsigned events, void *ud) {
  listener *l = ud;
  sw_stack *st = l->st;
  (void)events;
  char buf[65536]; /* read what is queued, a bounded number at a time */
  sw_stack_enter_(st);
  for (int i = 0; i < 64 && !st->dying; i++) {
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&ss, &sl);
    if (n < 0) break;
    sw_addr from;
    from_sockaddr(&ss, &from);
    if (sw_stack_recv(st, &l->addr, &from, buf, (size_t)n) == SW_ENOMEM)
      sw_log_(st->ctx, SW_LOG_ERROR, "", "out of memory: a datagram was dropped");
  }
  sw_stack_leave_(st);
}

int sw_stack_listen(sw_stack *st, const sw_addr *addr, sw_addr *bound) {
  if (!st || !addr || !st->vt) return SW_EINVAL;
  if (addr->transport != SW_TRANSPORT_UDP) return SW_ENOTSUP;
  struct sockaddr_storage ss;
  socklen_t sl = to_sockaddr(addr, &ss);
  int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return SW_EIO;
  if (bind(fd, (struct sockaddr *)&ss, sl) || getsockname(fd, (struct sockaddr *)&ss, &sl)) {
    close(fd);
    return SW_EIO;
  }
  listener *l = sw_malloc_(st->ctx, sizeof *l);
  if (!l) {
    close(fd);
    return SW_ENOMEM;
  }
  l->fd = fd;
  from_sockaddr(&ss, &l->addr);
  l->st = st;
  int rv = st->vt->add_fd(st->loop, fd, SW_LOOP_READ, on_readable, l);
  if (rv) {
    close(fd);
    sw_free_(st->ctx, l);
    return rv;
  }
  l->next = st->listeners;
  st->listeners = l;
  if (bound) *bound = l->addr;
  return 0;
}

int sw_stack_send_socket_(sw_stack *st, const sw_addr *local, const sw_addr *to, const char *b, size_t n) {
  for (listener *l = st->listeners; l; l = l->next)
    if (sw_addr_equal(&l->addr, local)) {
      struct sockaddr_storage ss;
      socklen_t sl = to_sockaddr(to, &ss);
      return sendto(l->fd, b, n, 0, (struct sockaddr *)&ss, sl) < 0 ? SW_EIO : 0;
    }
  return SW_ENOTFOUND;
}

int sw_stack_post(sw_stack *st, void (*fn)(void *arg), void *arg) {
  if (!st || !fn || st->wake_fd < 0) return SW_EINVAL;
  post_task *t = sw_malloc_(st->ctx, sizeof *t);
  if (!t) return SW_ENOMEM;
  t->fn = fn;
  t->arg = arg;
  t->next = atomic_load(&st->posted);
  while (!atomic_compare_exchange_weak(&st->posted, &t->next, t)) {
  }
  uint64_t one = 1;
  return write(st->wake_fd, &one, sizeof one) == sizeof one || errno == EAGAIN ? 0 : SW_EIO;
}
