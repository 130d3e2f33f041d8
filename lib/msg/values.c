/* Header value grammar (RFC 3261 section 25 and the extensions named in
 * msg.h): one parser per value kind, chosen from a table.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <time.h>

#include "internal.h"

void sw_skip_lws_(cur *c) {
  const uint8_t *p = c->p, *e = c->end;
  while (p < e) {
    uint8_t ch = *p;
    if (ch == ' ' || ch == '\t') {
      p++;
    } else if (ch == '\r' && e - p >= 3 && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
      p += 3;
    } else if (ch == '\n' && e - p >= 2 && (p[1] == ' ' || p[1] == '\t')) {
      p += 2;
    } else {
      break;
    }
  }
  c->p = p;
}

int sw_utf8_len_(const uint8_t *p, const uint8_t *end) {
  uint8_t c = p[0];
  int n;
  uint32_t cp;
  if (c < 0xC2) return 0;
  if (c < 0xE0) { n = 2; cp = c & 0x1F; }
  else if (c < 0xF0) { n = 3; cp = c & 0x0F; }
  else if (c < 0xF5) { n = 4; cp = c & 0x07; }
  else return 0;
  if (end - p < n) return 0;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  /* No overlong forms, no surrogates, nothing beyond U+10FFFF. */
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

int sw_quoted_(pstate *ps, cur *c, sw_str *out) {
  const uint8_t *s = c->p;
  c->p++; /* the opening quote */
  while (c->p < c->end) {
    uint8_t ch = *c->p;
    if (ch == '"') {
      c->p++;
      *out = mkstr(s, c->p);
      return 0;
    }
    if (ch == '\\') {
      /* quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F) */
      if (c->end - c->p < 2 || c->p[1] > 0x7F || c->p[1] == '\r' || c->p[1] == '\n')
        return PERR(ps, c->p, "bad quoted-pair");
      c->p += 2;
    } else if (ch == '\r' || ch == '\n') {
      const uint8_t *f = c->p;
      skip_lws(c);
      if (c->p == f) return PERR(ps, f, "line end inside quoted string");
    } else if (ch < 0x20 && ch != '\t') {
      return PERR(ps, c->p, "control character in quoted string");
    } else if (ch == 0x7F) {
      return PERR(ps, c->p, "DEL in quoted string");
    } else {
      c->p++;
    }
  }
  return PERR(ps, s, "unterminated quoted string");
}

SW_COLD int sw_check_ctl_(pstate *ps, const uint8_t *s, const uint8_t *e) {
  cur c = {s, e};
  while (c.p < e) {
    if (*c.p == '"') {
      int rv = sw_quoted_(ps, &c, &(sw_str){0});
      if (rv) return rv;
    } else if (*c.p < 0x20 && *c.p != '\t' && *c.p != '\r' && *c.p != '\n') {
      return PERR(ps, c.p, "control character in header value");
    } else if (*c.p == 0x7F) {
      return PERR(ps, c.p, "DEL in header value");
    } else {
      c.p++;
    }
  }
  return 0;
}

int sw_params_(pstate *ps, cur *c, sw_param **out) {
  sw_param **tail = out;
  while (sep(c, ';')) {
    sw_param *p = zalloc(ps, sizeof *p);
    if (!p) return NOMEM(ps);
    if (!span(c, SW_C_TOKEN, &p->name)) return PERR(ps, c->p, "parameter name expected");
    if (sep(c, '=')) {
      int ch = peek(c);
      if (ch == '"') {
        int rv = sw_quoted_(ps, c, &p->value);
        if (rv) return rv;
      } else if (ch == '[') {
        sw_host_type t;
        int rv = sw_host_(ps, c, &p->value, &t);
        if (rv) return rv;
      } else if (!span(c, SW_C_TOKEN, &p->value)) {
        return PERR(ps, c->p, "parameter value expected");
      }
    }
    *tail = p;
    tail = &p->next;
  }
  return 0;
}

int sw_uint32_(pstate *ps, cur *c, uint32_t *out, const char *what) {
  const uint8_t *s = c->p;
  uint64_t v = 0;
  while (c->p < c->end && SW_IS(*c->p, SW_C_DIGIT)) {
    v = v * 10 + (uint64_t)(*c->p++ - '0');
    if (v > UINT32_MAX) return PERR(ps, s, what);
  }
  if (c->p == s) return PERR(ps, s, what);
  *out = (uint32_t)v;
  return 0;
}

