/* URIs: SIP/SIPS (RFC 3261 19.1, RFC 5118, RFC 5954), tel (RFC 3966) and
 * other absolute URIs; comparison per RFC 3261 19.1.4.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <stdio.h>

#include "internal.h"

/* A run of class cls or %HH escapes. Returns 0, or an error at a bad escape. */
static int escaped_span(pstate *ps, cur *c, unsigned cls, sw_str *out) {
  const uint8_t *s = c->p, *p = s, *e = c->end;
  for (;;) {
    while (p < e && SW_IS(*p, cls)) p++;
    if (p >= e || *p != '%') break;
    if (e - p < 3 || !SW_IS(p[1], SW_C_HEX) || !SW_IS(p[2], SW_C_HEX))
      return PERR(ps, p, "bad %HH escape in URI");
    p += 3;
  }
  c->p = p;
  *out = mkstr(s, p);
  return 0;
}

static int valid_ipv6(const uint8_t *s, size_t n) {
  char tmp[64];
  struct in6_addr a;
  if (n == 0 || n >= sizeof tmp) return 0;
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  if (inet_pton(AF_INET6, tmp, &a) == 1) return 1;
  /* RFC 5118 4.10: tolerate the three-colon form RFC 3261's ABNF produced
   * ("2001:db8:::192.0.2.1"); never generate it. */
  char *t = strstr(tmp, ":::");
  if (!t || strstr(t + 1, ":::")) return 0;
  memmove(t, t + 1, strlen(t + 1) + 1);
  return inet_pton(AF_INET6, tmp, &a) == 1;
}

/* IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each 0-255. */
static int valid_ipv4(const uint8_t *s, size_t n) {
  unsigned dots = 0, val = 0, len = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned)s[i] - '0';
    if (d < 10) {
      val = val * 10 + d;
      if (++len > 3) return 0;
    } else if (s[i] == '.') {
      if (!len || val > 255 || ++dots > 3) return 0;
      val = len = 0;
    } else {
      return 0;
    }
  }
  return dots == 3 && len && val <= 255;
}

sw_host_type sw_ip_type_(const uint8_t *s, size_t n) {
  if (valid_ipv4(s, n)) return SW_HOST_IPV4;
  if (n >= 2 && s[0] == '[' && s[n - 1] == ']') return valid_ipv6(s + 1, n - 2) ? SW_HOST_IPV6 : SW_HOST_NONE;
  return valid_ipv6(s, n) ? SW_HOST_IPV6 : SW_HOST_NONE;
}

/* hostname = *( domainlabel "." ) toplabel [ "." ] (RFC 3261 25.1). */
static int valid_hostname(const uint8_t *s, size_t n) {
  if (n && s[n - 1] == '.') n--;
  if (!n) return 0;
  size_t lab = 0; /* start of the current label */
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '.') {
      if (i == lab || s[lab] == '-' || s[i - 1] == '-') return 0;
      if (i == n && !SW_IS(s[lab], SW_C_ALPHA)) return 0; /* toplabel */
      lab = i + 1;
    } else if (!SW_IS(s[i], SW_C_ALPHA | SW_C_DIGIT) && s[i] != '-') {
      return 0;
    }
  }
  return 1;
}

int sw_host_(pstate *ps, cur *c, sw_str *host, sw_host_type *type) {
  const uint8_t *s = c->p;
  if (c->p < c->end && *c->p == '[') {
    const uint8_t *close = memchr(c->p, ']', (size_t)(c->end - c->p));
    if (!close || !valid_ipv6(c->p + 1, (size_t)(close - c->p - 1)))
      return PERR(ps, s, "invalid IPv6 reference");
    c->p = close + 1;
    *host = mkstr(s, c->p);
    *type = SW_HOST_IPV6;
    return 0;
  }
  /* One pass: IPv4 digits and dots are checked while they last; anything
   * else makes it a host name, validated after. */
  const uint8_t *p = s, *e = c->end;
  unsigned dots = 0, val = 0, len = 0, ipv4 = 1;
  while (p < e) {
    unsigned d = (unsigned)*p - '0';
    if (d < 10) {
      val = val * 10 + d;
      ipv4 &= ++len <= 3;
    } else if (*p == '.') {
      ipv4 &= len && val <= 255;
      dots++;
      val = len = 0;
    } else if (SW_IS(*p, SW_C_HOST)) {
      ipv4 = 0;
    } else {
      break;
    }
    p++;
  }
  c->p = p;
  host->p = (const char *)s;
  host->len = (size_t)(p - s);
  if (ipv4 && dots == 3 && len && val <= 255) {
    *type = SW_HOST_IPV4;
  } else if (valid_hostname(s, host->len)) {
    *type = SW_HOST_NAME;
  } else {
    return PERR(ps, s, host->len ? "invalid host" : "host expected");
  }
  return 0;
}

