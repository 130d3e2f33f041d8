/* URIs: parsing, RFC 3261 19.1.4 comparison (its own examples), unescaping. */
#include "testutil.h"

static sw_arena *A;
static int setup(void **s) { (void)s; return sw_arena_create(NULL, 0, &A); }
static int teardown(void **s) { (void)s; sw_arena_destroy(A); return 0; }

static sw_uri U(const char *s) {
  sw_uri u;
  sw_parse_error err;
  if (sw_uri_parse(A, s, strlen(s), &u, &err)) fail_msg("%s: %s at %zu", s, err.reason, err.offset);
  return u;
}

static void test_parts(void **state) {
  (void)state;
  sw_uri u = U("sips:bob:secret@[2001:db8::10]:5061;transport=tcp;lr?subject=x%20y&priority=urgent");
  assert_int_equal(u.scheme, SW_URI_SIPS);
  assert_str(u.user, "bob");
  assert_str(u.password, "secret");
  assert_str(u.host, "[2001:db8::10]");
  assert_int_equal(u.host_type, SW_HOST_IPV6);
  assert_int_equal(u.port, 5061);
  assert_str(sw_param_find(u.params, "transport")->value, "tcp");
  assert_null(sw_param_find(u.params, "lr")->value.p);
  assert_str(sw_param_find(u.headers, "subject")->value, "x%20y");
  u = U("sip:192.0.2.4");
  assert_int_equal(u.host_type, SW_HOST_IPV4);
  assert_null(u.user.p);
  assert_int_equal(u.port, -1);
  u = U("tel:+1-201-555-0123;phone-context=example.com");
  assert_int_equal(u.scheme, SW_URI_TEL);
  assert_str(u.user, "+1-201-555-0123");
  u = U("urn:service:sos");
  assert_int_equal(u.scheme, SW_URI_OTHER);
  assert_str(u.scheme_name, "urn");
  u = U("sip:[::ffff:192.0.2.10]:19823");
  assert_int_equal(u.port, 19823);
}

static void test_bad(void **state) {
  (void)state;
  static const struct { const char *uri; size_t off; } bad[] = {
      {"sip:", 4}, {"sip:@host", 4}, {"sip:a@", 6}, {"sip:a@h:", 8}, {"sip:a@h;", 8},
      {"sip:a@h;=x", 8}, {"sip:a@999.1.1.1", 6}, {"sip:a@[1::2::3]", 6}, {"1sip:a@h", 0},
      {"sip:a b@h", 5}, {"sip:a@h?x", 9}, {"tel:", 4}, {"sip:a@h%zz", 7},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    sw_uri u;
    sw_parse_error err;
    assert_int_equal(sw_uri_parse(A, bad[i].uri, strlen(bad[i].uri), &u, &err), SW_EPARSE);
    if (err.offset != bad[i].off)
      fail_msg("%s: offset %zu (%s), expected %zu", bad[i].uri, err.offset, err.reason, bad[i].off);
  }
}

/* RFC 3261 19.1.4, the examples as printed. */
static void test_compare(void **state) {
  (void)state;
  static const char *const same[][2] = {
      {"sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"},
      {"sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"},
      {"sip:carol@chicago.com", "sip:carol@chicago.com;security=on"},
      {"sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"},
      {"sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
       "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"},
      {"sip:alice@atlanta.com?subject=project%20x&priority=urgent",
       "sip:alice@atlanta.com?priority=urgent&subject=project%20x"},
      {"tel:+1-201-555-0123", "tel:+1.201.555.0123"},
  };
  static const char *const differ[][2] = {
      {"SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"},
      {"sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"},
      {"sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"},
      {"sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"},
      {"sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"},
      {"sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"},
      {"sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"},
      {"sip:a@example.com", "sips:a@example.com"},
  };
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    sw_uri a = U(same[i][0]), b = U(same[i][1]);
    if (!sw_uri_equal(&a, &b) || !sw_uri_equal(&b, &a)) fail_msg("should be equal: %s %s", same[i][0], same[i][1]);
  }
  for (size_t i = 0; i < sizeof differ / sizeof differ[0]; i++) {
    sw_uri a = U(differ[i][0]), b = U(differ[i][1]);
    if (sw_uri_equal(&a, &b) || sw_uri_equal(&b, &a)) fail_msg("should differ: %s %s", differ[i][0], differ[i][1]);
  }
}

/* Regression (fuzzer): with a repeated parameter or header name, equality
 * must stay reflexive and symmetric (the first occurrence counts). */
static void test_compare_duplicates(void **state) {
  (void)state;
  const char *uris[] = {
      "tel:+1-201-555-0123;pcontext=a;pcontext=b",
      "sip:a@example.com;x=1;x=2",
      "sip:a@example.com;x=1;x=3",
      "sip:a@example.com?h=1&h=2",
      "sip:a@example.com?h=1&k=1",
      "sip:a@example.com?h=1&h=1",
  };
  size_t n = sizeof uris / sizeof uris[0];
  for (size_t i = 0; i < n; i++) {
    sw_uri a = U(uris[i]), a2 = U(uris[i]);
    if (!sw_uri_equal(&a, &a2)) fail_msg("not reflexive: %s", uris[i]);
    for (size_t j = 0; j < n; j++) {
      sw_uri b = U(uris[j]);
      if (sw_uri_equal(&a, &b) != sw_uri_equal(&b, &a)) fail_msg("not symmetric: %s %s", uris[i], uris[j]);
    }
  }
}

