/* Via (RFC 3261 20.42, RFC 3581 rport, RFC 5118 4.5 bracketed received).
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

static int small_uint(cur *c, uint32_t max, uint32_t *out) {
  const uint8_t *s = c->p;
  uint32_t v = 0;
  while (c->p < c->end && SW_IS(*c->p, SW_C_DIGIT) && v <= max) v = v * 10 + (uint32_t)(*c->p++ - '0');
  *out = v;
  return c->p > s && v <= max && !(c->p < c->end && SW_IS(*c->p, SW_C_DIGIT));
}

/* Valued Via parameters other than branch: rare, kept out of line. A
 * repeated parameter is checked, but its first occurrence is the one kept
 * (as sw_via_equal compares it). */
SW_COLD static int via_param(pstate *ps, cur *c, sw_via *v, sw_param *p) {
  int rv;
  const uint8_t *vs = c->p;
  if (SW_LIT_CASEEQ(p->name, "received")) {
    if (peek(c) == '[') {
      const uint8_t *close = memchr(c->p, ']', (size_t)(c->end - c->p));
      if (!close) return PERR(ps, vs, "']' expected in received");
      c->p = close + 1;
    } else {
      span(c, SW_C_IPCHAR, NULL);
    }
    p->value = mkstr(vs, c->p);
    if (sw_ip_type_(vs, p->value.len) == SW_HOST_NONE) return PERR(ps, vs, "received must be an IP address");
    if (!v->received.p) v->received = p->value;
    return 0;
  }
  if (peek(c) == '"') {
    if ((rv = sw_quoted_(ps, c, &p->value))) return rv;
  } else if (peek(c) == '[') {
    sw_host_type t;
    if ((rv = sw_host_(ps, c, &p->value, &t))) return rv;
  } else if (!span(c, SW_C_TOKEN, &p->value)) {
    return PERR(ps, c->p, "Via parameter value expected");
  }
  cur vc = {vs, c->p};
  uint32_t n;
  if (SW_LIT_CASEEQ(p->name, "branch")) {
    if (!v->branch.p) v->branch = p->value;
  } else if (SW_LIT_CASEEQ(p->name, "ttl")) {
    if (!small_uint(&vc, 255, &n) || vc.p != vc.end) return PERR(ps, vs, "ttl must be 0-255");
    if (v->ttl < 0) v->ttl = (int)n;
  } else if (SW_LIT_CASEEQ(p->name, "maddr")) {
    sw_host_type t;
    sw_str h;
    if ((rv = sw_host_(ps, &vc, &h, &t))) return rv;
    if (vc.p != vc.end) return PERR(ps, vc.p, "invalid maddr");
    if (!v->maddr.p) v->maddr = p->value;
  } else if (SW_LIT_CASEEQ(p->name, "rport")) {
    if (!small_uint(&vc, 65535, &n) || vc.p != vc.end) return PERR(ps, vs, "rport must be a port");
    if (v->rport == -2) v->rport = (int)n;
  }
  return 0;
}

int sw_via_(pstate *ps, cur *c, sw_via *v) {
  const uint8_t *start = c->p;
  int rv;
  v->port = v->ttl = -1;
  v->rport = -2;
  if (!span(c, SW_C_TOKEN, &v->protocol) || !sep(c, '/') || !span(c, SW_C_TOKEN, &v->version) ||
      !sep(c, '/') || !span(c, SW_C_TOKEN, &v->transport))
    return PERR(ps, c->p, "Via sent-protocol expected");
  const uint8_t *ws = c->p;
  skip_lws(c);
  if (c->p == ws) return PERR(ps, c->p, "whitespace expected before Via sent-by");
  if ((rv = sw_host_(ps, c, &v->host, &v->host_type))) return rv;
  if (sep(c, ':')) {
    uint32_t port;
    const uint8_t *ps_ = c->p;
    if (!small_uint(c, 65535, &port)) return PERR(ps, ps_, "invalid Via port");
    v->port = (int)port;
  }
  sw_param **tail = &v->params;
  while (sep(c, ';')) {
    sw_param *p = zalloc(ps, sizeof *p);
    if (!p) return NOMEM(ps);
    if (!span(c, SW_C_TOKEN, &p->name)) return PERR(ps, c->p, "Via parameter expected");
    if (sep(c, '=')) {
      if (SW_LIT_CASEEQ(p->name, "branch") && span(c, SW_C_TOKEN, &p->value)) {
        if (!v->branch.p) v->branch = p->value; /* the common case, inline */
      } else if ((rv = via_param(ps, c, v, p))) {
        return rv;
      }
    } else if (SW_LIT_CASEEQ(p->name, "rport")) {
      if (v->rport == -2) v->rport = -1;
    } else if (SW_LIT_CASEEQ(p->name, "branch") || SW_LIT_CASEEQ(p->name, "received") ||
               SW_LIT_CASEEQ(p->name, "ttl") || SW_LIT_CASEEQ(p->name, "maddr")) {
      return PERR(ps, c->p, "Via parameter needs a value");
    }
    *tail = p;
    tail = &p->next;
  }
  v->raw = mkstr(start, c->p);
  return 0;
}