/* ;name[=value] pairs of a URI (uri-parameters) or ?name=value&... (headers). */
static int uri_pairs(pstate *ps, cur *c, uint8_t lead, uint8_t delim, unsigned cls,
                     int need_value, sw_param **out) {
  sw_param **tail = out;
  if (c->p >= c->end || *c->p != lead) return 0;
  do {
    c->p++;
    sw_param *p = zalloc(ps, sizeof *p);
    if (!p) return NOMEM(ps);
    int rv = escaped_span(ps, c, cls, &p->name);
    if (rv) return rv;
    if (!p->name.len) return PERR(ps, c->p, "empty URI parameter name");
    if (c->p < c->end && *c->p == '=') {
      c->p++;
      if ((rv = escaped_span(ps, c, cls, &p->value))) return rv;
      if (!p->value.len && !need_value) return PERR(ps, c->p, "empty URI parameter value");
    } else if (need_value) {
      return PERR(ps, c->p, "'=' expected in URI header");
    }
    *tail = p;
    tail = &p->next;
  } while (c->p < c->end && *c->p == delim);
  return 0;
}

static int parse_sip(pstate *ps, cur *c, sw_uri *u, int in_ruri) {
  const uint8_t *at = memchr(c->p, '@', (size_t)(c->end - c->p));
  int rv;
  if (at) {
    cur ui = {c->p, at};
    if ((rv = escaped_span(ps, &ui, SW_C_USER, &u->user))) return rv;
    if (!u->user.len) return PERR(ps, ui.p, "empty user part in URI");
    if (ui.p < at && *ui.p == ':') {
      ui.p++;
      if ((rv = escaped_span(ps, &ui, SW_C_PASS, &u->password))) return rv;
    }
    if (ui.p != at) return PERR(ps, ui.p, "invalid character in URI user part");
    c->p = at + 1;
  }
  if ((rv = sw_host_(ps, c, &u->host, &u->host_type))) return rv;
  if (c->p < c->end && *c->p == ':') {
    c->p++;
    const uint8_t *ds = c->p;
    uint32_t port = 0;
    while (c->p < c->end && SW_IS(*c->p, SW_C_DIGIT) && port <= 65535)
      port = port * 10 + (uint32_t)(*c->p++ - '0');
    if (c->p == ds || port > 65535) return PERR(ps, ds, "invalid port in URI");
    u->port = (int)port;
  }
  if (c->p >= c->end) return 0;
  if ((rv = uri_pairs(ps, c, ';', ';', SW_C_PARAM, 0, &u->params))) return rv;
  const uint8_t *hs = c->p;
  if ((rv = uri_pairs(ps, c, '?', '&', SW_C_HNV, 1, &u->headers))) return rv;
  if (u->headers && in_ruri && !(ps->flags & SW_PARSE_LENIENT))
    return PERR(ps, hs, "headers not allowed in Request-URI");
  return 0;
}

static int parse_tel(pstate *ps, cur *c, sw_uri *u) {
  const uint8_t *s = c->p;
  while (c->p < c->end && (SW_IS(*c->p, SW_C_HEX) || strchr("*#+-.()pPwW", *c->p))) c->p++;
  if (c->p == s) return PERR(ps, s, "telephone number expected");
  u->user = mkstr(s, c->p);
  return uri_pairs(ps, c, ';', ';', SW_C_PARAM, 0, &u->params);
}

