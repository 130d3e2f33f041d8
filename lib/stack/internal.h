/* sw_stack internals. Not installed. SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_STACK_INTERNAL_H
#define SW_STACK_INTERNAL_H

#include "../base/internal.h"
#include "../txn/fsm.h"
#include "../txn/match.h"
#include "../txn/uas.h"
#include "sipwire/loop.h"
#include "sipwire/stack.h"

#include <stdatomic.h>

/* A UDP socket the stack owns (sw_stack_listen). */
typedef struct listener {
  int fd;
  sw_addr addr;
  sw_stack *st;
  struct listener *next;
} listener;

/* A task posted from another thread (sw_stack_post). */
typedef struct post_task {
  void (*fn)(void *);
  void *arg;
  struct post_task *next;
} post_task;

struct sw_server_txn {
  sw_stack *st;
  sw_txn_rt rt;
  sw_arena *arena;  /* owns the request copy and the responses */
  sw_msg *req;      /* the request, its top Via with received/rport */
  sw_addr local, peer; /* where responses go (RFC 3261 18.2.2, RFC 3581) */
  char *resp;       /* the last response sent, for retransmission */
  size_t resp_len;
  int resp_status;
  char to_tag[SW_ID_TAG_MAX];
  struct sw_server_txn *next;
};

struct sw_client_txn {
  sw_stack *st;
  sw_txn_rt rt;
  sw_arena *arena;
  char *req;        /* the request as sent */
  size_t req_len;
  sw_msg *sent;     /* parsed copy, for matching and the ACK */
  sw_addr local, to;
  sw_client_handlers h;
  void *user_data;
  int done;         /* on_done called */
  struct sw_client_txn *next;
};

struct sw_stack {
  sw_ctx *ctx;
  sw_stack_config cfg;
  sw_stack_handlers h;
  void *user_data;
  sw_uas_policy pol;
  sw_arena *rx;     /* received messages, reset per datagram */
  sw_server_txn *servers;
  sw_client_txn *clients;
  unsigned ntxn;
  /* With a loop (sw_stack_attach): sockets, the timer, posted tasks. */
  const sw_loop_vtable *vt;
  void *loop;
  listener *listeners;
  int wake_fd;                    /* eventfd, -1 when not attached */
  int busy;                       /* inside a loop callback of ours */
  int dying;                      /* destroyed during one: finish at its end */
  _Atomic(post_task *) posted;    /* pushed by any thread, newest first */
};

/* Re-arm the loop's timer for the next deadline (no-op without a loop). */
void sw_stack_rearm_(sw_stack *st);
void sw_stack_detach_(sw_stack *st);
void sw_stack_free_(sw_stack *st);
/* Around a loop callback: a destroy requested inside it waits for its end. */
static inline void sw_stack_enter_(sw_stack *st) { st->busy++; }
static inline int sw_stack_leave_(sw_stack *st) {
  if (--st->busy == 0 && st->dying) {
    sw_stack_free_(st);
    return 1;
  }
  return 0;
}
int sw_stack_send_socket_(sw_stack *st, const sw_addr *local, const sw_addr *to, const char *b, size_t n);

/* Timer values for a transaction over local's transport. */
static inline sw_txn_timers sw_stack_timers_(const sw_stack *st, const sw_addr *local) {
  sw_txn_timers tv = {st->cfg.t1_ms, st->cfg.t2_ms, st->cfg.t4_ms, local->transport != SW_TRANSPORT_UDP};
  return tv;
}

int sw_stack_send_(sw_stack *st, const sw_addr *local, const sw_addr *to, const char *b, size_t n);
sw_server_txn *sw_server_find_(sw_stack *st, const sw_msg *req);
int sw_server_new_(sw_stack *st, const sw_addr *local, const sw_addr *from, const sw_msg *req,
                   sw_server_txn **out);
int sw_server_event_(sw_server_txn *t, sw_txn_event ev, uint64_t now);
void sw_server_free_(sw_server_txn *t);
int sw_client_response_(sw_stack *st, const sw_msg *resp, uint64_t now);
int sw_client_event_(sw_client_txn *t, sw_txn_event ev, uint64_t now, const sw_msg *resp);
void sw_client_free_(sw_client_txn *t, int notify);
int sw_respond_(sw_server_txn *t, int status, const char *reason, const char *to_tag,
                const char *extra, const char *ctype, const void *body, size_t len);

#endif
