/* The sans-I/O stack: received bytes to transactions and the transaction
 * user, timers, and the send handler. Transactions sit in two lists.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>

#include "../msg/internal.h"
#include "internal.h"

static const char *const default_schemes[] = {"sip", "sips", "tel", NULL};
static const char *const default_types[] = {"application/sdp", NULL};

void sw_stack_config_init(sw_stack_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->size = sizeof *cfg;
  cfg->t1_ms = 500;
  cfg->t2_ms = 4000;
  cfg->t4_ms = 5000;
  cfg->max_transactions = 4096;
  for (int m = SW_METHOD_INVITE; m <= SW_METHOD_REFER; m++) cfg->allow |= 1u << m;
}

int sw_stack_create(sw_ctx *ctx, const sw_stack_config *cfg_in, const sw_stack_handlers *h, void *user_data,
                    sw_stack **out) {
  if (!out || !h) return SW_EINVAL;
  *out = NULL;
  sw_stack_config cfg;
  sw_stack_config_init(&cfg);
  if (cfg_in && sw_config_copy_(&cfg, sizeof cfg, cfg_in, offsetof(sw_stack_config, server) + sizeof cfg.server))
    return SW_EINVAL;
  sw_stack_handlers hh;
  memset(&hh, 0, sizeof hh);
  if (sw_config_copy_(&hh, sizeof hh, h, offsetof(sw_stack_handlers, send) + sizeof hh.send))
    return SW_EINVAL;
  if (!cfg.t1_ms || cfg.t2_ms < cfg.t1_ms) return SW_EINVAL;
  sw_stack *st = sw_malloc_(ctx, sizeof *st);
  if (!st) return SW_ENOMEM;
  memset(st, 0, sizeof *st);
  st->ctx = ctx;
  st->cfg = cfg;
  st->h = hh;
  st->user_data = user_data;
  st->wake_fd = -1;
  atomic_init(&st->posted, NULL);
  if (sw_arena_create(ctx, 8192, &st->rx)) {
    sw_free_(ctx, st);
    return SW_ENOMEM;
  }
  st->pol.schemes = cfg.schemes ? cfg.schemes : default_schemes;
  st->pol.allow = cfg.allow | (1u << SW_METHOD_ACK) | (1u << SW_METHOD_CANCEL);
  st->pol.extensions = cfg.extensions;
  st->pol.content_types = cfg.content_types ? cfg.content_types : default_types;
  st->pol.forwarding = cfg.forwarding;
  *out = st;
  return 0;
}

void sw_stack_destroy(sw_stack *st) {
  if (!st) return;
  if (st->busy) { /* called from a task or handler the loop runs: later */
    st->dying = 1;
    return;
  }
  sw_stack_free_(st);
}

void sw_stack_free_(sw_stack *st) {
  sw_stack_detach_(st);
  while (st->clients) sw_client_free_(st->clients, 1);
  while (st->servers) sw_server_free_(st->servers);
  sw_arena_destroy(st->rx);
  sw_free_(st->ctx, st);
}

unsigned sw_stack_transactions(const sw_stack *st) { return st ? st->ntxn : 0; }

/* Out through a socket the stack owns for local, else the send handler. */
int sw_stack_send_(sw_stack *st, const sw_addr *local, const sw_addr *to, const char *b, size_t n) {
  int rv = st->listeners ? sw_stack_send_socket_(st, local, to, b, n) : SW_ENOTFOUND;
  if (rv != SW_ENOTFOUND) return rv;
  return st->h.send ? st->h.send(st, local, to, b, n, st->user_data) : SW_EIO;
}

/* A response with no transaction to carry it (the limit was reached):
 * built from the request and sent once. */
static int stateless(sw_stack *st, const sw_addr *local, const sw_addr *from, const sw_msg *req, int status) {
  sw_msg *resp;
  char buf[4096];
  size_t n;
  if (sw_msg_new_response(st->rx, req, status, NULL, NULL, &resp) || sw_msg_set_body(resp, NULL, NULL, 0) ||
      sw_msg_print(resp, 0, buf, sizeof buf, &n))
    return 0;
  return sw_stack_send_(st, local, from, buf, n);
}

/* 9.2: a CANCEL gets 200 when it matches an INVITE still proceeding, whose
 * server transaction then answers 487; 481 when it matches nothing. */
static int cancel(sw_stack *st, sw_server_txn *t) {
  for (sw_server_txn *inv = st->servers; inv; inv = inv->next)
    if (inv != t && sw_txn_match_cancel_(inv->req, t->req)) {
      int rv = sw_respond_(t, 200, NULL, NULL, NULL, NULL, NULL, 0);
      if (rv || inv->rt.state != ST_PROCEEDING) return rv;
      if (st->h.on_cancel) {
        st->h.on_cancel(st, inv, st->user_data);
        return 0;
      }
      return sw_respond_(inv, 487, NULL, NULL, NULL, NULL, NULL, 0);
    }
  return sw_respond_(t, 481, NULL, NULL, NULL, NULL, NULL, 0);
}

/* 8.2.2.2: a request without a To tag with the From tag, Call-ID and CSeq
 * of an ongoing server transaction that it does not match reached us again
 * by another path (a fork): merged. */