int sw_uri_parse_(pstate *ps, const uint8_t *s, const uint8_t *e, sw_uri *u, int in_ruri) {
  cur c = {s, e};
  static const sw_uri empty = {SW_URI_OTHER, {0}, {0}, {0}, {0}, {0}, SW_HOST_NONE, -1, NULL, NULL};
  *u = empty;
  u->raw = mkstr(s, e);
  if (s >= e || !SW_IS(*s, SW_C_ALPHA)) return PERR(ps, s, "URI expected");
  span(&c, SW_C_SCHEME, &u->scheme_name);
  if (c.p >= e || *c.p != ':') return PERR(ps, c.p, "':' expected after URI scheme");
  c.p++;
  int rv;
  if (SW_LIT_CASEEQ(u->scheme_name, "sip") || SW_LIT_CASEEQ(u->scheme_name, "sips")) {
    u->scheme = u->scheme_name.len == 3 ? SW_URI_SIP : SW_URI_SIPS;
    rv = parse_sip(ps, &c, u, in_ruri);
  } else if (SW_LIT_CASEEQ(u->scheme_name, "tel")) {
    u->scheme = SW_URI_TEL;
    rv = parse_tel(ps, &c, u);
  } else {
    u->scheme = SW_URI_OTHER;
    sw_str rest;
    rv = escaped_span(ps, &c, SW_C_URIC, &rest);
    if (!rv && !rest.len) rv = PERR(ps, c.p, "empty URI");
  }
  if (rv) return rv;
  if (c.p != e) return PERR(ps, c.p, "invalid character in URI");
  return 0;
}

int sw_uri_parse(sw_arena *a, const char *s, size_t len, sw_uri *out, sw_parse_error *err) {
  sw_parse_error dummy;
  if (!a || !s || !out) return SW_EINVAL;
  pstate ps = {(const uint8_t *)s, err ? err : &dummy, a, NULL, 0, 400, 64};
  int rv = sw_uri_parse_(&ps, (const uint8_t *)s, (const uint8_t *)s + len, out, 0);
  if (rv && err) {
    err->line = 1;
  }
  return rv;
}

/* Compare two escaped strings after unescaping; icase folds ASCII case. */
static int unesc_next(const char *s, size_t n, size_t *i) {
  unsigned char ch = (unsigned char)s[*i];
  if (ch == '%' && *i + 2 < n && sw_hexval_(s[*i + 1]) >= 0 && sw_hexval_(s[*i + 2]) >= 0) {
    int v = sw_hexval_(s[*i + 1]) * 16 + sw_hexval_(s[*i + 2]);
    *i += 3;
    return v;
  }
  (*i)++;
  return ch;
}

static int unesc_eq(sw_str a, sw_str b, int icase) {
  size_t i = 0, j = 0;
  while (i < a.len && j < b.len) {
    int x = unesc_next(a.p, a.len, &i), y = unesc_next(b.p, b.len, &j);
    if (icase) {
      x = sw_lower_(x);
      y = sw_lower_(y);
    }
    if (x != y) return 0;
  }
  return i == a.len && j == b.len;
}

static const sw_param *pfind(const sw_param *l, sw_str name) {
  for (; l; l = l->next)
    if (unesc_eq(l->name, name, 1)) return l;
  return NULL;
}

const sw_param *sw_param_find(const sw_param *list, const char *name) {
  for (; list; list = list->next)
    if (sw_str_caseeq_c(list->name, name)) return list;
  return NULL;
}

static int pval_eq(const sw_param *a, const sw_param *b) {
  if (!a->value.p || !b->value.p) return !a->value.p && !b->value.p;
  return unesc_eq(a->value, b->value, 1);
}

/* Parameters that must match when present in either URI (19.1.4). */
static const char *const strict_params[] = {"user", "ttl", "method", "maddr", "transport"};

/* A repeated name counts by its first occurrence, on both sides, so that
 * equality stays reflexive and symmetric. */
static int first_of_name(const sw_param *list, const sw_param *x) { return pfind(list, x->name) == x; }

static int params_eq(const sw_param *a, const sw_param *b) {
  for (size_t k = 0; k < sizeof strict_params / sizeof strict_params[0]; k++) {
    const sw_param *x = sw_param_find(a, strict_params[k]);
    const sw_param *y = sw_param_find(b, strict_params[k]);
    if (!x != !y || (x && !pval_eq(x, y))) return 0;
  }
  for (const sw_param *x = a; x; x = x->next) {
    const sw_param *y = first_of_name(a, x) ? pfind(b, x->name) : NULL;
    if (y && !pval_eq(x, y)) return 0;
  }
  return 1;
}

/* Every header of one URI is in the other with the same value (19.1.4). */
static int headers_in(const sw_param *a, const sw_param *b) {
  for (const sw_param *x = a; x; x = x->next) {
    if (!first_of_name(a, x)) continue;
    const sw_param *y = pfind(b, x->name);
    if (!y || !unesc_eq(x->value, y->value, 0)) return 0;
  }
  return 1;
}

