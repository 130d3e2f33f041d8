/* Message framing: start line, header fields, body (RFC 3261 7, 18.3, 25).
 * One pass over the header section validates every byte (8 at a time where
 * nothing needs attention), then each known header's value is parsed.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define FL_CTL 0x1u    /* a control byte: legal only as a quoted-pair */
#define FL_FOLDED 0x2u /* the value continues on folded lines */

void sw_msg_opts_init(sw_msg_opts *o) {
  memset(o, 0, sizeof *o);
  o->size = sizeof *o;
  o->max_size = 65535;
  o->max_headers = 256;
  o->max_header_len = 8192;
  o->max_via = 64;
}

SW_COLD int sw_perr_status_(pstate *ps, const uint8_t *at, const char *reason, int status) {
  ps->err->offset = at ? (size_t)(at - ps->base) : 0;
  ps->err->reason = reason;
  ps->err->status = status;
  return status == 500 ? SW_ENOMEM : SW_EPARSE;
}

SW_COLD int sw_perr_(pstate *ps, const uint8_t *at, const char *reason) {
  return sw_perr_status_(ps, at, reason, ps->status);
}

/* A configured limit was passed: SW_ETOOBIG with the error detail set. */
SW_COLD int sw_too_big_(pstate *ps, const uint8_t *at, const char *reason, int status) {
  sw_perr_status_(ps, at, reason, status);
  return SW_ETOOBIG;
}

/* Non-zero when one of 8 bytes is below 0x20 or at least 0x7F. False
 * positives happen only above a byte that really is one. */
static inline uint64_t block_special(uint64_t x) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  uint64_t lt = (x - 0x2020202020202020ULL) & ~x & highs;
  uint64_t hi = (x | (x + ones)) & highs;
  return lt | hi;
}

/* Scan one header field value from p to its line end, across folds.
 * Returns 0 with *eol at the CR (or LF) and *next after it, 1 when the
 * buffer ends first, or an error. */
static int scan_field(pstate *ps, const uint8_t *p, const uint8_t *end, const uint8_t **eol,
                      const uint8_t **next, unsigned *fl) {
  for (;;) {
#if defined(__SSE2__)
    /* 16 bytes at a time: a signed compare below 0x20 catches the control
     * bytes and every byte from 0x80 up; 0x7F (DEL) separately. */
    const __m128i sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    while (end - p >= 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
      unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(x, sp), _mm_cmpeq_epi8(x, del)));
      if (mask) {
        p += __builtin_ctz(mask);
        break;
      }
      p += 16;
    }
#endif
    while (end - p >= 8) {
      uint64_t x, mask;
      memcpy(&x, p, 8);
      if ((mask = block_special(x))) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* The lowest flagged byte is a real one: jump to it. */
        p += __builtin_ctzll(mask) >> 3;
#endif
        break;
      }
      p += 8;
    }
    while (p < end && *p >= 0x20 && *p < 0x7F) p++;
    if (p >= end) return 1;
    const uint8_t *nl;
    uint8_t ch = *p;
    if (ch == '\r') {
      if (end - p < 2) return 1;
      if (p[1] != '\n') return PERR(ps, p, "CR not followed by LF");
      nl = p + 2;
    } else if (ch == '\n') {
      if (!(ps->flags & SW_PARSE_LENIENT)) return PERR(ps, p, "line ends with LF only");
      nl = p + 1;
    } else if (ch == '\t') {
      p++;
      continue;
    } else if (ch >= 0x80) {
      int n = sw_utf8_len_(p, end);
      if (!n) return PERR(ps, p, "invalid UTF-8");
      p += n;
      continue;
    } else {
      *fl |= FL_CTL;
      p++;
      continue;
    }
    if (nl < end && (*nl == ' ' || *nl == '\t')) {
      *fl |= FL_FOLDED;
      p = nl;
      continue;
    }
    *eol = p;
    *next = nl;
    return 0;
  }
}

