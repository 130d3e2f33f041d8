/* Builder: requests, responses per RFC 3261 8.2.6, bodies, refusal of bad
 * values, and an allocation-failure sweep over parse and build. */
#include "testutil.h"

static const char INVITE[] =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
    "Via: SIP/2.0/UDP\r\n proxy.example.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.1\r\n"
    "Max-Forwards: 70\r\nTo: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nTimestamp: 54\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\nContent-Length: 0\r\n\r\n";

static void test_request(void **state) {
  (void)state;
  sw_arena *a;
  sw_msg *m;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  assert_int_equal(sw_msg_new_request(a, "INVITE", "sip:1001@127.0.0.1", &m), 0);
  char br[SW_ID_BRANCH_MAX], tag[SW_ID_TAG_MAX], cid[SW_ID_CALL_ID_MAX], via[128], from[128];
  assert_int_equal(sw_id_branch(NULL, br, sizeof br, NULL), 0);
  assert_int_equal(sw_id_tag(NULL, tag, sizeof tag, NULL), 0);
  assert_int_equal(sw_id_call_id(NULL, cid, sizeof cid, NULL), 0);
  snprintf(via, sizeof via, "SIP/2.0/UDP 127.0.0.1:5062;rport;branch=%s", br);
  snprintf(from, sizeof from, "\"1000\" <sip:1000@127.0.0.1>;tag=%s", tag);
  assert_int_equal(sw_msg_add_header(m, "Via", via), 0);
  assert_int_equal(sw_msg_add_header(m, "Max-Forwards", "70"), 0);
  assert_int_equal(sw_msg_add_header(m, "From", from), 0);
  assert_int_equal(sw_msg_add_header(m, "To", "<sip:1001@127.0.0.1>"), 0);
  assert_int_equal(sw_msg_add_header(m, "Call-ID", cid), 0);
  assert_int_equal(sw_msg_add_header(m, "CSeq", "1 INVITE"), 0);
  static const char sdp[] = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                            "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
  assert_int_equal(sw_msg_set_body(m, "application/sdp", sdp, strlen(sdp)), 0);
  assert_int_equal(sw_msg_check(m, NULL), 0);
  /* Bad values are refused and leave the message as it was. */
  size_t before;
  char *p1 = print_msg(m, 0, &before);
  assert_int_equal(sw_msg_add_header(m, "Via", "not a via"), SW_EPARSE);
  assert_int_equal(sw_msg_add_header(m, "CSeq", "99999999999 INVITE"), SW_EPARSE);
  /* We never send a CSeq of 2^31 or more (RFC 3261 8.1.1.5), though we parse it. */
  assert_int_equal(sw_msg_add_header(m, "CSeq", "2147483648 INVITE"), SW_ERANGE);
  assert_int_equal(sw_msg_add_header(m, "Subject", "line\r\nInjected: yes"), SW_EINVAL);
  assert_int_equal(sw_msg_add_header(m, "Bad Name", "x"), SW_EINVAL);
  /* Regression: a control byte is fine as a quoted-pair (RFC 4475 intmeth's
   * To), nowhere else. */
  assert_int_equal(sw_msg_add_header(m, "Subject", "\"BEL:\\\x07 end\""), 0);
  assert_int_equal(sw_msg_add_header(m, "Subject", "BEL:\x07"), SW_EINVAL);
  assert_int_equal(sw_msg_remove_header(m, SW_HDR_SUBJECT), 1);
  size_t after;
  char *p2 = print_msg(m, 0, &after);
  assert_int_equal(before, after);
  assert_memory_equal(p1, p2, after);
  assert_int_equal(sw_msg_hdr_count(m, SW_HDR_VIA), 1);
  /* What we print parses back to the same values. */
  sw_arena *b;
  sw_msg *r;
  assert_int_equal(sw_arena_create(NULL, 0, &b), 0);
  assert_int_equal(sw_msg_parse(b, p2, after, NULL, &r, NULL, NULL), 0);
  assert_str(sw_msg_via(r)->branch, br);
  assert_str(sw_msg_from(r)->tag, tag);
  assert_str(sw_msg_call_id(r), cid);
  assert_str(sw_msg_body(r), sdp);
  assert_int_equal(sw_msg_check(r, NULL), 0);
  /* Removing lines keeps the derived state right. */
  /* Regression: a refused built message gives offset 0 and line 0 everywhere. */
  sw_parse_error berr;
  assert_int_equal(sw_msg_validate(m, &berr), 0);
  assert_int_equal(sw_msg_remove_header(m, SW_HDR_VIA), 1);
  assert_int_equal(sw_msg_check(m, &berr), SW_EREFUSE);
  assert_int_equal(berr.offset, 0);
  assert_int_equal(berr.line, 0);
  assert_null(sw_msg_via(m));
  assert_int_equal(sw_msg_check(m, NULL), SW_EREFUSE);
  assert_str(sw_msg_call_id(m), cid);
  free(p1);
  free(p2);
  sw_arena_destroy(b);
  sw_arena_destroy(a);
  assert_int_equal(sw_msg_new_request(a = NULL, "INVITE", "x", &m), SW_EINVAL);
}

