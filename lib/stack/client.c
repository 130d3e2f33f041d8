/* Client transactions: a request sent with a fresh top Via branch, resent on
 * its timers, its responses passed up, a non-2xx final ACKed (17.1.1.3).
 * SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <stdio.h>

#include "../msg/internal.h"
#include "internal.h"

static const char *const tp_upper[] = {"UDP", "TCP", "TLS"};

void sw_client_free_(sw_client_txn *t, int notify) {
  sw_stack *st = t->st;
  for (sw_client_txn **pp = &st->clients; *pp; pp = &(*pp)->next)
    if (*pp == t) {
      *pp = t->next;
      break;
    }
  st->ntxn--;
  if (notify && !t->done && t->h.on_done) {
    t->done = 1;
    t->h.on_done(t, SW_ECANCELED, t->user_data);
  }
  sw_arena_destroy(t->arena);
  sw_free_(st->ctx, t);
}

/* A request mirroring the one sent (17.1.1.3 for the ACK, 9.1 for CANCEL):
 * its Request-URI, top Via, Route, From, Call-ID and CSeq number, with
 * method and the To of `to_src` (the response for an ACK, the request for
 * a CANCEL). Returns the length written to buf, or 0 if it does not fit. */
static size_t mirror(const sw_msg *req, const char *method, const sw_msg *to_src, char *buf, size_t cap) {
  char val[1024];
  size_t o = 0;
#define APPEND(...) o += (size_t)snprintf(buf + o, o < cap ? cap - o : 0, __VA_ARGS__)
  const sw_via *top = sw_msg_via(req); /* ours: one value on its own line */
  APPEND("%s %.*s SIP/2.0\r\nVia: %.*s\r\n", method, (int)sw_msg_ruri(req)->raw.len, sw_msg_ruri(req)->raw.p,
         (int)top->raw.len, top->raw.p);
  static const sw_hdr_id from_req[] = {SW_HDR_ROUTE, SW_HDR_FROM, SW_HDR_CALL_ID};
  for (size_t i = 0; i < sizeof from_req / sizeof from_req[0]; i++)
    for (const sw_hdr *h = sw_msg_hdr_find(req, from_req[i]); h; h = sw_msg_hdr_next(h)) {
      size_t n = sw_value_print_(h, val, sizeof val);
      if (n >= sizeof val) return 0;
      APPEND("%s: %.*s\r\n", sw_hdr_name(from_req[i]), (int)n, val);
    }
  const sw_hdr *to = sw_msg_hdr_find(to_src, SW_HDR_TO);
  size_t n = to ? sw_value_print_(to, val, sizeof val) : 0;
  if (n >= sizeof val) return 0;
  APPEND("To: %.*s\r\nCSeq: %lu %s\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n", (int)n, val,
         (unsigned long)sw_msg_cseq(req)->seq, method);
#undef APPEND
  return o < cap ? o : 0;
}

static int send_ack(sw_client_txn *t, const sw_msg *resp) {
  char buf[4096];
  size_t n = mirror(t->sent, "ACK", resp, buf, sizeof buf);
  return n ? sw_stack_send_(t->st, &t->local, &t->to, buf, n) : SW_ETOOBIG;
}

static void finish(sw_client_txn *t, int result) {
  if (t->done) return;
  t->done = 1;
  if (t->h.on_done) t->h.on_done(t, result, t->user_data);
}

/* Apply an event; frees the transaction when it terminates (returns 1). */
int sw_client_event_(sw_client_txn *t, sw_txn_event ev, uint64_t now, const sw_msg *resp) {
  sw_stack *st = t->st;
  unsigned a = sw_txn_rt_event_(&t->rt, ev, now);
  if (a & ACT_SEND_REQUEST) {
    if (sw_stack_send_(st, &t->local, &t->to, t->req, t->req_len)) a |= ACT_TRANSPORT_ERR;
  }
  if ((a & ACT_SEND_ACK) && resp) send_ack(t, resp);
  if (a & ACT_PASS_UP) {
    int final = ev == EV_RX_2XX || ev == EV_RX_FINAL;
    if (t->done) {
      /* A 2xx after the TU's end: the UAC core ACKs it (13.2.2.4, RFC 6026). */
      if (st->h.on_stray_response) st->h.on_stray_response(st, resp, st->user_data);
    } else {
      if (t->h.on_response) t->h.on_response(t, resp, t->user_data);
      if (final) finish(t, 0);
    }
  }
  if (a & ACT_TIMEOUT) finish(t, SW_ETIMEDOUT);
  if (a & ACT_TRANSPORT_ERR) finish(t, SW_EIO);
  if (t->rt.state == ST_TERMINATED || (a & ACT_TRANSPORT_ERR)) {
    sw_client_free_(t, 0);
    return 1;
  }
  return 0;
}

int sw_client_response_(sw_stack *st, const sw_msg *resp, uint64_t now) {
  for (sw_client_txn *t = st->clients; t; t = t->next)
    if (sw_txn_match_response_(t->sent, resp)) {
      int s = sw_msg_status(resp);
      sw_client_event_(t, s < 200 ? EV_RX_1XX : s < 300 ? EV_RX_2XX : EV_RX_FINAL, now, resp);
      return 0;
    }
  if (st->h.on_stray_response) st->h.on_stray_response(st, resp, st->user_data);
  return 0;
}

