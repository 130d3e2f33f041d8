/* Builder: requests, responses (RFC 3261 8.2.6), header lines and bodies.
 * Every value is parsed as if it had been received.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

static const struct {
  short code;
  const char *phrase;
} phrases[] = {
    {100, "Trying"}, {180, "Ringing"}, {181, "Call Is Being Forwarded"}, {182, "Queued"},
    {183, "Session Progress"}, {199, "Early Dialog Terminated"}, {200, "OK"}, {202, "Accepted"},
    {204, "No Notification"}, {300, "Multiple Choices"}, {301, "Moved Permanently"},
    {302, "Moved Temporarily"}, {305, "Use Proxy"}, {380, "Alternative Service"},
    {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"}, {403, "Forbidden"},
    {404, "Not Found"}, {405, "Method Not Allowed"}, {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"}, {408, "Request Timeout"}, {410, "Gone"},
    {412, "Conditional Request Failed"}, {413, "Request Entity Too Large"},
    {414, "Request-URI Too Long"}, {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"}, {417, "Unknown Resource-Priority"}, {420, "Bad Extension"},
    {421, "Extension Required"}, {422, "Session Interval Too Small"}, {423, "Interval Too Brief"},
    {428, "Use Identity Header"}, {429, "Provide Referrer Identity"},
    {433, "Anonymity Disallowed"}, {439, "First Hop Lacks Outbound Support"},
    {440, "Max-Breadth Exceeded"}, {469, "Bad Info Package"}, {470, "Consent Needed"},
    {480, "Temporarily Unavailable"}, {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"}, {483, "Too Many Hops"}, {484, "Address Incomplete"},
    {485, "Ambiguous"}, {486, "Busy Here"}, {487, "Request Terminated"},
    {488, "Not Acceptable Here"}, {489, "Bad Event"}, {491, "Request Pending"},
    {493, "Undecipherable"}, {494, "Security Agreement Required"},
    {500, "Server Internal Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
    {503, "Service Unavailable"}, {504, "Server Time-out"}, {505, "Version Not Supported"},
    {513, "Message Too Large"}, {580, "Precondition Failure"}, {600, "Busy Everywhere"},
    {603, "Decline"}, {604, "Does Not Exist Anywhere"}, {606, "Not Acceptable"},
    {607, "Unwanted"},
};

const char *sw_status_phrase(int status) {
  for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
    if (phrases[i].code == status) return phrases[i].phrase;
  return "Unknown";
}

static char *aprintf(sw_arena *a, size_t *len, const char *fmt, ...) SW_PRINTF(3, 4);
static char *aprintf(sw_arena *a, size_t *len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *s = sw_arena_alloc(a, (size_t)n + 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  *len = (size_t)n;
  return s;
}

static sw_msg *msg_new(sw_arena *a) {
  sw_msg *m = sw_arena_alloc(a, sizeof *m);
  if (!m) return NULL;
  memset(m, 0, sizeof *m);
  m->arena = a;
  m->content_length = m->max_forwards = -1;
  m->built = 1;
  m->eoh = sw_str_c("\r\n");
  m->body = sw_str_c("");
  return m;
}

/* A new message whose start line is line (n bytes, in the arena). */
static int start(sw_arena *a, const char *line, size_t n, int is_request, sw_msg **out) {
  sw_msg *m = line ? msg_new(a) : NULL;
  if (!m) return SW_ENOMEM;
  m->buf = line;
  int rv = sw_parse_start_(m, line, n, is_request);
  if (rv) return rv;
  *out = m;
  return 0;
}

int sw_msg_new_request(sw_arena *a, const char *method, const char *ruri, sw_msg **out) {
  if (!a || !method || !ruri || !out) return SW_EINVAL;
  *out = NULL;
  size_t n = 0;
  char *line = aprintf(a, &n, "%s %s SIP/2.0\r\n", method, ruri);
  return start(a, line, n, 1, out);
}