/* The value must be used up, trailing whitespace aside. */
static int done(pstate *ps, cur *c, const char *what) {
  skip_lws(c);
  return at_end(c) ? 0 : PERR(ps, c->p, what);
}

static int need_lws(pstate *ps, cur *c) {
  const uint8_t *s = c->p;
  skip_lws(c);
  return c->p == s ? PERR(ps, s, "whitespace expected") : 0;
}

typedef int (*value_fn)(pstate *ps, cur *c, sw_hdr *h);

static int v_raw(pstate *ps, cur *c, sw_hdr *h) {
  (void)ps, (void)c, (void)h;
  return 0;
}

static int v_callid(pstate *ps, cur *c, sw_hdr *h) {
  sw_str w;
  if (!span(c, SW_C_WORD, &w)) return PERR(ps, c->p, "Call-ID expected");
  if (peek(c) == '@') {
    c->p++;
    if (!span(c, SW_C_WORD, &w)) return PERR(ps, c->p, "word expected after '@' in Call-ID");
  }
  int rv = done(ps, c, "invalid character in Call-ID");
  if (rv) return rv;
  h->parsed = &h->value; /* the typed value of a Call-ID is its sw_str */
  if (!ps->msg->call_id.p) ps->msg->call_id = h->value;
  return 0;
}

static int v_cseq(pstate *ps, cur *c, sw_hdr *h) {
  sw_cseq *cs = zalloc(ps, sizeof *cs);
  if (!cs) return NOMEM(ps);
  int rv = sw_uint32_(ps, c, &cs->seq, "CSeq number out of range");
  if (!rv) rv = need_lws(ps, c);
  if (rv) return rv;
  if (!span(c, SW_C_TOKEN, &cs->method_name)) return PERR(ps, c->p, "CSeq method expected");
  cs->method = sw_method_lookup_((const uint8_t *)cs->method_name.p, cs->method_name.len);
  if ((rv = done(ps, c, "invalid character after CSeq method"))) return rv;
  h->parsed = cs;
  if (!ps->msg->cseq) ps->msg->cseq = cs;
  return 0;
}

static int v_uint(pstate *ps, cur *c, sw_hdr *h) {
  sw_uint *u = zalloc(ps, sizeof *u);
  if (!u) return NOMEM(ps);
  const uint8_t *s = c->p;
  int rv = sw_uint32_(ps, c, &u->value, "number expected");
  if (rv && h->id == SW_HDR_EXPIRES && c->p > s) {
    /* RFC 3261 20.19: a malformed Expires is taken as 3600. */
    while (c->p < c->end && SW_IS(*c->p, SW_C_DIGIT)) c->p++;
    u->value = 3600;
    u->malformed = 1;
    rv = 0;
  }
  if (rv) {
    if (c->p < c->end && *c->p == '-') return PERR(ps, c->p, "negative number");
    return PERR(ps, s, c->p > s ? "number out of range" : "number expected");
  }
  if ((rv = done(ps, c, "invalid character after number"))) return rv;
  h->parsed = u;
  sw_msg *m = ps->msg;
  if (h->id == SW_HDR_CONTENT_LENGTH && m->content_length < 0) m->content_length = u->value;
  if (h->id == SW_HDR_MAX_FORWARDS && m->max_forwards < 0) m->max_forwards = u->value;
  return 0;
}

static int v_nameaddr(pstate *ps, cur *c, sw_hdr *h) {
  sw_nameaddr *na = zalloc(ps, sizeof *na);
  if (!na) return NOMEM(ps);
  int rv = sw_nameaddr_(ps, c, na, 1);
  if (!rv) rv = done(ps, c, "invalid character after address");
  if (rv) return rv;
  h->parsed = na;
  sw_msg *m = ps->msg;
  if (h->id == SW_HDR_FROM && !m->from) m->from = na;
  if (h->id == SW_HDR_TO && !m->to) m->to = na;
  return 0;
}

static void list_append(sw_nameaddr **head, sw_nameaddr **tail, sw_nameaddr *na) {
  if (*tail) (*tail)->next = na;
  else *head = na;
  *tail = na;
}