/* A client transaction for the bytes of a request that already has its top
 * Via: parse a copy for matching, send, and start the machine. */
static int start(sw_stack *st, const char *bytes, size_t len, const sw_addr *local, const sw_addr *to,
                 const sw_client_handlers *h, void *user_data, sw_client_txn **out) {
  if (h && h->size < offsetof(sw_client_handlers, on_done) + sizeof h->on_done) return SW_EINVAL;
  if (st->ntxn >= st->cfg.max_transactions) return SW_ETOOBIG;
  sw_client_txn *t = sw_malloc_(st->ctx, sizeof *t);
  if (!t) return SW_ENOMEM;
  memset(t, 0, sizeof *t);
  t->st = st;
  if (h) sw_config_copy_(&t->h, sizeof t->h, h, sizeof(size_t));
  t->user_data = user_data;
  t->local = *local;
  t->to = *to;
  int rv = sw_arena_create(st->ctx, 4096, &t->arena);
  if (!rv) {
    t->req = sw_arena_strndup(t->arena, bytes, len);
    t->req_len = len;
    if (!t->req) rv = SW_ENOMEM;
  }
  /* What a transaction and its ACK need: Via, From, To, Call-ID, CSeq. */
  if (!rv && (sw_msg_parse(t->arena, t->req, len, NULL, &t->sent, NULL, NULL) || sw_msg_check(t->sent, NULL)))
    rv = SW_EINVAL;
  if (!rv) {
    sw_txn_timers tv = sw_stack_timers_(st, local);
    sw_txn_rt_init_(&t->rt, sw_msg_method(t->sent) == SW_METHOD_INVITE ? SW_ICT : SW_NICT, &tv);
    sw_txn_rt_event_(&t->rt, EV_START, sw_ctx_now(st->ctx));
    rv = sw_stack_send_(st, local, to, t->req, t->req_len);
  }
  if (rv) {
    sw_arena_destroy(t->arena);
    sw_free_(st->ctx, t);
    return rv;
  }
  t->next = st->clients;
  st->clients = t;
  st->ntxn++;
  if (out) *out = t;
  return 0;
}

int sw_stack_send_request(sw_stack *st, const sw_msg *req, const sw_addr *local, const sw_addr *to,
                          const sw_client_handlers *h, void *user_data, sw_client_txn **out) {
  if (!st || !req || !local || !to || !sw_msg_is_request(req) || sw_msg_method(req) == SW_METHOD_ACK ||
      local->transport > SW_TRANSPORT_TLS)
    return SW_EINVAL;
  /* The request with our top Via first: SIP/2.0/UDP host:port;rport;branch. */
  char branch[SW_ID_BRANCH_MAX], ip[INET6_ADDRSTRLEN], via[160];
  int rv = sw_id_branch(st->ctx, branch, sizeof branch, NULL);
  if (rv) return rv;
  inet_ntop(local->family == 6 ? AF_INET6 : AF_INET, local->ip, ip, sizeof ip);
  int vl = snprintf(via, sizeof via, local->family == 6 ? "Via: SIP/2.0/%s [%s]:%u;rport;branch=%s\r\n"
                                                         : "Via: SIP/2.0/%s %s:%u;rport;branch=%s\r\n",
                    tp_upper[local->transport], ip, (unsigned)local->port, branch);
  size_t n = 0;
  sw_msg_print(req, 0, NULL, 0, &n);
  char *buf = sw_malloc_(st->ctx, n + (size_t)vl + 1);
  if (!buf) return SW_ENOMEM;
  sw_msg_print(req, 0, buf + vl, n + 1, &n);
  const char *eol = strstr(buf + vl, "\r\n"); /* end of the start line */
  size_t sl = eol ? (size_t)(eol - (buf + vl)) + 2 : 0;
  memmove(buf, buf + vl, sl); /* start line first, our Via in the gap it leaves */
  memcpy(buf + sl, via, (size_t)vl);
  rv = eol ? start(st, buf, n + (size_t)vl, local, to, h, user_data, out) : SW_EINVAL;
  sw_free_(st->ctx, buf);
  sw_stack_rearm_(st);
  return rv;
}

int sw_stack_cancel(sw_stack *st, sw_client_txn *invite, const sw_client_handlers *h, void *user_data,
                    sw_client_txn **out) {
  if (!st || !invite || invite->st != st || invite->rt.kind != SW_ICT) return SW_EINVAL;
  /* 9.1: not before a provisional response, and not after the final. */
  if (invite->rt.state != ST_PROCEEDING || invite->done) return SW_ESTATE;
  char buf[4096];
  size_t n = mirror(invite->sent, "CANCEL", invite->sent, buf, sizeof buf);
  if (!n) return SW_ETOOBIG;
  int rv = start(st, buf, n, &invite->local, &invite->to, h, user_data, out);
  sw_stack_rearm_(st);
  return rv;
}