/* Derived state (lists, shortcuts, counts) rebuilt from the header lines. */
static int rederive(sw_msg *m) {
  sw_parse_error e;
  pstate ps = {(const uint8_t *)m->buf, &e, m->arena, m, m->flags, 400, ~0u};
  memset(m->count, 0, sizeof m->count);
  m->via = m->via_tail = NULL;
  m->nvia = 0;
  m->from = m->to = m->contact = m->contact_tail = m->route = m->route_tail = NULL;
  m->rr = m->rr_tail = NULL;
  m->call_id = (sw_str){0};
  m->cseq = NULL;
  m->ctype = NULL;
  m->max_forwards = m->content_length = -1;
  for (sw_hdr *h = m->hdr_first; h; h = h->next) {
    if (m->count[h->id] < 255) m->count[h->id]++;
    h->parsed = NULL;
    HDRX(h)->state = HDR_LAZY;
    if (h->id != SW_HDR_OTHER && ((m->flags & SW_PARSE_FULL) || sw_hdr_eager_(h->id))) {
      int rv = sw_parse_value_(&ps, h);
      if (rv) return rv;
      HDRX(h)->state = HDR_DONE;
    }
  }
  return 0;
}

/* A value for one line: valid UTF-8, no line ends, and control bytes only
 * as quoted-pairs inside quotes, as received values may have them. */
static int valid_value(const char *v, size_t n) {
  const uint8_t *p = (const uint8_t *)v, *end = p + n;
  int ctl = 0;
  while (p < end) {
    if (*p >= 0x80) {
      int k = sw_utf8_len_(p, end);
      if (!k) return 0;
      p += k;
    } else if (*p == '\r' || *p == '\n') {
      return 0;
    } else {
      ctl |= (*p < 0x20 && *p != '\t') || *p == 0x7F;
      p++;
    }
  }
  if (!ctl) return 1;
  sw_parse_error e;
  pstate ps = {(const uint8_t *)v, &e, NULL, NULL, 0, 400, 0};
  return sw_check_ctl_(&ps, (const uint8_t *)v, end) == 0;
}

/* Make a header line and check its value, parsed with flags, on a scratch
 * message: nothing of m changes when the value is bad. */
static int make_line(sw_msg *m, const char *name, const char *value, size_t vl, unsigned flags,
                     sw_hdr **out) {
  if (!m || !name || !value) return SW_EINVAL;
  size_t nl = strlen(name);
  for (size_t i = 0; i < nl; i++)
    if (!SW_IS(name[i], SW_C_TOKEN)) return SW_EINVAL;
  while (vl && (value[0] == ' ' || value[0] == '\t')) value++, vl--;
  while (vl && (value[vl - 1] == ' ' || value[vl - 1] == '\t')) vl--;
  if (!nl || !valid_value(value, vl)) return SW_EINVAL;
  /* name ": " value CRLF, by length: a value may hold a quoted-pair NUL. */
  size_t n = nl + 2 + vl + 2;
  char *raw = sw_arena_alloc(m->arena, n + 1);
  if (raw) {
    memcpy(raw, name, nl);
    memcpy(raw + nl, ": ", 2);
    memcpy(raw + nl + 2, value, vl);
    memcpy(raw + nl + 2 + vl, "\r\n", 3);
  }
  sw_hdr *h = raw ? sw_arena_alloc(m->arena, sizeof(hdrx)) : NULL;
  if (!h) return SW_ENOMEM;
  memset(h, 0, sizeof(hdrx));
  HDRX(h)->state = HDR_DONE;
  h->id = sw_hdr_lookup_((const uint8_t *)raw, nl);
  h->name = (sw_str){raw, nl};
  h->value = (sw_str){raw + nl + 2, vl};
  h->raw = (sw_str){raw, n};
  if (h->id != SW_HDR_OTHER) {
    sw_msg scratch;
    sw_parse_error e;
    memset(&scratch, 0, sizeof scratch);
    scratch.content_length = scratch.max_forwards = -1;
    pstate ps = {(const uint8_t *)raw, &e, m->arena, &scratch, flags, 400, ~0u};
    int rv = sw_parse_value_(&ps, h);
    if (rv) return rv;
    /* RFC 3261 8.1.1.5: a CSeq we send is below 2^31 (we accept up to 2^32-1). */
    if (h->id == SW_HDR_CSEQ && ((const sw_cseq *)h->parsed)->seq >= 0x80000000u) return SW_ERANGE;
    h->parsed = NULL;
  }
  *out = h;
  return 0;
}

/* Append a checked line, parsing it again into m's lists and shortcuts. */
static int append_line(sw_msg *m, sw_hdr *h, unsigned flags) {
  if (h->id != SW_HDR_OTHER) {
    sw_parse_error e;
    pstate ps = {(const uint8_t *)h->raw.p, &e, m->arena, m, flags, 400, ~0u};
    int rv = sw_parse_value_(&ps, h);
    if (rv) return rv;
  }
  if (m->hdr_last) m->hdr_last->next = h;
  else m->hdr_first = h;
  m->hdr_last = h;
  m->nhdrs++;
  if (m->count[h->id] < 255) m->count[h->id]++;
  return 0;
}