/* Line end after the start line: CRLF, or in lenient mode optional
 * trailing whitespace and a bare LF (RFC 4475 3.1.2.10). */
static int line_end(pstate *ps, cur *c) {
  if (ps->flags & SW_PARSE_LENIENT) {
    const uint8_t *s = c->p;
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t')) c->p++;
    if (c->p > s) ps->msg->repaired = 1;
    if (c->p < c->end && *c->p == '\n') {
      c->p++;
      return 0;
    }
  }
  if (c->end - c->p >= 2 && c->p[0] == '\r' && c->p[1] == '\n') {
    c->p += 2;
    return 0;
  }
  return PERR(ps, c->p, "CRLF expected at end of start line");
}

/* SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT */
static int version(pstate *ps, cur *c, sw_str *out) {
  const uint8_t *s = c->p;
  if (c->end - s < 4 || sw_casecmp_n_((const char *)s, "SIP/", 4) != 0)
    return PERR(ps, s, "SIP version expected");
  c->p += 4;
  if (!span(c, SW_C_DIGIT, NULL) || peek(c) != '.') return PERR(ps, c->p, "bad SIP version");
  c->p++;
  if (!span(c, SW_C_DIGIT, NULL)) return PERR(ps, c->p, "bad SIP version");
  *out = mkstr(s, c->p);
  return 0;
}

/* One SP between start-line elements; lenient mode takes several (3.1.2.9). */
static int one_sp(pstate *ps, cur *c) {
  if (peek(c) != ' ') return PERR(ps, c->p, "SP expected");
  c->p++;
  if ((ps->flags & SW_PARSE_LENIENT) && peek(c) == ' ') {
    while (peek(c) == ' ') c->p++;
    ps->msg->repaired = 1;
  }
  return 0;
}

static int request_line(pstate *ps, cur *c) {
  sw_msg *m = ps->msg;
  int rv;
  if (!span(c, SW_C_TOKEN, &m->method_name)) return PERR(ps, c->p, "method expected");
  m->method = sw_method_lookup_((const uint8_t *)m->method_name.p, m->method_name.len);
  if ((rv = one_sp(ps, c))) return rv;
  const uint8_t *us = c->p;
  span(c, SW_C_VCHAR, NULL);
  const uint8_t *ue = c->p;
  if ((ps->flags & SW_PARSE_LENIENT) && ue - us >= 2 && *us == '<' && ue[-1] == '>') {
    us++, ue--; /* RFC 4475 3.1.2.7: may ignore the brackets */
    m->repaired = 1;
  }
  if ((rv = sw_uri_parse_(ps, us, ue, &m->ruri, 1))) return rv;
  if ((rv = one_sp(ps, c))) return rv;
  if ((rv = version(ps, c, &m->version))) return rv;
  return line_end(ps, c);
}

static int status_line(pstate *ps, cur *c) {
  sw_msg *m = ps->msg;
  int rv;
  if ((rv = version(ps, c, &m->version))) return rv;
  if ((rv = one_sp(ps, c))) return rv;
  const uint8_t *s = c->p;
  if (c->end - s < 3 || !SW_IS(s[0], SW_C_DIGIT) || !SW_IS(s[1], SW_C_DIGIT) ||
      !SW_IS(s[2], SW_C_DIGIT) || (c->end - s > 3 && SW_IS(s[3], SW_C_DIGIT)))
    return PERR(ps, s, "status code must be 3 digits");
  m->status = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  if (m->status < 100 || m->status > 699) return PERR(ps, s, "status code out of range");
  c->p += 3;
  if (peek(c) != ' ') {
    /* RFC 4475 3.1.1.13: no SP before an empty phrase; a liberal receiver accepts it. */
    if (!(ps->flags & SW_PARSE_LENIENT)) return PERR(ps, c->p, "SP expected after status code");
    m->reason = mkstr(c->p, c->p);
    return line_end(ps, c);
  }
  c->p++;
  const uint8_t *rs = c->p;
  int lenient = (ps->flags & SW_PARSE_LENIENT) != 0;
  while (c->p < c->end) {
    uint8_t ch = *c->p;
    if (SW_IS(ch, SW_C_REASON) || (lenient && ch >= 0x20 && ch < 0x7F)) {
      c->p++;
    } else if (ch == '%' && c->end - c->p >= 3 && SW_IS(c->p[1], SW_C_HEX) &&
               SW_IS(c->p[2], SW_C_HEX)) {
      c->p += 3;
    } else if (ch >= 0x80) {
      int n = sw_utf8_len_(c->p, c->end);
      if (!n) return PERR(ps, c->p, "invalid UTF-8 in reason phrase");
      c->p += n;
    } else {
      break;
    }
  }
  const uint8_t *re = c->p;
  if (lenient)
    while (re > rs && (re[-1] == ' ' || re[-1] == '\t')) re--;
  m->reason = mkstr(rs, re);
  return line_end(ps, c);
}