static int v_nameaddrs(pstate *ps, cur *c, sw_hdr *h) {
  sw_msg *m = ps->msg;
  sw_nameaddr *dummy_h = NULL, *dummy_t = NULL;
  sw_nameaddr **head = &dummy_h, **tail = &dummy_t;
  if (h->id == SW_HDR_CONTACT) head = &m->contact, tail = &m->contact_tail;
  else if (h->id == SW_HDR_ROUTE) head = &m->route, tail = &m->route_tail;
  else if (h->id == SW_HDR_RECORD_ROUTE) head = &m->rr, tail = &m->rr_tail;
  if (h->id == SW_HDR_CONTACT && peek(c) == '*') {
    const uint8_t *s = c->p++;
    int rv = done(ps, c, "nothing may follow Contact: *");
    if (rv) return rv;
    sw_nameaddr *na = zalloc(ps, sizeof *na);
    if (!na) return NOMEM(ps);
    na->star = 1;
    na->raw = mkstr(s, s + 1);
    na->uri.port = -1;
    h->parsed = na;
    list_append(head, tail, na);
    return 0;
  }
  do {
    sw_nameaddr *na = zalloc(ps, sizeof *na);
    if (!na) return NOMEM(ps);
    int rv = sw_nameaddr_(ps, c, na, 0);
    if (rv) return rv;
    if (!h->parsed) h->parsed = na;
    list_append(head, tail, na);
  } while (sep(c, ','));
  return done(ps, c, "',' or end of value expected");
}

static int v_via(pstate *ps, cur *c, sw_hdr *h) {
  sw_msg *m = ps->msg;
  do {
    sw_via *v = zalloc(ps, sizeof *v);
    if (!v) return NOMEM(ps);
    if (++m->nvia > ps->max_via) return sw_too_big_(ps, c->p, "too many Via values", ps->status);
    int rv = sw_via_(ps, c, v);
    if (rv) return rv;
    if (!h->parsed) h->parsed = v;
    if (m->via_tail) m->via_tail->next = v;
    else m->via = v;
    m->via_tail = v;
  } while (sep(c, ','));
  return done(ps, c, "',' or end of Via expected");
}

/* token ["/" token] params, comma-separated, possibly empty. */
SW_COLD static int v_tokens(pstate *ps, cur *c, sw_hdr *h) {
  sw_token **tail = (sw_token **)&h->parsed;
  if (at_end(c)) return 0;
  do {
    sw_token *t = zalloc(ps, sizeof *t);
    if (!t) return NOMEM(ps);
    const uint8_t *s = c->p;
    if (!span(c, SW_C_TOKEN, NULL)) return PERR(ps, c->p, "token expected");
    if (h->id == SW_HDR_ACCEPT) {
      if (!sep(c, '/') || !span(c, SW_C_TOKEN, NULL)) return PERR(ps, c->p, "media range expected");
    }
    t->value = mkstr(s, c->p);
    int rv = sw_params_(ps, c, &t->params);
    if (rv) return rv;
    *tail = t;
    tail = &t->next;
  } while (sep(c, ','));
  return done(ps, c, "',' or end of list expected");
}

SW_COLD static int v_auth(pstate *ps, cur *c, sw_hdr *h) {
  sw_auth *a = zalloc(ps, sizeof *a);
  if (!a) return NOMEM(ps);
  if (!span(c, SW_C_TOKEN, &a->scheme)) return PERR(ps, c->p, "authentication scheme expected");
  sw_param **tail = &a->params;
  if (!at_end(c)) {
    int rv = need_lws(ps, c);
    if (rv) return rv;
    do {
      sw_param *p = zalloc(ps, sizeof *p);
      if (!p) return NOMEM(ps);
      if (!span(c, SW_C_TOKEN, &p->name)) return PERR(ps, c->p, "auth parameter expected");
      if (!sep(c, '=')) return PERR(ps, c->p, "'=' expected in auth parameter");
      if (peek(c) == '"') {
        if ((rv = sw_quoted_(ps, c, &p->value))) return rv;
      } else if (!span(c, SW_C_TOKEN, &p->value)) {
        return PERR(ps, c->p, "auth parameter value expected");
      }
      *tail = p;
      tail = &p->next;
    } while (sep(c, ','));
  }
  int rv = done(ps, c, "',' or end of credentials expected");
  if (!rv) h->parsed = a;
  return rv;
}

static int v_mediatype(pstate *ps, cur *c, sw_hdr *h) {
  sw_mediatype *t = zalloc(ps, sizeof *t);
  if (!t) return NOMEM(ps);
  if (!span(c, SW_C_TOKEN, &t->type) || !sep(c, '/') || !span(c, SW_C_TOKEN, &t->subtype))
    return PERR(ps, c->p, "media type expected");
  int rv = sw_params_(ps, c, &t->params);
  if (!rv) rv = done(ps, c, "invalid character in media type");
  if (rv) return rv;
  h->parsed = t;
  if (!ps->msg->ctype) ps->msg->ctype = t;
  return 0;
}