static int add_line_n(sw_msg *m, const char *name, const char *value, size_t len) {
  sw_hdr *h;
  int rv = make_line(m, name, value, len, 0, &h);
  return rv ? rv : append_line(m, h, 0);
}

int sw_msg_add_header(sw_msg *m, const char *name, const char *value) {
  return value ? add_line_n(m, name, value, strlen(value)) : SW_EINVAL;
}

int sw_msg_remove_header(sw_msg *m, sw_hdr_id id) {
  if (!m || id == SW_HDR_OTHER) return 0;
  int removed = 0;
  sw_hdr **pp = &m->hdr_first;
  m->hdr_last = NULL;
  while (*pp) {
    if ((*pp)->id == id) {
      *pp = (*pp)->next;
      removed++;
      m->nhdrs--;
    } else {
      m->hdr_last = *pp;
      pp = &(*pp)->next;
    }
  }
  int rv = removed ? rederive(m) : 0;
  return rv ? rv : removed;
}

int sw_msg_set_body(sw_msg *m, const char *content_type, const void *body, size_t len) {
  if (!m || (!body && len)) return SW_EINVAL;
  char *copy = sw_arena_alloc(m->arena, len + 1);
  if (!copy) return SW_ENOMEM;
  if (len) memcpy(copy, body, len);
  char num[24];
  snprintf(num, sizeof num, "%zu", len);
  sw_hdr *ct = NULL, *cl;
  /* Check both new lines before the old ones go. */
  int rv = content_type ? make_line(m, "Content-Type", content_type, strlen(content_type), 0, &ct) : 0;
  if (!rv) rv = make_line(m, "Content-Length", num, strlen(num), 0, &cl);
  if (rv) return rv;
  if (ct && (rv = sw_msg_remove_header(m, SW_HDR_CONTENT_TYPE)) < 0) return rv;
  if ((rv = sw_msg_remove_header(m, SW_HDR_CONTENT_LENGTH)) < 0) return rv;
  if (ct && (rv = append_line(m, ct, 0))) return rv;
  if ((rv = append_line(m, cl, 0))) return rv;
  m->body = (sw_str){copy, len};
  return 0;
}

/* A received value, normalised (sw_value_print_), copied into the arena
 * with its length (it may hold a quoted-pair NUL). */
static char *copy_value(sw_arena *a, const sw_hdr *h, size_t *len) {
  size_t n = sw_value_print_(h, NULL, 0);
  char *s = sw_arena_alloc(a, n + 1);
  if (!s) return NULL;
  sw_value_print_(h, s, n);
  s[n] = '\0';
  *len = n;
  return s;
}

int sw_msg_new_response(sw_arena *a, const sw_msg *req, int status, const char *reason,
                        const char *to_tag, sw_msg **out) {
  if (!a || !req || !out || !req->is_request || status < 100 || status > 699) return SW_EINVAL;
  *out = NULL;
  sw_msg *m;
  size_t n = 0;
  char *line = aprintf(a, &n, "SIP/2.0 %d %s\r\n", status, reason ? reason : sw_status_phrase(status));
  int rv = start(a, line, n, 0, &m);
  if (rv) return rv;
  static const sw_hdr_id copied[] = {SW_HDR_VIA, SW_HDR_FROM, SW_HDR_TO, SW_HDR_CALL_ID,
                                     SW_HDR_CSEQ, SW_HDR_TIMESTAMP};
  for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++) {
    if (copied[i] == SW_HDR_TIMESTAMP && status != 100) continue; /* 8.2.6.1 */
    for (const sw_hdr *h = sw_msg_hdr_find(req, copied[i]); h; h = sw_msg_hdr_next(h)) {
      size_t vl;
      char *v = copy_value(a, h, &vl);
      if (!v) return SW_ENOMEM;
      if (copied[i] == SW_HDR_TO && to_tag && status != 100 && req->to && !req->to->tag.p) {
        size_t tl = strlen(to_tag);
        char *w = sw_arena_alloc(a, vl + 5 + tl + 1);
        if (!w) return SW_ENOMEM;
        memcpy(w, v, vl);
        memcpy(w + vl, ";tag=", 5);
        memcpy(w + vl + 5, to_tag, tl + 1);
        v = w;
        vl += 5 + tl;
      }
      if ((rv = add_line_n(m, sw_hdr_name(copied[i]), v, vl))) return rv;
    }
  }
  *out = m;
  return 0;
}
