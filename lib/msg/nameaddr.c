/* name-addr / addr-spec with header parameters (From, To, Contact, Route...).
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

/* End of an addr-spec: header parameters, list commas and whitespace are
 * outside the URI (RFC 3261 20.10: URIs with ',', ';' or '?' need <>). */
static const uint8_t *addr_spec_end(const uint8_t *p, const uint8_t *end) {
  while (p < end && *p != ';' && *p != ',' && *p != '?' && *p != ' ' && *p != '\t' &&
         *p != '\r' && *p != '\n')
    p++;
  return p;
}

static int angle_uri(pstate *ps, cur *c, sw_nameaddr *na) {
  const uint8_t *open = c->p;
  const uint8_t *close = memchr(open, '>', (size_t)(c->end - open));
  if (!close) return PERR(ps, open, "'>' expected");
  int rv = sw_uri_parse_(ps, open + 1, close, &na->uri, 0);
  if (rv) return rv;
  na->angle = 1;
  c->p = close + 1;
  return 0;
}

/* Lenient repair (RFC 4475 3.1.2.15): an unquoted display name with
 * characters outside token, such as "Bell, Alexander <sip:...>". */
static int infer_display(pstate *ps, cur *c, sw_nameaddr *na) {
  const uint8_t *lt = memchr(c->p, '<', (size_t)(c->end - c->p));
  if (!lt) return 0;
  for (const uint8_t *q = c->p; q < lt; q++)
    if (*q == '"' || *q == '\r' || *q == '\n' || *q < 0x20) return 0;
  const uint8_t *e = lt;
  while (e > c->p && (e[-1] == ' ' || e[-1] == '\t')) e--;
  na->display = mkstr(c->p, e);
  c->p = lt;
  ps->msg->repaired = 1;
  return 1;
}

int sw_nameaddr_(pstate *ps, cur *c, sw_nameaddr *na, int single) {
  const uint8_t *start = c->p;
  int ch = peek(c), rv;
  na->uri.port = -1;
  if (ch == '"') {
    if ((rv = sw_quoted_(ps, c, &na->display))) return rv;
    skip_lws(c);
    if (peek(c) != '<') return PERR(ps, c->p, "'<' expected after display name");
  } else if (ch != '<') {
    /* display-name = *(token LWS): a token run followed by "<". */
    const uint8_t *s = c->p, *last = c->p;
    for (;;) {
      if (!span(c, SW_C_TOKEN, NULL)) break;
      last = c->p;
      skip_lws(c);
    }
    if (peek(c) == '<' && last > s) {
      na->display = mkstr(s, last);
    } else {
      c->p = s;
      const uint8_t *e = addr_spec_end(s, c->end);
      if ((rv = sw_uri_parse_(ps, s, e, &na->uri, 0))) {
        if (!(single && (ps->flags & SW_PARSE_LENIENT) && infer_display(ps, c, na))) return rv;
      } else {
        c->p = e;
        if (peek(c) == '?') return PERR(ps, c->p, "URI with headers must be enclosed in <>");
      }
    }
  }
  if (peek(c) == '<' && (rv = angle_uri(ps, c, na))) return rv;
  if ((rv = sw_params_(ps, c, &na->params))) return rv;
  for (const sw_param *p = na->params; p; p = p->next)
    if (SW_LIT_CASEEQ(p->name, "tag")) {
      if (!p->value.p) return PERR(ps, p->name.p, "tag needs a value");
      if (!na->tag.p) na->tag = p->value; /* a repeated tag: the first counts */
    }
  na->raw = mkstr(start, c->p);
  return 0;
}
