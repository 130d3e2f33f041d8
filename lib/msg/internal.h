/* msg layer internals: the message struct, parse state and cursor helpers.
 * Not installed. SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_MSG_INTERNAL_H
#define SW_MSG_INTERNAL_H

#include <string.h>

#include "../base/internal.h"
#include "../base/strutil.h"
#include "chars.h"
#include "sipwire/msg.h"

struct sw_msg {
  sw_arena *arena;
  const char *buf; /* first byte of the message */
  size_t len;      /* bytes the message took */
  int is_request;
  sw_method method;
  sw_str method_name;
  sw_uri ruri;
  int status;
  sw_str reason;
  sw_str version;
  sw_str start_line; /* raw, with its line end */
  sw_hdr *hdr_first, *hdr_last;
  unsigned nhdrs;
  uint8_t count[SW_HDR_COUNT_]; /* lines per known header, saturating */
  sw_via *via, *via_tail;
  unsigned nvia;
  sw_nameaddr *from, *to;
  sw_nameaddr *contact, *contact_tail;
  sw_nameaddr *route, *route_tail;
  sw_nameaddr *rr, *rr_tail;
  sw_str call_id;
  const sw_cseq *cseq;
  long max_forwards;
  long content_length; /* -1 when absent */
  const sw_mediatype *ctype;
  sw_str body;
  sw_str eoh; /* the empty line closing the header section, as received */
  unsigned repaired; /* lenient mode repaired something */
  unsigned built;    /* made by the builder: no single buffer */
  unsigned flags;    /* SW_PARSE_* it was parsed with */
  size_t skip;       /* offset of buf in the caller's buffer (skipped CRLFs) */
};

/* A header line with its parse state (the public part comes first). */
enum { HDR_LAZY = 0, HDR_DONE, HDR_BAD };
typedef struct hdrx {
  sw_hdr h;
  unsigned state;
} hdrx;
#define HDRX(hp) ((hdrx *)(void *)(hp))

/* Parse state shared by all value parsers. */
typedef struct pstate {
  const uint8_t *base; /* first byte of the message: offsets count from here */
  sw_parse_error *err;
  sw_arena *arena;
  sw_msg *msg;
  unsigned flags;
  int status; /* status for errors: 400 for requests, 0 for responses */
  unsigned max_via;
} pstate;

/* A bounded cursor over one value. */
typedef struct cur {
  const uint8_t *p, *end;
} cur;

int sw_perr_(pstate *ps, const uint8_t *at, const char *reason);
int sw_perr_status_(pstate *ps, const uint8_t *at, const char *reason, int status);
int sw_too_big_(pstate *ps, const uint8_t *at, const char *reason, int status);
#define PERR(ps, at, why) sw_perr_((ps), (const uint8_t *)(at), (why))
#define NOMEM(ps) sw_perr_status_((ps), NULL, "out of memory", 500)

static inline int at_end(const cur *c) { return c->p >= c->end; }
static inline int peek(const cur *c) { return c->p < c->end ? *c->p : -1; }

/* Skip SP, HTAB and line folds (CRLF or, leniently, LF followed by WSP). */
void sw_skip_lws_(cur *c);
static inline void skip_lws(cur *c) {
  if (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
    sw_skip_lws_(c);
}

/* Separator with optional whitespace around it (SEMI, COMMA, EQUAL, SLASH...). */
static inline int sep(cur *c, uint8_t ch) {
  const uint8_t *save = c->p;
  if (c->p < c->end && *c->p == ch) { /* the common case: no whitespace before */
    c->p++;
    if (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
      skip_lws(c);
    return 1;
  }
  skip_lws(c);
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    skip_lws(c);
    return 1;
  }
  c->p = save;
  return 0;
}

/* A run of characters of class cls; returns its length. */
static inline size_t span(cur *c, unsigned cls, sw_str *out) {
  const uint8_t *s = c->p, *p = s, *e = c->end;
  while (p < e && SW_IS(*p, cls)) p++;
  c->p = p;
  if (out) {
    out->p = (const char *)s;
    out->len = (size_t)(p - s);
  }
  return (size_t)(p - s);
}

static inline sw_str mkstr(const uint8_t *s, const uint8_t *e) {
  sw_str r = {(const char *)s, (size_t)(e - s)};
  return r;
}

static inline void *aalloc(pstate *ps, size_t n) {
  void *p = sw_arena_take_(ps->arena, n);
  return p ? p : sw_arena_grow_(ps->arena, n);
}

static inline void *zalloc(pstate *ps, size_t n) {
  void *p = aalloc(ps, n);
  if (p) memset(p, 0, n);
  return p;
}

/* Value parsers (values.c, nameaddr.c, via.c, uri.c). Each consumes a whole value or fails. */
int sw_quoted_(pstate *ps, cur *c, sw_str *out);
int sw_params_(pstate *ps, cur *c, sw_param **out);
int sw_uint32_(pstate *ps, cur *c, uint32_t *out, const char *what);
int sw_uri_parse_(pstate *ps, const uint8_t *s, const uint8_t *e, sw_uri *u, int in_ruri);
int sw_host_(pstate *ps, cur *c, sw_str *host, sw_host_type *type);
sw_host_type sw_ip_type_(const uint8_t *s, size_t n);
int sw_nameaddr_(pstate *ps, cur *c, sw_nameaddr *na, int single);
int sw_via_(pstate *ps, cur *c, sw_via *v);
int sw_parse_value_(pstate *ps, sw_hdr *h);
extern const uint8_t sw_hdr_eager_tab_[SW_HDR_COUNT_];
static inline int sw_hdr_eager_(sw_hdr_id id) { return sw_hdr_eager_tab_[id]; }
int sw_hdr_ensure_(const sw_msg *m, const sw_hdr *h, sw_parse_error *err);
sw_method sw_method_lookup_(const uint8_t *p, size_t n);

typedef struct sw_hdrinfo_ {
  const char *name;
  size_t len;
  char compact;
} sw_hdrinfo;
extern const sw_hdrinfo sw_hdrinfo_[SW_HDR_COUNT_];
sw_hdr_id sw_hdr_lookup_(const uint8_t *p, size_t n);
sw_hdr_id sw_hdr_compact_(uint8_t c);
int sw_utf8_len_(const uint8_t *p, const uint8_t *end);
int sw_check_ctl_(pstate *ps, const uint8_t *s, const uint8_t *e);
int sw_parse_start_(sw_msg *m, const char *s, size_t n, int is_request);
size_t sw_value_print_(const sw_hdr *h, char *buf, size_t cap);
size_t sw_uri_print_(const sw_uri *u, int omit_headers, char *out, size_t cap);

#endif
