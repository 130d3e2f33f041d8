/* UAS request checks in the order of RFC 3261 8.2: the message itself
 * (sw_msg_check), method (8.2.1), Request-URI scheme (8.2.2.1), Require
 * (8.2.2.3), content (8.2.3), Accept for the answer INVITE needs, and for a
 * forwarding role Max-Forwards (16.3) and Proxy-Require.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>

#include "uas.h"
#include "../msg/internal.h"

static int listed(const char *const *list, sw_str s) {
  for (; list && *list; list++)
    if (sw_str_caseeq_c(s, *list)) return 1;
  return 0;
}

static int verdict(sw_uas_verdict *v, int status, const char *reason) {
  v->status = status;
  v->reason = reason;
  return status;
}

/* value = the listed names, ", " separated (Allow, Unsupported, Accept...). */
static void join(sw_uas_verdict *v, const char *header, const char *const *names, size_t n) {
  size_t o = 0;
  v->header = header;
  v->value[0] = '\0';
  for (size_t i = 0; i < n && names[i]; i++) {
    int k = snprintf(v->value + o, sizeof v->value - o, "%s%s", o ? ", " : "", names[i]);
    if (k < 0 || (size_t)k >= sizeof v->value - o) break;
    o += (size_t)k;
  }
}

static size_t count(const char *const *l) {
  size_t n = 0;
  while (l && l[n]) n++;
  return n;
}

static void allow_header(sw_uas_verdict *v, unsigned allow) {
  const char *names[32];
  size_t n = 0;
  for (int m = SW_METHOD_INVITE; m <= SW_METHOD_PUBLISH; m++)
    if (allow & SW_METHOD_BIT(m)) names[n++] = sw_method_name((sw_method)m);
  join(v, "Allow", names, n);
}

/* Option tags in Require (or Proxy-Require) we do not support: 420 with
 * Unsupported naming each (8.2.2.3). */
static int require(const sw_msg *m, sw_hdr_id id, const sw_uas_policy *pol, sw_uas_verdict *v) {
  const char *bad[16];
  size_t n = 0;
  char names[16][64];
  for (const sw_hdr *h = sw_msg_hdr_find(m, id); h; h = sw_msg_hdr_next(h)) {
    const void *val;
    if (sw_msg_hdr_parse(m, h, &val, NULL)) continue; /* validated before */
    for (const sw_token *t = val; t && n < 16; t = t->next)
      if (!listed(pol->extensions, t->value)) {
        snprintf(names[n], sizeof names[n], "%.*s", (int)t->value.len, t->value.p);
        bad[n] = names[n];
        n++;
      }
  }
  if (!n) return 0;
  join(v, "Unsupported", bad, n);
  return verdict(v, 420, "an extension in Require is not supported");
}

int sw_uas_check_(const sw_msg *m, const sw_uas_policy *pol, sw_uas_verdict *v) {
  sw_parse_error err;
  memset(v, 0, sizeof *v);
  if (!sw_msg_is_request(m)) return verdict(v, 0, "a response: no answer");
  int ack = sw_msg_method(m) == SW_METHOD_ACK;
  int rv = sw_msg_check(m, &err);
  if (rv) return verdict(v, ack ? 0 : (err.status ? err.status : 400), err.reason);
  /* 8.2.1: a method we do not implement is 501, one we know but do not
   * allow here is 405; both list what is allowed. */
  sw_method me = sw_msg_method(m);
  if (!(pol->allow & SW_METHOD_BIT(me))) {
    if (ack) return verdict(v, 0, "an ACK is never answered");
    allow_header(v, pol->allow);
    return verdict(v, me == SW_METHOD_OTHER ? 501 : 405,
                   me == SW_METHOD_OTHER ? "method not implemented" : "method not allowed");
  }
  /* 8.2.2.1: the Request-URI scheme. */
  if (!listed(pol->schemes, sw_msg_ruri(m)->scheme_name)) {
    if (ack) return verdict(v, 0, "an ACK is never answered");
    return verdict(v, 416, "unsupported URI scheme");
  }
  /* 16.3: a forwarding element never forwards Max-Forwards 0; an endpoint
   * processes it as if it were positive (RFC 4475 3.3.11). */
  if (pol->forwarding && sw_msg_max_forwards(m) == 0 && !ack)
    return verdict(v, 483, "too many hops");
  /* 8.2.2.3: Require, not for ACK and CANCEL; Proxy-Require when forwarding. */
  if (!ack && me != SW_METHOD_CANCEL) {
    if (require(m, SW_HDR_REQUIRE, pol, v)) return v->status;
    if (pol->forwarding && require(m, SW_HDR_PROXY_REQUIRE, pol, v)) return v->status;
  }
  /* 8.2.3: the body's type, coding (and language, any accepted). */
  if (sw_msg_body(m).len && !ack) {
    const sw_mediatype *ct = sw_msg_content_type(m);
    char type[128];
    if (ct) snprintf(type, sizeof type, "%.*s/%.*s", (int)ct->type.len, ct->type.p, (int)ct->subtype.len, ct->subtype.p);
    if (!ct || !listed(pol->content_types, sw_str_c(type))) {
      join(v, "Accept", pol->content_types, count(pol->content_types));
      return verdict(v, 415, "unsupported Content-Type");
    }
    const sw_token *enc = sw_msg_get(m, SW_HDR_CONTENT_ENCODING);
    for (; enc; enc = enc->next)
      if (!sw_str_caseeq_c(enc->value, "identity") && !listed(pol->encodings, enc->value)) {
        const char *ident[] = {"identity", NULL};
        join(v, "Accept-Encoding", pol->encodings ? pol->encodings : ident,
             pol->encodings ? count(pol->encodings) : 1);
        return verdict(v, 415, "unsupported Content-Encoding");
      }
  }
  /* Accept: an INVITE's answer is SDP; if the offerer cannot take it, 406
   * (RFC 4475 3.3.15 allows 400 too). */
  if (me == SW_METHOD_INVITE && sw_msg_hdr_find(m, SW_HDR_ACCEPT)) {
    int ok = 0;
    for (const sw_hdr *h = sw_msg_hdr_find(m, SW_HDR_ACCEPT); h && !ok; h = sw_msg_hdr_next(h)) {
      const void *val;
      if (sw_msg_hdr_parse(m, h, &val, NULL)) continue;
      for (const sw_token *t = val; t && !ok; t = t->next)
        ok = sw_str_caseeq_c(t->value, "application/sdp") || sw_str_caseeq_c(t->value, "application/*") ||
             sw_str_caseeq_c(t->value, "*/*");
    }
    if (!ok) return verdict(v, 406, "the answer's type (application/sdp) is not acceptable");
  }
  return verdict(v, 0, NULL);
}