static int merged(const sw_stack *st, const sw_msg *m) {
  const sw_nameaddr *to = sw_msg_to(m), *from = sw_msg_from(m);
  const sw_cseq *cs = sw_msg_cseq(m);
  if (!to || to->tag.p || !from || !from->tag.p || !cs) return 0;
  for (const sw_server_txn *t = st->servers; t; t = t->next) {
    const sw_msg *r = t->req;
    const sw_cseq *rc = sw_msg_cseq(r);
    if (sw_msg_from(r) && sw_str_eq(sw_msg_from(r)->tag, from->tag) &&
        sw_str_eq(sw_msg_call_id(r), sw_msg_call_id(m)) && rc->seq == cs->seq &&
        sw_str_eq(rc->method_name, cs->method_name))
      return 1;
  }
  return 0;
}

static int request(sw_stack *st, const sw_addr *local, const sw_addr *from, const sw_msg *m, uint64_t now) {
  sw_server_txn *t = sw_server_find_(st, m);
  int ack = sw_msg_method(m) == SW_METHOD_ACK;
  if (t) {
    /* A retransmission, or the ACK for a non-2xx final response. */
    int accepted = t->rt.state == ST_ACCEPTED;
    if (!sw_server_event_(t, ack ? EV_RX_ACK : EV_RX_REQUEST, now) && ack && accepted && st->h.on_request)
      st->h.on_request(st, NULL, m, st->user_data);
    return 0;
  }
  if (ack) {
    /* The ACK for a 2xx has no transaction: the TU gets it (13.3.1.4). */
    if (sw_msg_check(m, NULL) == 0 && st->h.on_request) st->h.on_request(st, NULL, m, st->user_data);
    return 0;
  }
  if (st->ntxn >= st->cfg.max_transactions) return stateless(st, local, from, m, 503);
  int is_merged = merged(st, m);
  int rv = sw_server_new_(st, local, from, m, &t);
  if (rv) return rv == SW_ENOMEM ? rv : 0;
  sw_uas_verdict v;
  if (sw_uas_check_(t->req, &st->pol, &v)) {
    char extra[300];
    if (v.header) snprintf(extra, sizeof extra, "%s: %s\r\n", v.header, v.value);
    return sw_respond_(t, v.status, NULL, NULL, v.header ? extra : NULL, NULL, NULL, 0);
  }
  if (is_merged) return sw_respond_(t, 482, NULL, NULL, NULL, NULL, NULL, 0);
  if (sw_msg_method(t->req) == SW_METHOD_CANCEL) return cancel(st, t);
  if (t->rt.kind == SW_IST && (rv = sw_respond_(t, 100, NULL, NULL, NULL, NULL, NULL, 0))) return rv;
  if (!st->h.on_request) return sw_respond_(t, 501, NULL, NULL, NULL, NULL, NULL, 0);
  st->h.on_request(st, t, t->req, st->user_data);
  return 0;
}

static int recv_one(sw_stack *st, const sw_addr *local, const sw_addr *from, const void *bytes, size_t len);

int sw_stack_recv(sw_stack *st, const sw_addr *local, const sw_addr *from, const void *bytes, size_t len) {
  if (!st || !local || !from || (!bytes && len)) return SW_EINVAL;
  int rv = recv_one(st, local, from, bytes, len);
  sw_stack_rearm_(st); /* also when the application feeds input itself */
  return rv;
}

static int recv_one(sw_stack *st, const sw_addr *local, const sw_addr *from, const void *bytes, size_t len) {
  sw_arena_reset(st->rx);
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = st->cfg.parse_flags;
  sw_msg *m;
  sw_parse_error err;
  int rv = sw_msg_parse(st->rx, bytes, len, &o, &m, NULL, &err);
  if (rv == SW_ENOMEM) return rv;
  if (rv) {
    /* Without the headers a response needs there is nobody to answer. */
    sw_log_(st->ctx, SW_LOG_DEBUG, "", "dropped %zu bytes: offset %zu: %s", len, err.offset, err.reason);
    return 0;
  }
  uint64_t now = sw_ctx_now(st->ctx);
  if (!sw_msg_is_request(m)) {
    if (sw_msg_check(m, NULL)) return 0; /* a malformed response is dropped */
    return sw_client_response_(st, m, now);
  }
  if (!sw_msg_via(m) || !sw_msg_cseq(m)) return 0; /* no way to answer it */
  return request(st, local, from, m, now);
}

int64_t sw_stack_next_timeout(const sw_stack *st) {
  uint64_t next = UINT64_MAX;
  for (const sw_server_txn *t = st->servers; t; t = t->next) {
    uint64_t d = sw_txn_rt_next_(&t->rt);
    if (d < next) next = d;
  }
  for (const sw_client_txn *t = st->clients; t; t = t->next) {
    uint64_t d = sw_txn_rt_next_(&t->rt);
    if (d < next) next = d;
  }
  return next == UINT64_MAX ? -1 : (int64_t)next;
}

int sw_stack_tick(sw_stack *st, uint64_t now_ms) {
  if (!st) return SW_EINVAL;
  /* Each due timer fires at its own due time, so retransmission schedules
   * stay exact however late the tick comes. */
  for (sw_server_txn *t = st->servers, *next; t; t = next) {
    next = t->next;
    for (sw_txn_event ev; (ev = sw_txn_rt_due_(&t->rt, now_ms)) != EV_COUNT;)
      if (sw_server_event_(t, ev, sw_txn_rt_next_(&t->rt))) break;
  }
  for (sw_client_txn *t = st->clients, *next; t; t = next) {
    next = t->next;
    for (sw_txn_event ev; (ev = sw_txn_rt_due_(&t->rt, now_ms)) != EV_COUNT;)
      if (sw_client_event_(t, ev, sw_txn_rt_next_(&t->rt), NULL)) break;
  }
  sw_stack_rearm_(st);
  return 0;
}
