/* Server transactions: each owns a copy of its request (with received and
 * rport in the top Via, RFC 3261 18.2.1 and RFC 3581), answers through its
 * state machine and absorbs retransmissions.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "../msg/internal.h"
#include "internal.h"

static void ip_string(const sw_addr *a, char *buf, size_t cap) {
  inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->ip, buf, (socklen_t)cap);
}

/* The request's bytes with ";received=IP" after the top Via value and the
 * source port filled into an empty rport. */
static char *stamp_via(sw_arena *a, const sw_msg *m, const sw_addr *from, size_t *len) {
  const sw_via *v = sw_msg_via(m);
  char ip[INET6_ADDRSTRLEN], tail[80] = "", port[12] = "";
  ip_string(from, ip, sizeof ip);
  sw_str host = v->host;
  if (host.len && host.p[0] == '[') host.p++, host.len -= 2;
  /* received when the sent-by differs from the source, or rport asks (3581). */
  if (!v->received.p && (v->rport != -2 || !sw_str_eq(host, sw_str_c(ip))))
    snprintf(tail, sizeof tail, ";received=%s", ip);
  const char *ins = NULL; /* where "=port" goes */
  if (v->rport == -1) {
    for (const sw_param *p = v->params; p; p = p->next)
      if (SW_LIT_CASEEQ(p->name, "rport") && !p->value.p) ins = p->name.p + p->name.len;
    snprintf(port, sizeof port, "=%u", (unsigned)from->port);
  }
  const char *b = m->buf, *vend = v->raw.p + v->raw.len;
  size_t total = m->len + strlen(tail) + strlen(port);
  char *out = sw_arena_alloc(a, total + 1), *o = out;
  if (!out) return NULL;
  const char *cut1 = ins ? ins : vend;
  memcpy(o, b, (size_t)(cut1 - b)), o += cut1 - b;
  if (ins) {
    memcpy(o, port, strlen(port)), o += strlen(port);
    memcpy(o, ins, (size_t)(vend - ins)), o += vend - ins;
  }
  memcpy(o, tail, strlen(tail)), o += strlen(tail);
  memcpy(o, vend, (size_t)(b + m->len - vend)), o += b + m->len - vend;
  *len = (size_t)(o - out);
  return out;
}

/* Where responses go (18.2.2): over a stream, back on the connection; over
 * UDP to the source address, at the source port if rport was asked, else
 * at the sent-by port. */
static void response_peer(const sw_msg *req, const sw_addr *from, sw_addr *peer) {
  const sw_via *v = sw_msg_via(req);
  *peer = *from;
  if (from->transport == SW_TRANSPORT_UDP && v->rport == -2) peer->port = (uint16_t)(v->port > 0 ? v->port : 5060);
}

sw_server_txn *sw_server_find_(sw_stack *st, const sw_msg *req) {
  for (sw_server_txn *t = st->servers; t; t = t->next)
    if (sw_txn_match_request_(t->req, sw_str_c(t->to_tag), req)) return t;
  return NULL;
}

void sw_server_free_(sw_server_txn *t) {
  sw_stack *st = t->st;
  for (sw_server_txn **pp = &st->servers; *pp; pp = &(*pp)->next)
    if (*pp == t) {
      *pp = t->next;
      break;
    }
  st->ntxn--;
  sw_arena_destroy(t->arena);
  sw_free_(st->ctx, t);
}

int sw_server_new_(sw_stack *st, const sw_addr *local, const sw_addr *from, const sw_msg *req,
                   sw_server_txn **out) {
  sw_server_txn *t = sw_malloc_(st->ctx, sizeof *t);
  if (!t) return SW_ENOMEM;
  memset(t, 0, sizeof *t);
  t->st = st;
  int rv = sw_arena_create(st->ctx, 4096, &t->arena);
  size_t len = 0;
  char *copy = rv ? NULL : stamp_via(t->arena, req, from, &len);
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = st->cfg.parse_flags;
  if (!copy) rv = SW_ENOMEM;
  else if ((rv = sw_msg_parse(t->arena, copy, len, &o, &t->req, NULL, NULL))) rv = rv == SW_ENOMEM ? rv : SW_EINVAL;
  if (!rv) rv = sw_id_tag(st->ctx, t->to_tag, sizeof t->to_tag, NULL);
  if (rv) {
    sw_arena_destroy(t->arena);
    sw_free_(st->ctx, t);
    return rv;
  }
  sw_txn_timers tv = sw_stack_timers_(st, local);
  sw_txn_rt_init_(&t->rt, sw_msg_method(req) == SW_METHOD_INVITE ? SW_IST : SW_NIST, &tv);
  t->local = *local;
  response_peer(t->req, from, &t->peer);
  t->next = st->servers;
  st->servers = t;
  st->ntxn++;
  sw_txn_rt_event_(&t->rt, EV_START, sw_ctx_now(st->ctx));
  *out = t;
  return 0;
}