static int headers_eq(const sw_param *a, const sw_param *b) {
  return headers_in(a, b) && headers_in(b, a);
}

static int tel_eq(sw_str a, sw_str b) {
  /* Visual separators carry no meaning (RFC 3966 4). */
  size_t i = 0, j = 0;
  for (;;) {
    while (i < a.len && strchr("-.()", a.p[i])) i++;
    while (j < b.len && strchr("-.()", b.p[j])) j++;
    if (i == a.len || j == b.len) return i == a.len && j == b.len;
    if (sw_lower_((unsigned char)a.p[i++]) != sw_lower_((unsigned char)b.p[j++])) return 0;
  }
}

int sw_uri_equal(const sw_uri *a, const sw_uri *b) {
  if (!a || !b || a->scheme != b->scheme) return 0;
  switch (a->scheme) {
  case SW_URI_SIP:
  case SW_URI_SIPS:
    return unesc_eq(a->user, b->user, 0) && unesc_eq(a->password, b->password, 0) &&
           sw_str_caseeq(a->host, b->host) && a->port == b->port &&
           params_eq(a->params, b->params) && params_eq(b->params, a->params) &&
           headers_eq(a->headers, b->headers);
  case SW_URI_TEL:
    return tel_eq(a->user, b->user) && params_eq(a->params, b->params) &&
           params_eq(b->params, a->params);
  default:
    return sw_str_caseeq(a->scheme_name, b->scheme_name) &&
           sw_str_eq(mkstr((const uint8_t *)a->raw.p + a->scheme_name.len,
                           (const uint8_t *)a->raw.p + a->raw.len),
                     mkstr((const uint8_t *)b->raw.p + b->scheme_name.len,
                           (const uint8_t *)b->raw.p + b->raw.len));
  }
}

int sw_unescape(sw_str src, char *dst, size_t cap, size_t *len) {
  size_t o = 0;
  for (size_t i = 0; i < src.len;) {
    unsigned char ch = (unsigned char)src.p[i];
    if (ch == '%') {
      if (i + 2 >= src.len) return SW_EPARSE;
      int h = sw_hexval_(src.p[i + 1]), l = sw_hexval_(src.p[i + 2]);
      if (h < 0 || l < 0) return SW_EPARSE;
      ch = (unsigned char)(h * 16 + l);
      i += 3;
    } else {
      i++;
    }
    if (o >= cap) return SW_ENOSPC;
    dst[o++] = (char)ch;
  }
  if (len) *len = o;
  return 0;
}

static size_t put(char *out, size_t cap, size_t o, const char *s, size_t n) {
  if (o < cap) memcpy(out + o, s, o + n <= cap ? n : cap - o);
  return o + n;
}

static size_t put_pairs(char *out, size_t cap, size_t o, const sw_param *p, char lead,
                        char delim) {
  for (int first = 1; p; p = p->next, first = 0) {
    o = put(out, cap, o, first ? &lead : &delim, 1);
    o = put(out, cap, o, p->name.p, p->name.len);
    if (p->value.p) {
      o = put(out, cap, o, "=", 1);
      o = put(out, cap, o, p->value.p, p->value.len);
    }
  }
  return o;
}

size_t sw_uri_print_(const sw_uri *u, int omit_headers, char *out, size_t cap) {
  if (u->scheme != SW_URI_SIP && u->scheme != SW_URI_SIPS)
    return put(out, cap, 0, u->raw.p, u->raw.len);
  size_t o = u->scheme == SW_URI_SIP ? put(out, cap, 0, "sip:", 4) : put(out, cap, 0, "sips:", 5);
  if (u->user.p) {
    o = put(out, cap, o, u->user.p, u->user.len);
    if (u->password.p) {
      o = put(out, cap, o, ":", 1);
      o = put(out, cap, o, u->password.p, u->password.len);
    }
    o = put(out, cap, o, "@", 1);
  }
  o = put(out, cap, o, u->host.p, u->host.len);
  if (u->port >= 0) {
    char pb[8];
    int n = snprintf(pb, sizeof pb, ":%d", u->port);
    o = put(out, cap, o, pb, (size_t)n);
  }
  o = put_pairs(out, cap, o, u->params, ';', ';');
  if (!omit_headers) o = put_pairs(out, cap, o, u->headers, '?', '&');
  return o;
}
