/* Matching messages to transactions (RFC 3261 17.1.3, 17.2.3, 9.2).
 * SPDX-License-Identifier: BSD-2-Clause */
#include "match.h"

#include "../msg/internal.h"

#define COOKIE "z9hG4bK"
#define COOKIE_LEN 7

static int has_cookie(const sw_via *v) {
  return v && v->branch.len > COOKIE_LEN && memcmp(v->branch.p, COOKIE, COOKIE_LEN) == 0;
}

int sw_txn_rfc3261_(const sw_msg *req) { return has_cookie(sw_msg_via(req)); }

/* The method a server transaction is keyed by: an ACK belongs to its INVITE. */
static int same_txn_method(const sw_msg *txn_req, const sw_msg *req) {
  sw_method a = sw_msg_method(txn_req), b = sw_msg_method(req);
  if (b == SW_METHOD_ACK) return a == SW_METHOD_INVITE;
  if (a != b) return 0;
  return a != SW_METHOD_OTHER || sw_str_eq(sw_msg_method_name(txn_req), sw_msg_method_name(req));
}

/* 17.2.3: branch and sent-by of the top Via. */
static int match_3261(const sw_via *a, const sw_via *b) {
  return has_cookie(b) && sw_str_caseeq(a->branch, b->branch) && sw_str_caseeq(a->host, b->host) &&
         a->port == b->port;
}

static int tag_eq(sw_str a, sw_str b) {
  return (!a.p && !b.p) || (a.p && b.p && sw_str_caseeq(a, b));
}

/* RFC 2543 matching (17.2.3, last paragraphs): Request-URI, From tag,
 * Call-ID, CSeq number and top Via; the To tag too, except that an ACK's
 * To tag is the one of the response the transaction sent. */
static int match_2543(const sw_msg *txn_req, sw_str to_tag, const sw_msg *req, int cseq_method) {
  const sw_cseq *ca = sw_msg_cseq(txn_req), *cb = sw_msg_cseq(req);
  const sw_nameaddr *fa = sw_msg_from(txn_req), *fb = sw_msg_from(req);
  const sw_nameaddr *ta = sw_msg_to(txn_req), *tb = sw_msg_to(req);
  if (!ca || !cb || !fa || !fb || !ta || !tb || !sw_msg_via(txn_req) || !sw_msg_via(req)) return 0;
  if (!sw_uri_equal(sw_msg_ruri(txn_req), sw_msg_ruri(req))) return 0;
  if (!tag_eq(fa->tag, fb->tag) || !sw_str_eq(sw_msg_call_id(txn_req), sw_msg_call_id(req))) return 0;
  if (ca->seq != cb->seq || (cseq_method && ca->method != cb->method)) return 0;
  if (!sw_via_equal(sw_msg_via(txn_req), sw_msg_via(req))) return 0;
  sw_str want = sw_msg_method(req) == SW_METHOD_ACK ? to_tag : ta->tag;
  return tag_eq(want, tb->tag);
}

int sw_txn_match_request_(const sw_msg *txn_req, sw_str to_tag, const sw_msg *req) {
  const sw_via *a = sw_msg_via(txn_req), *b = sw_msg_via(req);
  if (!a || !b || !sw_msg_is_request(req) || !same_txn_method(txn_req, req)) return 0;
  if (has_cookie(a)) return match_3261(a, b);
  return !has_cookie(b) && match_2543(txn_req, to_tag, req, sw_msg_method(req) != SW_METHOD_ACK);
}

int sw_txn_match_response_(const sw_msg *txn_req, const sw_msg *resp) {
  const sw_via *a = sw_msg_via(txn_req), *b = sw_msg_via(resp);
  const sw_cseq *c = sw_msg_cseq(resp);
  if (!a || !b || !c || sw_msg_is_request(resp)) return 0;
  /* 17.1.3: the branch of the top Via and the CSeq method. */
  if (!sw_str_caseeq(a->branch, b->branch) || !a->branch.p) return 0;
  return c->method == sw_msg_method(txn_req) &&
         (c->method != SW_METHOD_OTHER || sw_str_eq(c->method_name, sw_msg_method_name(txn_req)));
}

int sw_txn_match_cancel_(const sw_msg *invite, const sw_msg *cancel) {
  const sw_via *a = sw_msg_via(invite), *b = sw_msg_via(cancel);
  if (!a || !b || sw_msg_method(invite) != SW_METHOD_INVITE || sw_msg_method(cancel) != SW_METHOD_CANCEL)
    return 0;
  if (has_cookie(a)) return match_3261(a, b);
  /* 9.2: the 2543 rules, the CSeq method aside (it is CANCEL). */
  return !has_cookie(b) && match_2543(invite, (sw_str){0}, cancel, 0);
}

/* FNV-1a over bytes, folding ASCII case where the comparison does. */
static uint32_t fnv(uint32_t h, sw_str s, int fold) {
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.p[i];
    h = (h ^ (uint32_t)(fold ? sw_lower_(c) : c)) * 16777619u;
  }
  return h;
}

uint32_t sw_txn_hash_request_(const sw_msg *req) {
  uint32_t h = 2166136261u;
  const sw_via *v = sw_msg_via(req);
  if (has_cookie(v)) return fnv(h, v->branch, 1);
  const sw_cseq *c = sw_msg_cseq(req);
  h = fnv(h, sw_msg_call_id(req), 0);
  return c ? (h ^ c->seq) * 16777619u : h;
}

uint32_t sw_txn_hash_response_(const sw_msg *resp) {
  const sw_via *v = sw_msg_via(resp);
  return v ? fnv(2166136261u, v->branch, 1) : 0;
}
