/* Read access to a parsed message.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

int sw_msg_is_request(const sw_msg *m) { return m->is_request; }
sw_method sw_msg_method(const sw_msg *m) { return m->is_request ? m->method : SW_METHOD_OTHER; }
sw_str sw_msg_method_name(const sw_msg *m) { return m->method_name; }
const sw_uri *sw_msg_ruri(const sw_msg *m) { return m->is_request ? &m->ruri : NULL; }
int sw_msg_status(const sw_msg *m) { return m->status; }
sw_str sw_msg_reason(const sw_msg *m) { return m->reason; }
sw_str sw_msg_version(const sw_msg *m) { return m->version; }
const sw_hdr *sw_msg_hdr_first(const sw_msg *m) { return m->hdr_first; }
const sw_via *sw_msg_via(const sw_msg *m) { return m->via; }
const sw_nameaddr *sw_msg_from(const sw_msg *m) { return m->from; }
const sw_nameaddr *sw_msg_to(const sw_msg *m) { return m->to; }
const sw_nameaddr *sw_msg_contact(const sw_msg *m) { return m->contact; }
const sw_nameaddr *sw_msg_route(const sw_msg *m) { return m->route; }
const sw_nameaddr *sw_msg_record_route(const sw_msg *m) { return m->rr; }
sw_str sw_msg_call_id(const sw_msg *m) { return m->call_id; }
const sw_cseq *sw_msg_cseq(const sw_msg *m) { return m->cseq; }
long sw_msg_max_forwards(const sw_msg *m) { return m->max_forwards; }
const sw_mediatype *sw_msg_content_type(const sw_msg *m) { return m->ctype; }
sw_str sw_msg_body(const sw_msg *m) { return m->body; }

const sw_hdr *sw_msg_hdr_find(const sw_msg *m, sw_hdr_id id) {
  if (id != SW_HDR_OTHER && !m->count[id]) return NULL;
  for (const sw_hdr *h = m->hdr_first; h; h = h->next)
    if (h->id == id) return h;
  return NULL;
}

const sw_hdr *sw_msg_hdr_next(const sw_hdr *h) {
  for (const sw_hdr *n = h->next; n; n = n->next)
    if (n->id == h->id && (h->id != SW_HDR_OTHER || sw_str_caseeq(n->name, h->name))) return n;
  return NULL;
}

const sw_hdr *sw_msg_hdr_find_name(const sw_msg *m, sw_str name) {
  sw_hdr_id id = sw_hdr_lookup(name);
  if (id != SW_HDR_OTHER) return sw_msg_hdr_find(m, id);
  for (const sw_hdr *h = m->hdr_first; h; h = h->next)
    if (h->id == SW_HDR_OTHER && sw_str_caseeq(h->name, name)) return h;
  return NULL;
}

unsigned sw_msg_hdr_count(const sw_msg *m, sw_hdr_id id) {
  unsigned n = 0;
  if (id != SW_HDR_OTHER && m->count[id] < 255) return m->count[id];
  for (const sw_hdr *h = m->hdr_first; h; h = h->next) n += h->id == id;
  return n;
}

const void *sw_msg_get(const sw_msg *m, sw_hdr_id id) {
  const sw_hdr *h = sw_msg_hdr_find(m, id);
  return h && sw_hdr_ensure_(m, h, NULL) == 0 ? h->parsed : NULL;
}

/* Parse a lazily kept value now. The message is logically const: this only
 * fills a cache (h->parsed) from its own bytes. */
int sw_hdr_ensure_(const sw_msg *m, const sw_hdr *h, sw_parse_error *err) {
  hdrx *x = HDRX(h);
  sw_parse_error dummy;
  if (x->state == HDR_DONE) return 0;
  if (!err) err = &dummy;
  const uint8_t *base = m->built ? (const uint8_t *)h->raw.p : (const uint8_t *)m->buf - m->skip;
  pstate ps = {base, err, m->arena, (sw_msg *)m, m->flags, m->is_request ? 400 : 0, ~0u};
  int rv = h->id == SW_HDR_OTHER ? 0 : sw_parse_value_(&ps, &x->h);
  if (rv == SW_EPARSE) {
    /* Built messages have no buffer to point into: offset 0, line 0. */
    err->line = m->built ? 0 : 1;
    for (const uint8_t *p = base; !m->built && p < base + err->offset; p++) err->line += *p == '\n';
    if (m->built) err->offset = 0;
    x->h.parsed = NULL;
    x->state = HDR_BAD;
    return rv;
  }
  if (rv) return rv; /* out of memory: may be retried */
  x->state = HDR_DONE;
  return 0;
}

int sw_msg_hdr_parse(const sw_msg *m, const sw_hdr *h, const void **out, sw_parse_error *err) {
  if (!m || !h || !out) return SW_EINVAL;
  *out = NULL;
  int rv = sw_hdr_ensure_(m, h, err);
  if (rv) return rv;
  *out = h->parsed;
  return 0;
}

int sw_msg_validate(const sw_msg *m, sw_parse_error *err) {
  if (!m) return SW_EINVAL;
  for (const sw_hdr *h = m->hdr_first; h; h = h->next) {
    int rv = sw_hdr_ensure_(m, h, err);
    if (rv) return rv;
  }
  return 0;
}