/* Apply an event; frees the transaction when it terminates (returns 1). */
int sw_server_event_(sw_server_txn *t, sw_txn_event ev, uint64_t now) {
  unsigned a = sw_txn_rt_event_(&t->rt, ev, now);
  if ((a & ACT_RESEND_RESPONSE) && t->resp) sw_stack_send_(t->st, &t->local, &t->peer, t->resp, t->resp_len);
  if (a & ACT_TIMEOUT) sw_log_(t->st->ctx, SW_LOG_INFO, "", "no ACK for a %d response: transaction timed out", t->resp_status);
  if (t->rt.state == ST_TERMINATED) {
    sw_server_free_(t);
    return 1;
  }
  return 0;
}

/* Append the "Name: value" lines of extra to m. */
static int add_extra(sw_msg *m, const char *extra) {
  char line[1024];
  while (extra && *extra) {
    const char *eol = strstr(extra, "\r\n");
    size_t n = eol ? (size_t)(eol - extra) : strlen(extra);
    const char *colon = memchr(extra, ':', n);
    if (!colon || n >= sizeof line) return SW_EPARSE;
    memcpy(line, extra, n);
    line[n] = '\0';
    line[colon - extra] = '\0';
    int rv = sw_msg_add_header(m, line, line + (colon - extra) + 1);
    if (rv) return rv;
    extra += n + (eol ? 2 : 0);
  }
  return 0;
}

int sw_respond_(sw_server_txn *t, int status, const char *reason, const char *to_tag, const char *extra,
                const char *ctype, const void *body, size_t len) {
  sw_stack *st = t->st;
  sw_txn_event ev = status < 200 ? EV_TU_1XX : status < 300 ? EV_TU_2XX : EV_TU_FINAL;
  if (sw_txn_fsm_(t->rt.kind, t->rt.state, ev).actions & ACT_INVALID) return SW_ESTATE;
  sw_msg *resp;
  int rv = sw_msg_new_response(t->arena, t->req, status, reason, status > 100 ? (to_tag ? to_tag : t->to_tag) : NULL, &resp);
  if (!rv && st->cfg.server) rv = sw_msg_add_header(resp, "Server", st->cfg.server);
  if (!rv) rv = add_extra(resp, extra);
  if (!rv) rv = sw_msg_set_body(resp, ctype, body, len);
  size_t n = 0;
  if (!rv) sw_msg_print(resp, 0, NULL, 0, &n);
  char *bytes = rv ? NULL : sw_arena_alloc(t->arena, n + 1);
  if (!rv && !bytes) rv = SW_ENOMEM;
  if (rv) return rv;
  sw_msg_print(resp, 0, bytes, n + 1, &n);
  t->resp = bytes;
  t->resp_len = n;
  t->resp_status = status;
  /* The tag the ACK of an RFC 2543 peer will carry (17.2.3). */
  if (to_tag && status > 100 && strlen(to_tag) < sizeof t->to_tag) strcpy(t->to_tag, to_tag);
  unsigned a = sw_txn_rt_event_(&t->rt, ev, sw_ctx_now(st->ctx));
  if (a & ACT_SEND_RESPONSE) sw_stack_send_(st, &t->local, &t->peer, bytes, n);
  if (t->rt.state == ST_TERMINATED) sw_server_free_(t);
  return 0;
}

int sw_server_txn_respond(sw_server_txn *txn, int status, const char *reason, const char *to_tag,
                          const char *extra_headers, const char *content_type, const void *body,
                          size_t body_len) {
  if (!txn || status < 100 || status > 699 || (!body && body_len)) return SW_EINVAL;
  sw_stack *st = txn->st;
  int rv = sw_respond_(txn, status, reason, to_tag, extra_headers, content_type, body, body_len);
  sw_stack_rearm_(st);
  return rv;
}

const sw_msg *sw_server_txn_request(const sw_server_txn *txn) { return txn ? txn->req : NULL; }
