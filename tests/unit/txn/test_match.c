/* Matching messages to transactions: RFC 3261 17.1.3 / 17.2.3 by branch and
 * sent-by, the RFC 2543 fallback (RFC 4475 inv2543 and badbranch), CANCEL
 * to its INVITE (9.2), and hashes that agree with the matching. */
#include "testutil.h"
#include "../../../lib/txn/match.h"

static sw_arena *A;
static int setup(void **s) { (void)s; return sw_arena_create(NULL, 0, &A); }
static int teardown(void **s) { (void)s; sw_arena_destroy(A); return 0; }

static const sw_msg *M(const char *fmt, const char *a, const char *b) {
  char buf[1024];
  snprintf(buf, sizeof buf, fmt, a, b);
  char *copy = sw_arena_strndup(A, buf, strlen(buf));
  sw_msg *m;
  sw_parse_error err;
  if (sw_msg_parse(A, copy, strlen(copy), NULL, &m, NULL, &err)) fail_msg("%s: %s", err.reason, copy);
  return m;
}

#define REQ "%s sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=%s\r\n" \
            "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\nTo: <sip:bob@biloxi.example.com>\r\n" \
            "Call-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n"

static void test_rfc3261(void **state) {
  (void)state;
  const sw_msg *inv = M(REQ, "INVITE", "z9hG4bK776asdhds");
  assert_true(sw_txn_rfc3261_(inv));
  assert_true(sw_txn_match_request_(inv, (sw_str){0}, M(REQ, "INVITE", "z9hG4bK776asdhds")));
  /* The ACK for a non-2xx final response carries the INVITE's branch. */
  const sw_msg *ack = M(REQ, "ACK", "z9hG4bK776asdhds");
  assert_true(sw_txn_match_request_(inv, (sw_str){0}, ack));
  assert_int_equal(sw_txn_hash_request_(ack), sw_txn_hash_request_(inv));
  /* Another branch, or another sent-by, is another transaction. */
  assert_false(sw_txn_match_request_(inv, (sw_str){0}, M(REQ, "INVITE", "z9hG4bK776asdhdt")));
  const sw_msg *moved = M("%s sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com:5062;branch=%s\r\n"
                          "CSeq: 314159 INVITE\r\n\r\n", "INVITE", "z9hG4bK776asdhds");
  assert_false(sw_txn_match_request_(inv, (sw_str){0}, moved));
  /* A CANCEL shares the branch but is a transaction of its own (9.2). */
  const sw_msg *cancel = M(REQ, "CANCEL", "z9hG4bK776asdhds");
  assert_false(sw_txn_match_request_(inv, (sw_str){0}, cancel));
  assert_true(sw_txn_match_cancel_(inv, cancel));
  assert_false(sw_txn_match_cancel_(inv, M(REQ, "CANCEL", "z9hG4bKother")));
  /* Responses: branch and CSeq method (17.1.3). */
  const sw_msg *ok = M("SIP/2.0 %s OK\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=%s\r\n"
                       "CSeq: 314159 INVITE\r\n\r\n", "200", "z9hG4bK776asdhds");
  assert_true(sw_txn_match_response_(inv, ok));
  assert_int_equal(sw_txn_hash_response_(ok), sw_txn_hash_response_(inv));
  const sw_msg *cancel_ok = M("SIP/2.0 %s OK\r\nVia: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=%s\r\n"
                              "CSeq: 314159 CANCEL\r\n\r\n", "200", "z9hG4bK776asdhds");
  assert_false(sw_txn_match_response_(inv, cancel_ok));
  assert_true(sw_txn_match_response_(cancel, cancel_ok));
  assert_false(sw_txn_match_response_(inv, M("SIP/2.0 %s OK\r\nVia: SIP/2.0/UDP h;branch=%s\r\nCSeq: 314159 INVITE\r\n\r\n",
                                             "200", "z9hG4bKx")));
}

static const sw_msg *file(const char *name, char **buf) {
  char path[1024];
  size_t len;
  snprintf(path, sizeof path, "%s/conformance/rfc4475/%s", shared_dir(), name);
  *buf = slurp(path, &len);
  if (!*buf) return NULL;
  sw_msg *m;
  assert_int_equal(sw_msg_parse(A, *buf, len, NULL, &m, NULL, NULL), 0);
  return m;
}

/* RFC 4475 3.4.1 and 3.2.1: no magic cookie, or the cookie alone, falls back
 * to RFC 2543 matching (17.2.3). */
static void test_rfc2543(void **state) {
  (void)state;
  char *b1, *b2;
  const sw_msg *inv = file("inv2543.dat", &b1);
  if (!inv) {
    shared_missing("rfc4475");
    return;
  }
  assert_false(sw_txn_rfc3261_(inv));
  char *b3 = strdup(b1);
  sw_msg *again;
  assert_int_equal(sw_msg_parse(A, b3, strlen(b3), NULL, &again, NULL, NULL), 0);
  assert_true(sw_txn_match_request_(inv, (sw_str){0}, again));
  assert_int_equal(sw_txn_hash_request_(again), sw_txn_hash_request_(inv));
  /* The ACK for our final response (To tag t1) to inv2543, RFC 2543 style:
   * the same Request-URI, From, Call-ID, CSeq number and Via. */
  static const char ackfmt[] =
      "ACK sip:UserB@example.com SIP/2.0\r\nVia: SIP/2.0/UDP iftgw.example.com\r\n"
      "From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n"
      "To: sip:+16505552222@ss1.example.net;user=phone;tag=%s\r\n"
      "Call-ID: inv2543.1717@ift.client.example.com\r\nCSeq: %s ACK\r\n\r\n";
  const sw_msg *ack = M(ackfmt, "t1", "56");
  assert_true(sw_txn_match_request_(inv, sw_str_c("t1"), ack));
  assert_false(sw_txn_match_request_(inv, sw_str_c("t2"), ack)); /* not our response's tag */
  assert_int_equal(sw_txn_hash_request_(ack), sw_txn_hash_request_(inv));
  assert_false(sw_txn_match_request_(inv, sw_str_c("t1"), M(ackfmt, "t1", "57"))); /* another CSeq */
  /* A CANCEL for it matches by the same fields, its method aside (9.2). */
  static const char cancelfmt[] =
      "CANCEL sip:UserB@example.com SIP/2.0\r\nVia: SIP/2.0/UDP iftgw.example.com\r\n"
      "From: <sip:+13035551111@ift.client.example.net;user=phone>\r\n"
      "To: sip:+16505552222@ss1.example.net;user=phone%s\r\n"
      "Call-ID: inv2543.1717@ift.client.example.com\r\nCSeq: %s CANCEL\r\n\r\n";
  assert_true(sw_txn_match_cancel_(inv, M(cancelfmt, "", "56")));
  assert_false(sw_txn_match_cancel_(inv, M(cancelfmt, "", "55")));
  const sw_msg *bad = file("badbranch.dat", &b2);
  assert_false(sw_txn_rfc3261_(bad)); /* the cookie alone is no RFC 3261 branch */
  free(b1);
  free(b2);
  free(b3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rfc3261),
      cmocka_unit_test(test_rfc2543),
  };
  return cmocka_run_group_tests_name("txn/match", tests, setup, teardown);
}