SW_COLD static int v_timer(pstate *ps, cur *c, sw_hdr *h) {
  sw_timer *t = zalloc(ps, sizeof *t);
  if (!t) return NOMEM(ps);
  int rv = sw_uint32_(ps, c, &t->delta, "delta-seconds expected");
  if (!rv) rv = sw_params_(ps, c, &t->params);
  if (!rv) rv = done(ps, c, "invalid character in timer value");
  if (rv) return rv;
  const sw_param *r = NULL;
  for (const sw_param *p = t->params; p && !r; p = p->next)
    if (SW_LIT_CASEEQ(p->name, "refresher")) r = p;
  if (r) t->refresher = r->value;
  h->parsed = t;
  return 0;
}

SW_COLD static int v_rack(pstate *ps, cur *c, sw_hdr *h) {
  sw_rack *r = zalloc(ps, sizeof *r);
  if (!r) return NOMEM(ps);
  int rv = sw_uint32_(ps, c, &r->rseq, "RAck response number expected");
  if (!rv) rv = need_lws(ps, c);
  if (!rv) rv = sw_uint32_(ps, c, &r->cseq, "RAck CSeq number expected");
  if (!rv) rv = need_lws(ps, c);
  if (rv) return rv;
  if (!span(c, SW_C_TOKEN, &r->method_name)) return PERR(ps, c->p, "RAck method expected");
  r->method = sw_method_lookup_((const uint8_t *)r->method_name.p, r->method_name.len);
  if ((rv = done(ps, c, "invalid character in RAck"))) return rv;
  h->parsed = r;
  return 0;
}

SW_COLD static int v_reason(pstate *ps, cur *c, sw_hdr *h) {
  sw_reason **tail = (sw_reason **)&h->parsed;
  do {
    sw_reason *r = zalloc(ps, sizeof *r);
    if (!r) return NOMEM(ps);
    r->cause = -1;
    if (!span(c, SW_C_TOKEN, &r->protocol)) return PERR(ps, c->p, "reason protocol expected");
    int rv = sw_params_(ps, c, &r->params);
    if (rv) return rv;
    const sw_param *p = sw_param_find(r->params, "cause");
    if (p) {
      if (!p->value.p) return PERR(ps, p->name.p, "cause needs a value");
      uint32_t v;
      cur pc = {(const uint8_t *)p->value.p, (const uint8_t *)p->value.p + p->value.len};
      if (sw_uint32_(ps, &pc, &v, "cause must be a number") || pc.p != pc.end || v > 65535)
        return PERR(ps, p->value.p, "cause must be a number");
      r->cause = (int)v;
    }
    if ((p = sw_param_find(r->params, "text")) && p->value.len >= 2 && p->value.p[0] == '"')
      r->text = (sw_str){p->value.p + 1, p->value.len - 2};
    *tail = r;
    tail = &r->next;
  } while (sep(c, ','));
  return done(ps, c, "',' or end of Reason expected");
}

SW_COLD static int v_event(pstate *ps, cur *c, sw_hdr *h) {
  sw_event *e = zalloc(ps, sizeof *e);
  if (!e) return NOMEM(ps);
  if (!span(c, SW_C_TOKEN, &e->value)) return PERR(ps, c->p, "token expected");
  int rv = sw_params_(ps, c, &e->params);
  if (!rv) rv = done(ps, c, "invalid character in value");
  if (!rv) h->parsed = e;
  return rv;
}

