/* Printer: byte-identical for unchanged messages, or normalised (canonical
 * header names, folds replaced by one SP, repaired elements rewritten,
 * Content-Length recomputed).
 * SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>

#include "internal.h"

typedef struct out {
  char *buf;
  size_t cap, n;
} out;

static void put(out *o, const void *s, size_t n) {
  if (o->n < o->cap) memcpy(o->buf + o->n, s, o->n + n <= o->cap ? n : o->cap - o->n);
  o->n += n;
}
static void puts_(out *o, sw_str s) { put(o, s.p, s.len); }
static void putc_(out *o, char c) { put(o, &c, 1); }

/* A value with each fold (line end and the whitespace after it) as one SP. */
static void put_unfolded(out *o, sw_str v) {
  for (size_t i = 0; i < v.len;) {
    if (v.p[i] == '\r' || v.p[i] == '\n') {
      while (i < v.len && (v.p[i] == '\r' || v.p[i] == '\n' || v.p[i] == ' ' || v.p[i] == '\t')) i++;
      putc_(o, ' ');
    } else {
      putc_(o, v.p[i++]);
    }
  }
}

static int needs_quotes(sw_str d) {
  if (!d.p || (d.len && d.p[0] == '"')) return 0;
  for (size_t i = 0; i < d.len; i++)
    if (!SW_IS(d.p[i], SW_C_TOKEN) && d.p[i] != ' ' && d.p[i] != '\t') return 1;
  return 0;
}

/* From/To whose display name lenient mode accepted unquoted: quote it. */
static void put_nameaddr_quoted(out *o, const sw_nameaddr *na, sw_str raw_value) {
  putc_(o, '"');
  for (size_t i = 0; i < na->display.len; i++) {
    char ch = na->display.p[i];
    if (ch == '"' || ch == '\\') putc_(o, '\\');
    putc_(o, ch);
  }
  put(o, "\" <", 3);
  puts_(o, na->uri.raw);
  putc_(o, '>');
  const char *tail = na->uri.raw.p + na->uri.raw.len + (na->angle ? 1 : 0);
  put_unfolded(o, (sw_str){tail, (size_t)(raw_value.p + raw_value.len - tail)});
}

/* One header value in normalised form: folds unfolded, a display name that
 * lenient mode accepted unquoted written quoted. */
static void put_value(out *o, const sw_hdr *h) {
  const sw_nameaddr *na = h->parsed;
  if ((h->id == SW_HDR_FROM || h->id == SW_HDR_TO) && na && needs_quotes(na->display))
    put_nameaddr_quoted(o, na, h->value);
  else
    put_unfolded(o, h->value);
}

size_t sw_value_print_(const sw_hdr *h, char *buf, size_t cap) {
  out o = {buf, cap, 0};
  put_value(&o, h);
  return o.n;
}

static void print_normalised(const sw_msg *m, out *o) {
  char num[24];
  if (m->is_request) {
    puts_(o, m->method_name);
    putc_(o, ' ');
    size_t need = sw_uri_print_(&m->ruri, 1, NULL, 0);
    if (o->n + need <= o->cap) sw_uri_print_(&m->ruri, 1, o->buf + o->n, need);
    o->n += need;
    putc_(o, ' ');
    puts_(o, m->version);
  } else {
    puts_(o, m->version);
    int n = snprintf(num, sizeof num, " %03d ", m->status);
    put(o, num, (size_t)n);
    puts_(o, m->reason);
  }
  put(o, "\r\n", 2);
  int cl_done = 0;
  for (const sw_hdr *h = m->hdr_first; h; h = h->next) {
    if (h->id == SW_HDR_CONTENT_LENGTH) {
      if (cl_done++) continue;
      int n = snprintf(num, sizeof num, "Content-Length: %zu\r\n", m->body.len);
      put(o, num, (size_t)n);
      continue;
    }
    if (h->id == SW_HDR_DATE && sw_hdr_ensure_(m, h, NULL) == 0 && !h->parsed)
      continue; /* lenient mode ignored a bad Date (RFC 4475 3.1.2.12) */
    if (h->id != SW_HDR_OTHER) put(o, sw_hdrinfo_[h->id].name, sw_hdrinfo_[h->id].len);
    else puts_(o, h->name);
    put(o, ": ", 2);
    put_value(o, h);
    put(o, "\r\n", 2);
  }
  if (!cl_done) {
    int n = snprintf(num, sizeof num, "Content-Length: %zu\r\n", m->body.len);
    put(o, num, (size_t)n);
  }
  put(o, "\r\n", 2);
  puts_(o, m->body);
}

int sw_msg_print(const sw_msg *m, unsigned flags, char *buf, size_t cap, size_t *len) {
  if (!m || (!buf && cap)) return SW_EINVAL;
  out o = {buf, cap, 0};
  if (flags & SW_PRINT_NORMALISED) {
    print_normalised(m, &o);
  } else {
    puts_(&o, m->start_line);
    for (const sw_hdr *h = m->hdr_first; h; h = h->next) puts_(&o, h->raw);
    if (m->built && !m->count[SW_HDR_CONTENT_LENGTH]) {
      char num[40];
      int n = snprintf(num, sizeof num, "Content-Length: %zu\r\n", m->body.len);
      put(&o, num, (size_t)n);
    }
    if (m->eoh.len) puts_(&o, m->eoh);
    else put(&o, "\r\n", 2);
    puts_(&o, m->body);
  }
  if (len) *len = o.n;
  return o.n <= cap ? 0 : SW_ENOSPC;
}