int sw_parse_start_(sw_msg *m, const char *s, size_t n, int is_request) {
  sw_parse_error e;
  pstate ps = {(const uint8_t *)s, &e, m->arena, m, 0, 400, 64};
  cur c = {(const uint8_t *)s, (const uint8_t *)s + n};
  m->is_request = is_request;
  int rv = is_request ? request_line(&ps, &c) : status_line(&ps, &c);
  if (!rv && c.p != c.end) rv = SW_EPARSE;
  if (!rv) m->start_line = mkstr((const uint8_t *)s, c.p);
  return rv;
}

static int header_lines(pstate *ps, const sw_msg_opts *o, const uint8_t **pp, const uint8_t *end) {
  sw_msg *m = ps->msg;
  const uint8_t *p = *pp;
  int lenient = (ps->flags & SW_PARSE_LENIENT) != 0;
  for (;;) {
    if (p >= end) {
      if (!lenient) return PERR(ps, p, "header section not closed by an empty line");
      m->eoh = mkstr(p, p);
      m->repaired = 1;
      break;
    }
    if (*p == '\r' && end - p >= 2 && p[1] == '\n') {
      m->eoh = mkstr(p, p + 2);
      p += 2;
      break;
    }
    if (*p == '\n' && lenient) {
      m->eoh = mkstr(p, p + 1);
      p++;
      break;
    }
    /* The name runs to ':' or whitespace; a known name validates itself by
     * matching, an unknown one is checked as a token below. */
    const uint8_t *ns = p;
#if defined(__SSE2__)
    if (end - p >= 16) {
      /* The name ends at the first ':' or byte outside 0x21-0x7E. */
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
      __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(':')),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8(0x21)));
      unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(stop, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))));
      p += mask ? (unsigned)__builtin_ctz(mask) : 16u;
    }