/* rfc1123-date = wkday "," SP date1 SP time SP "GMT" */
SW_COLD static int v_date(pstate *ps, cur *c, sw_hdr *h) {
  static const char wk[] = "MonTueWedThuFriSatSun";
  static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const uint8_t *s = c->p;
  size_t n = (size_t)(c->end - s);
  if (ps->flags & SW_PARSE_LENIENT) return 0; /* liberal: ignore the value (RFC 4475 3.1.2.12) */
  if (n < 29) return PERR(ps, s, "invalid Date");
  int ok = s[3] == ',' && s[4] == ' ' && s[7] == ' ' && s[11] == ' ' && s[16] == ' ' &&
           s[19] == ':' && s[22] == ':' && s[25] == ' ';
  const char *w = ok ? strstr(wk, (char[]){(char)s[0], (char)s[1], (char)s[2], 0}) : NULL;
  const char *mo = ok ? strstr(mon, (char[]){(char)s[8], (char)s[9], (char)s[10], 0}) : NULL;
  static const uint8_t digits[] = {5, 6, 12, 13, 14, 15, 17, 18, 20, 21, 23, 24};
  for (size_t i = 0; ok && i < sizeof digits; i++) ok = SW_IS(s[digits[i]], SW_C_DIGIT);
  if (!ok || !w || (w - wk) % 3 || !mo || (mo - mon) % 3) return PERR(ps, s, "invalid Date");
  if (memcmp(s + 26, "GMT", 3) != 0) return PERR(ps, s + 26, "Date must be in GMT");
  c->p = s + 29;
  int rv = done(ps, c, "invalid character after Date");
  if (rv) return rv;
#define D2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
  struct tm tm = {0};
  tm.tm_mday = D2(5);
  tm.tm_mon = (int)((mo - mon) / 3);
  tm.tm_year = D2(12) * 100 + D2(14) - 1900;
  tm.tm_hour = D2(17);
  tm.tm_min = D2(20);
  tm.tm_sec = D2(23);
#undef D2
  if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
    return PERR(ps, s, "invalid Date");
  sw_date *d = zalloc(ps, sizeof *d);
  if (!d) return NOMEM(ps);
  d->epoch = (int64_t)timegm(&tm);
  h->parsed = d;
  return 0;
}

enum kind {
#define SW_XX_KIND(k) K_##k,
  SW_XX_KIND(RAW) SW_XX_KIND(CALLID) SW_XX_KIND(CSEQ) SW_XX_KIND(UINT) SW_XX_KIND(NAMEADDR)
  SW_XX_KIND(NAMEADDRS) SW_XX_KIND(CONTACT) SW_XX_KIND(VIA) SW_XX_KIND(TOKENS)
  SW_XX_KIND(MEDIALIST) SW_XX_KIND(AUTH) SW_XX_KIND(MEDIATYPE) SW_XX_KIND(TIMER)
  SW_XX_KIND(RACK) SW_XX_KIND(REASON) SW_XX_KIND(EVENT) SW_XX_KIND(DATE)
#undef SW_XX_KIND
};

static const value_fn kind_fn[] = {
    [K_RAW] = v_raw,         [K_CALLID] = v_callid,       [K_CSEQ] = v_cseq,
    [K_UINT] = v_uint,       [K_NAMEADDR] = v_nameaddr,   [K_NAMEADDRS] = v_nameaddrs,
    [K_CONTACT] = v_nameaddrs, [K_VIA] = v_via,           [K_TOKENS] = v_tokens,
    [K_MEDIALIST] = v_tokens, [K_AUTH] = v_auth,          [K_MEDIATYPE] = v_mediatype,
    [K_TIMER] = v_timer,     [K_RACK] = v_rack,           [K_REASON] = v_reason,
    [K_EVENT] = v_event,     [K_DATE] = v_date,
};

static const uint8_t hdr_kind[SW_HDR_COUNT_] = {
    [SW_HDR_OTHER] = K_RAW,
#define SW_XX_HDR_KIND(id, name, compact, kind) [SW_HDR_##id] = K_##kind,
    SW_HDR_MAP(SW_XX_HDR_KIND)
#undef SW_XX_HDR_KIND
};

/* Headers parsed with the message: what transactions and dialogs read on
 * every message. The others are parsed on first access (or SW_PARSE_FULL). */
const uint8_t sw_hdr_eager_tab_[SW_HDR_COUNT_] = {
    [SW_HDR_VIA] = 1, [SW_HDR_FROM] = 1, [SW_HDR_TO] = 1, [SW_HDR_CALL_ID] = 1,
    [SW_HDR_CSEQ] = 1, [SW_HDR_CONTENT_LENGTH] = 1, [SW_HDR_MAX_FORWARDS] = 1,
    [SW_HDR_CONTACT] = 1, [SW_HDR_ROUTE] = 1, [SW_HDR_RECORD_ROUTE] = 1,
    [SW_HDR_CONTENT_TYPE] = 1,
};


int sw_parse_value_(pstate *ps, sw_hdr *h) {
  cur c = {(const uint8_t *)h->value.p, (const uint8_t *)h->value.p + h->value.len};
  return kind_fn[hdr_kind[h->id]](ps, &c, h);
}