static void test_unescape(void **state) {
  (void)state;
  char out[32];
  size_t n;
  assert_int_equal(sw_unescape(sw_str_c("null-%00-null"), out, sizeof out, &n), 0);
  assert_int_equal(n, 11); /* %00 does not shorten the string */
  assert_memory_equal(out, "null-\0-null", 11);
  assert_int_equal(sw_unescape(sw_str_c("a%4"), out, sizeof out, &n), SW_EPARSE);
  assert_int_equal(sw_unescape(sw_str_c("a%g1"), out, sizeof out, &n), SW_EPARSE);
  assert_int_equal(sw_unescape(sw_str_c("abcdef"), out, 3, &n), SW_ENOSPC);
}

static const sw_nameaddr *NA(const char *hdr) {
  char buf[512];
  snprintf(buf, sizeof buf, "OPTIONS sip:x@example.com SIP/2.0\r\n%s\r\n\r\n", hdr);
  char *copy = sw_arena_strndup(A, buf, strlen(buf));
  sw_msg *m;
  sw_parse_error err;
  if (sw_msg_parse(A, copy, strlen(copy), NULL, &m, NULL, &err)) fail_msg("%s: %s", hdr, err.reason);
  return sw_msg_from(m) ? sw_msg_from(m) : sw_msg_contact(m);
}

static const sw_via *VIA(const char *v) {
  char buf[512];
  snprintf(buf, sizeof buf, "OPTIONS sip:x@example.com SIP/2.0\r\nVia: %s\r\n\r\n", v);
  char *copy = sw_arena_strndup(A, buf, strlen(buf));
  sw_msg *m;
  if (sw_msg_parse(A, copy, strlen(copy), NULL, &m, NULL, NULL)) fail_msg("%s", v);
  return sw_msg_via(m);
}

/* RFC 3261 20.20 and 7.3.1: display names and brackets do not count,
 * tags must match, extension parameters only where both have them. */
static void test_header_equality(void **state) {
  (void)state;
  assert_true(sw_nameaddr_equal(NA("From: \"Alice\" <sip:alice@atlanta.com>;tag=88sja8x"),
                                NA("From: sip:alice@ATLANTA.com;TAG=88sja8x")));
  assert_false(sw_nameaddr_equal(NA("From: <sip:alice@atlanta.com>;tag=1"),
                                 NA("From: <sip:alice@atlanta.com>")));
  assert_false(sw_nameaddr_equal(NA("From: <sip:alice@atlanta.com>;tag=1"),
                                 NA("From: <sip:alice@atlanta.com>;tag=2")));
  assert_true(sw_nameaddr_equal(NA("From: <sip:alice@atlanta.com>;x=1"),
                                NA("From: <sip:alice@atlanta.com>;y=2")));
  assert_false(sw_nameaddr_equal(NA("From: <sip:alice@atlanta.com>;x=1"),
                                 NA("From: <sip:alice@atlanta.com>;x=2")));
  assert_false(sw_nameaddr_equal(NA("From: <sip:alice@atlanta.com>"), NA("From: <sip:bob@atlanta.com>")));
  assert_true(sw_nameaddr_equal(NA("Contact: *"), NA("Contact: *")));
  assert_false(sw_nameaddr_equal(NA("Contact: *"), NA("Contact: <sip:a@b.example>")));
  /* Via: sent-by, transport and branch decide; case of tokens does not. */
  assert_true(sw_via_equal(VIA("SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bK776"),
                           VIA("sip/2.0/udp PC33.example.com:5060 ;branch=z9hG4bK776")));
  assert_false(sw_via_equal(VIA("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776"),
                            VIA("SIP/2.0/UDP pc33.example.com:5060;branch=z9hG4bK776")));
  assert_false(sw_via_equal(VIA("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776"),
                            VIA("SIP/2.0/TCP pc33.example.com;branch=z9hG4bK776")));
  assert_false(sw_via_equal(VIA("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776"),
                            VIA("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK777")));
  assert_false(sw_via_equal(VIA("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776"),
                            VIA("SIP/2.0/UDP pc33.example.com")));
  assert_true(sw_via_equal(VIA("SIP/2.0/UDP h.example.com;branch=z9hG4bK1;rport"),
                           VIA("SIP/2.0/UDP h.example.com;branch=z9hG4bK1")));
  assert_false(sw_nameaddr_equal(NULL, NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parts), cmocka_unit_test(test_bad), cmocka_unit_test(test_compare),
      cmocka_unit_test(test_compare_duplicates), cmocka_unit_test(test_unescape),
      cmocka_unit_test(test_header_equality),
  };
  return cmocka_run_group_tests_name("msg/uri", tests, setup, teardown);
}