#endif
    while (p < end && *p != ':' && SW_IS(*p, SW_C_VCHAR)) p++;
    const uint8_t *ne = p;
    sw_hdr_id id = ne > ns ? sw_hdr_lookup_(ns, (size_t)(ne - ns)) : SW_HDR_OTHER;
    if (id == SW_HDR_OTHER) {
      const uint8_t *q = ns;
      while (q < ne && SW_IS(*q, SW_C_TOKEN)) q++;
      if (q != ne || q == ns) {
        if (q == ns && (*q == ' ' || *q == '\t'))
          return PERR(ps, q, "whitespace at start of header line");
        return PERR(ps, q, q == ns && *q == '\r' ? "CR not followed by LF" : "header name expected");
      }
    }
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (p >= end || *p != ':') return PERR(ps, p, "':' expected after header name");
    p++;
    cur vc = {p, end};
    skip_lws(&vc);
    const uint8_t *vs = vc.p, *eol = end, *next = end;
    unsigned fl = 0;
    int rv = scan_field(ps, vs, end, &eol, &next, &fl);
    if (rv < 0) return rv;
    if (rv == 1) {
      if (!lenient) return PERR(ps, end, "header line not terminated by CRLF");
      eol = next = end;
    }
    if (vs > eol) vs = eol; /* an empty value followed by the line end */
    while (eol > vs && (eol[-1] == ' ' || eol[-1] == '\t')) eol--;
    if ((size_t)(next - ns) > o->max_header_len)
      return sw_too_big_(ps, ns, "header field too long", ps->status);
    if (++m->nhdrs > o->max_headers) return sw_too_big_(ps, ns, "too many header fields", ps->status);
    sw_hdr *h = aalloc(ps, sizeof(hdrx));
    if (!h) return NOMEM(ps);
    HDRX(h)->state = HDR_DONE;
    h->id = id;
    h->name = mkstr(ns, ne);
    h->value = mkstr(vs, eol);
    h->raw = mkstr(ns, next);
    h->parsed = NULL;
    h->next = NULL;
    if (m->hdr_last) m->hdr_last->next = h;
    else m->hdr_first = h;
    m->hdr_last = h;
    if (m->count[h->id] < 255) m->count[h->id]++;
    if ((fl & FL_CTL) && (rv = sw_check_ctl_(ps, vs, eol))) return rv;
    if (h->id != SW_HDR_OTHER) {
      if ((ps->flags & SW_PARSE_FULL) || sw_hdr_eager_(h->id)) {
        if ((rv = sw_parse_value_(ps, h))) return rv;
      } else {
        HDRX(h)->state = HDR_LAZY;
      }
    }
    p = next;
  }
  *pp = p;
  return 0;
}

/* Content-Length values of all lines agree (RFC 4475 3.3.9 for streams). */
static int lengths_agree(const sw_msg *m) {
  for (const sw_hdr *h = m->hdr_first; h; h = h->next)
    if (h->id == SW_HDR_CONTENT_LENGTH && ((const sw_uint *)h->parsed)->value != m->content_length)
      return 0;
  return 1;
}

static const uint8_t *find_eoh(const uint8_t *p, const uint8_t *end, int lenient) {
  for (; p < end; p++) {
    const uint8_t *q = memchr(p, '\n', (size_t)(end - p));
    if (!q || q + 1 >= end) return NULL;
    if (q[1] == '\n' && lenient) return q + 2;
    if (q[1] == '\r' && q + 2 < end && q[2] == '\n') return q + 3;
    p = q;
  }
  return NULL;
}

/* Where the Content-Length value starts, for error offsets only. */
SW_COLD static const char *cl_value(const sw_msg *m) {
  return sw_msg_hdr_find(m, SW_HDR_CONTENT_LENGTH)->value.p;
}

static int body(pstate *ps, const sw_msg_opts *o, const uint8_t *p, const uint8_t *end,
                size_t *used) {
  sw_msg *m = ps->msg;
  int stream = (ps->flags & SW_PARSE_STREAM) != 0;
  size_t avail = (size_t)(end - p), blen = avail;
  if (m->content_length >= 0) {
    if (stream && !lengths_agree(m)) return PERR(ps, cl_value(m), "conflicting Content-Length values");
    blen = (size_t)m->content_length;
    if ((size_t)(p - (const uint8_t *)m->buf) + blen > o->max_size)
      return sw_too_big_(ps, (const uint8_t *)cl_value(m), "message too large", ps->status ? 413 : 0);
    if (blen > avail) {
      if (stream) return SW_EAGAIN;
      return PERR(ps, cl_value(m), "Content-Length larger than the message");
    }
  } else if (stream) {
    if (!(ps->flags & SW_PARSE_LENIENT))
      return PERR(ps, p, "Content-Length required on a stream transport");
    blen = 0;
  }
  m->body = mkstr(p, p + blen);
  m->len = (size_t)(p + blen - (const uint8_t *)m->buf);
  *used = (size_t)(p + blen - ps->base);
  return 0;
}

/* Fill in the line of a parse error (lines count from 1). */
static int count_lines(sw_parse_error *err, const uint8_t *b, size_t len, int rv) {
  if (rv == SW_EPARSE || rv == SW_ETOOBIG) {
    err->line = 1;
    for (size_t i = 0; i < err->offset && i < len; i++) err->line += b[i] == '\n';
  }
  return rv;
}

