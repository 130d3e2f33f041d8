/* Checks a UAS makes before a request reaches its transaction
 * (RFC 3261 8.2, 8.1.1; RFC 4475 3.1.2.16-18, 3.3.1, 3.3.8).
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

static int refuse(const sw_msg *m, sw_parse_error *err, const char *at, const char *reason,
                  int status) {
  if (err) {
    /* Offsets count from the caller's buffer; a built message has none. */
    err->offset = m->built ? 0 : m->skip + (size_t)(at - m->buf);
    err->line = m->built ? 0 : 1;
    for (const char *p = m->buf - m->skip; !m->built && p < at; p++) err->line += *p == '\n';
    err->reason = reason;
    err->status = m->is_request ? status : 0;
  }
  return SW_EREFUSE;
}

static const struct {
  sw_hdr_id id;
  int required; /* else: at most one */
  const char *missing, *multiple;
} rules[] = {
    {SW_HDR_VIA, 1, "missing Via header", NULL},
    {SW_HDR_FROM, 1, "missing From header", "more than one From header"},
    {SW_HDR_TO, 1, "missing To header", "more than one To header"},
    {SW_HDR_CALL_ID, 1, "missing Call-ID header", "more than one Call-ID header"},
    {SW_HDR_CSEQ, 1, "missing CSeq header", "more than one CSeq header"},
    {SW_HDR_MAX_FORWARDS, 0, NULL, "more than one Max-Forwards header"},
    {SW_HDR_CONTENT_LENGTH, 0, NULL, "more than one Content-Length header"},
    {SW_HDR_CONTENT_TYPE, 0, NULL, "more than one Content-Type header"},
};

int sw_msg_check(const sw_msg *m, sw_parse_error *err) {
  if (!m) return SW_EINVAL;
  int rv = sw_msg_validate(m, err);
  if (rv) return rv;
  if (!sw_str_caseeq_c(m->version, "SIP/2.0"))
    return refuse(m, err, m->version.p, "SIP version not supported", 505);
  for (const sw_via *v = m->via; v; v = v->next)
    if (!sw_str_caseeq_c(v->protocol, "SIP") || !sw_str_eq(v->version, sw_str_c("2.0")))
      return refuse(m, err, v->protocol.p, "SIP version not supported in Via", 505);
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
    unsigned n = m->count[rules[i].id];
    if (rules[i].required && n == 0)
      return refuse(m, err, m->eoh.p, rules[i].missing, 400);
    if (rules[i].multiple && n > 1) {
      const sw_hdr *h = sw_msg_hdr_next(sw_msg_hdr_find(m, rules[i].id));
      return refuse(m, err, h->name.p, rules[i].multiple, 400);
    }
  }
  if (m->is_request && (m->cseq->method != m->method ||
                        (m->method == SW_METHOD_OTHER &&
                         !sw_str_eq(m->cseq->method_name, m->method_name)))) {
    /* RFC 4475 3.1.2.18: an unknown method answers 501 rather than 400. */
    int status = m->method == SW_METHOD_OTHER ? 501 : 400;
    return refuse(m, err, m->cseq->method_name.p, "CSeq method does not match the request method",
                  status);
  }
  return 0;
}