static void test_response(void **state) {
  (void)state;
  sw_arena *a;
  sw_msg *req, *res;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  assert_int_equal(sw_msg_parse(a, INVITE, sizeof INVITE - 1, NULL, &req, NULL, NULL), 0);
  assert_int_equal(sw_msg_new_response(a, req, 180, NULL, "a6c85cf", &res), 0);
  assert_int_equal(sw_msg_status(res), 180);
  assert_str(sw_msg_reason(res), "Ringing");
  assert_str(sw_msg_to(res)->tag, "a6c85cf");
  assert_str(sw_msg_via(res)->branch, "z9hG4bKnashds8");
  assert_str(sw_msg_via(res)->next->received, "192.0.2.1"); /* both Via lines, in order */
  assert_str(sw_msg_call_id(res), "a84b4c76e66710");
  assert_int_equal(sw_msg_cseq(res)->seq, 314159);
  assert_null(sw_msg_hdr_find(res, SW_HDR_TIMESTAMP));
  assert_null(sw_msg_contact(res));
  char *s = print_msg(res, 0, NULL);
  assert_non_null(strstr(s, "Via: SIP/2.0/UDP proxy.example.com;")); /* unfolded */
  assert_non_null(strstr(s, "Content-Length: 0\r\n\r\n"));
  free(s);
  /* 100 Trying: no To tag added, Timestamp copied (8.2.6.1). */
  assert_int_equal(sw_msg_new_response(a, req, 100, NULL, "x", &res), 0);
  assert_null(sw_msg_to(res)->tag.p);
  assert_non_null(sw_msg_hdr_find(res, SW_HDR_TIMESTAMP));
  assert_int_equal(sw_msg_new_response(a, req, 486, "Busy Here Now", NULL, &res), 0);
  assert_str(sw_msg_reason(res), "Busy Here Now");
  assert_int_equal(sw_msg_new_response(a, req, 700, NULL, NULL, &res), SW_EINVAL);
  assert_int_equal(sw_msg_new_response(a, res, 200, NULL, NULL, &res), SW_EINVAL);
  assert_string_equal(sw_status_phrase(407), "Proxy Authentication Required");
  assert_string_equal(sw_status_phrase(299), "Unknown");
  sw_arena_destroy(a);
}

/* Regression: the builder works on leniently parsed messages, and a bad
 * Content-Type leaves the old one in place. */
static void test_lenient_source(void **state) {
  (void)state;
  static const char req[] =
      "OPTIONS sip:t.watson@example.org SIP/2.0\r\n"
      "Via: SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw\r\n"
      "From: Bell, Alexander <sip:a.g.bell@example.com>;tag=43\r\n"
      "To: Watson, Thomas <sip:t.watson@example.org>\r\n"
      "Call-ID: baddn.31415@c.example.com\r\nCSeq: 3923239 OPTIONS\r\n"
      "Content-Type: text/plain\r\nl: 0\r\n\r\n";
  sw_arena *a;
  sw_msg *m, *res;
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = SW_PARSE_LENIENT;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  assert_int_equal(sw_msg_parse(a, req, sizeof req - 1, &o, &m, NULL, NULL), 0);
  assert_int_equal(sw_msg_new_response(a, m, 200, NULL, "t9", &res), 0);
  assert_str(sw_msg_to(res)->tag, "t9");
  assert_str(sw_msg_from(res)->display, "\"Bell, Alexander\""); /* not propagated */
  assert_int_equal(sw_msg_remove_header(m, SW_HDR_CSEQ), 1);
  assert_str(sw_msg_from(m)->tag, "43"); /* derived state rebuilt leniently */
  assert_int_equal(sw_msg_set_body(m, "no slash here", "x", 1), SW_EPARSE);
  assert_str(sw_msg_content_type(m)->subtype, "plain");
  assert_int_equal(sw_msg_body(m).len, 0);
  sw_arena_destroy(a);
}

/* Fail every allocation in turn: an error comes back, nothing leaks. */
static void test_allocation_failures(void **state) {
  (void)state;
  int completed = 0;
  for (unsigned long n = 1; n < 200 && !completed; n++) {
    sw_failalloc fa;
    sw_failalloc_init(&fa, n, 1);
    sw_ctx_config cfg;
    sw_ctx *ctx = NULL;
    sw_arena *a = NULL;
    sw_msg *m, *res;
    sw_ctx_config_init(&cfg);
    cfg.alloc = &fa.alloc;
    int rv = sw_ctx_create(&cfg, &ctx);
    if (!rv) rv = sw_arena_create(ctx, 256, &a);
    if (!rv) rv = sw_msg_parse(a, INVITE, sizeof INVITE - 1, NULL, &m, NULL, NULL);
    if (!rv) rv = sw_msg_new_response(a, m, 200, NULL, "t1", &res);
    if (!rv) rv = sw_msg_set_body(res, "application/sdp", "v=0\r\n", 5);
    if (rv) assert_int_equal(rv, SW_ENOMEM);
    else completed = 1;
    sw_arena_destroy(a);
    sw_ctx_destroy(ctx);
    assert_int_equal(fa.live, 0);
  }
  assert_true(completed);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_request),
      cmocka_unit_test(test_response),
      cmocka_unit_test(test_lenient_source),
      cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests_name("msg/build", tests, NULL, NULL);
}