/* The first error in byte order, as a full parse would report it: a value
 * kept for later, on a line before the one that failed, comes first. */
SW_COLD static int first_error(sw_msg *m, int rv, sw_parse_error *err) {
  for (const sw_hdr *h = m->hdr_first; h; h = h->next) {
    sw_parse_error e;
    if (HDRX(h)->state == HDR_LAZY && sw_hdr_ensure_(m, h, &e) == SW_EPARSE) {
      *err = e;
      return SW_EPARSE;
    }
  }
  return rv;
}

int sw_msg_parse(sw_arena *a, const void *buf, size_t len, const sw_msg_opts *opts, sw_msg **out,
                 size_t *used, sw_parse_error *err) {
  sw_parse_error dummy;
  sw_msg_opts o;
  size_t used_dummy;
  if (!err) err = &dummy;
  memset(err, 0, sizeof *err);
  if (!used) used = &used_dummy;
  *used = 0;
  if (!a || !out || (!buf && len)) return SW_EINVAL;
  *out = NULL;
  sw_msg_opts_init(&o);
  if (opts && sw_config_copy_(&o, sizeof o, opts, offsetof(sw_msg_opts, max_via) + sizeof o.max_via))
    return SW_EINVAL;
  const uint8_t *b = buf, *end = b + len, *p = b;
  int stream = (o.flags & SW_PARSE_STREAM) != 0, lenient = (o.flags & SW_PARSE_LENIENT) != 0;
  /* A response is never answered: its errors carry status 0. */
  int response = len - (size_t)(p - b) >= 4 && sw_casecmp_n_((const char *)p, "SIP/", 4) == 0;
  pstate ps = {b, err, a, NULL, o.flags, response ? 0 : 400, o.max_via};
  /* RFC 3261 7.5: CRLFs before the start line are ignored (stream keep-alives). */
  while (end - p >= 2 && p[0] == '\r' && p[1] == '\n') p += 2;
  while (lenient && p < end && *p == '\n') p++;
  if (p >= end) {
    if (stream) {
      *used = (size_t)(p - b);
      return SW_EAGAIN;
    }
    err->reason = "empty message";
    err->offset = len;
    err->line = 1;
    err->status = 0;
    return SW_EPARSE;
  }
  int rv = 0;
  if (stream) {
    const uint8_t *eoh = find_eoh(p, end, lenient);
    if (!eoh || (size_t)(eoh - p) > o.max_size) {
      if ((size_t)(end - p) <= o.max_size) return SW_EAGAIN;
      rv = sw_too_big_(&ps, p + o.max_size, "header section too large", response ? 0 : 413);
    }
  } else if (len > o.max_size) {
    rv = sw_too_big_(&ps, b + o.max_size, "message too large", response ? 0 : 413);
  }
  if (rv) return count_lines(err, b, len, rv);
  sw_msg *m = sw_arena_alloc(a, sizeof *m);
  if (!m) return SW_ENOMEM;
  memset(m, 0, sizeof *m);
  m->arena = a;
  m->buf = (const char *)p;
  m->skip = (size_t)(p - b);
  m->flags = o.flags;
  m->content_length = m->max_forwards = -1;
  ps.msg = m;
  cur c = {p, end};
  if (response) {
    rv = status_line(&ps, &c);
  } else {
    m->is_request = 1;
    rv = request_line(&ps, &c);
  }
  if (!rv) {
    m->start_line = mkstr(p, c.p);
    p = c.p;
    rv = header_lines(&ps, &o, &p, end);
  }
  if (!rv) rv = body(&ps, &o, p, end, used);
  if ((rv == SW_EPARSE || rv == SW_ETOOBIG) && !(o.flags & SW_PARSE_FULL))
    rv = first_error(m, rv, err);
  if (rv) return count_lines(err, b, len, rv);
  *out = m;
  return 0;
}
