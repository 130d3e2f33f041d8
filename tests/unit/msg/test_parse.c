/* Parser: grammar of each header kind, compact forms, folding, stream
 * framing, lenient mode, and hostile input (limits, NUL, UTF-8, numbers). */
#include "testutil.h"

static sw_arena *A;

static int setup(void **state) {
  (void)state;
  return sw_arena_create(NULL, 0, &A);
}
static int teardown(void **state) {
  (void)state;
  sw_arena_destroy(A);
  return 0;
}

#define HDRS_REQ                                                   \
  "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"    \
  "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" \
  "To: <sip:bob@biloxi.example.com>\r\n"                           \
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"

static sw_msg *parse_ok(const char *s, unsigned flags) {
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = flags;
  sw_msg *m = NULL;
  sw_parse_error err;
  int rv = sw_msg_parse(A, s, strlen(s), &o, &m, NULL, &err);
  if (rv) fail_msg("parse failed: %s at %zu: %s", sw_errname(rv), err.offset, err.reason);
  return m;
}

/* Parse must fail with rv at the byte where `at` starts in s. */
static void parse_fails(const char *s, size_t len, unsigned flags, int want_rv, const char *at) {
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = flags;
  sw_msg *m;
  sw_parse_error err;
  int rv = sw_msg_parse(A, s, len, &o, &m, NULL, &err);
  if (rv != want_rv)
    fail_msg("expected %s, got %s (%s)", sw_errname(want_rv), sw_errname(rv),
             err.reason ? err.reason : "-");
  assert_non_null(err.reason);
  if (at) {
    const char *p = strstr(s, at);
    assert_non_null(p);
    if (err.offset != (size_t)(p - s))
      fail_msg("offset %zu (%s), expected %zu", err.offset, err.reason, (size_t)(p - s));
  }
}

static void test_request_basics(void **state) {
  (void)state;
  sw_msg *m = parse_ok("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" HDRS_REQ
                       "CSeq: 314159 INVITE\r\nMax-Forwards: 70\r\n"
                       "Contact: <sip:alice@pc33.atlanta.example.com>;expires=60;q=0.5\r\n"
                       "Content-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n",
                       0);
  assert_true(sw_msg_is_request(m));
  assert_int_equal(sw_msg_method(m), SW_METHOD_INVITE);
  assert_str(sw_msg_ruri(m)->user, "bob");
  assert_str(sw_msg_call_id(m), "a84b4c76e66710@pc33.atlanta.example.com");
  assert_int_equal(sw_msg_cseq(m)->seq, 314159);
  assert_int_equal(sw_msg_max_forwards(m), 70);
  assert_str(sw_msg_via(m)->branch, "z9hG4bK776asdhds");
  assert_int_equal(sw_msg_via(m)->port, 5060);
  assert_str(sw_msg_from(m)->display, "\"Alice\"");
  assert_str(sw_msg_from(m)->tag, "1928301774");
  assert_null(sw_msg_to(m)->tag.p);
  assert_str(sw_param_find(sw_msg_contact(m)->params, "expires")->value, "60");
  assert_str(sw_msg_content_type(m)->subtype, "sdp");
  assert_str(sw_msg_body(m), "v=0\n");
  assert_int_equal(sw_msg_check(m, NULL), 0);
}

static void test_compact_forms(void **state) {
  (void)state;
  sw_msg *m = parse_ok(
      "MESSAGE sip:b@example.com SIP/2.0\r\n"
      "v: SIP/2.0/TCP h.example.com;branch=z9hG4bK1\r\nf: <sip:a@example.com>;tag=1\r\n"
      "t: sip:b@example.com\r\ni: cid1\r\nCSeq: 1 MESSAGE\r\nm: <sip:a@h.example.com>\r\n"
      "c: text/plain\r\nk: 100rel, timer\r\ns: hello\r\ne: gzip\r\no: refer;id=93809824\r\n"
      "u: presence, dialog\r\nr: <sip:c@example.com>\r\nb: <sip:a@example.com>\r\n"
      "x: 1800;refresher=uac\r\ny: abc\r\nl: 2\r\n\r\nhi",
      0);
  static const sw_hdr_id ids[] = {
      SW_HDR_VIA, SW_HDR_FROM, SW_HDR_TO, SW_HDR_CALL_ID, SW_HDR_CSEQ, SW_HDR_CONTACT,
      SW_HDR_CONTENT_TYPE, SW_HDR_SUPPORTED, SW_HDR_SUBJECT, SW_HDR_CONTENT_ENCODING,
      SW_HDR_EVENT, SW_HDR_ALLOW_EVENTS, SW_HDR_REFER_TO, SW_HDR_REFERRED_BY,
      SW_HDR_SESSION_EXPIRES, SW_HDR_IDENTITY, SW_HDR_CONTENT_LENGTH};
  const sw_hdr *h = sw_msg_hdr_first(m);
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++, h = h->next) {
    assert_non_null(h);
    assert_int_equal(h->id, ids[i]);
  }
  const sw_timer *se = sw_msg_get(m, SW_HDR_SESSION_EXPIRES);
  assert_int_equal(se->delta, 1800);
  assert_str(se->refresher, "uac");
  const sw_event *ev = sw_msg_get(m, SW_HDR_EVENT);
  assert_str(ev->value, "refer");
  assert_str(sw_param_find(ev->params, "id")->value, "93809824");
  const sw_token *sup = sw_msg_get(m, SW_HDR_SUPPORTED);
  assert_str(sup->value, "100rel");
  assert_str(sup->next->value, "timer");
  assert_str(sw_msg_body(m), "hi");
  /* Normalised printing uses the long forms. */
  char *s = print_msg(m, SW_PRINT_NORMALISED, NULL);
  assert_non_null(strstr(s, "\r\nSession-Expires: 1800;refresher=uac\r\n"));
  assert_non_null(strstr(s, "\r\nAllow-Events: presence, dialog\r\n"));
  free(s);
}

static void test_lists_and_repeats(void **state) {
  (void)state;
  sw_msg *m = parse_ok(
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1;received=192.0.2.1;rport=5062, "
      "SIP/2.0/TCP b.example.com:5070;branch=z9hG4bK2;maddr=224.0.1.75;ttl=16\r\n"
      "Via: SIP/2.0/UDP c.example.com;rport;branch=z9hG4bK3\r\n"
      "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      "Record-Route: <sip:p3.example.com;lr>\r\n"
      "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\n"
      "Call-ID: x\r\nCSeq: 2 INVITE\r\n"
      "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\nRequire: 100rel\r\nUnsupported: foo\r\n"
      "RSeq: 988789\r\nMin-SE: 90\r\n"
      "P-Asserted-Identity: \"Cullen\" <sip:fluffy@example.com>, <tel:+14085264000>\r\n"
      "Remote-Party-ID: \"1000\" <sip:1000@192.0.2.4>;party=calling;screen=yes;privacy=off\r\n"
      "Content-Length: 0\r\n\r\n",
      0);
  assert_int_equal(sw_msg_status(m), 200);
  const sw_via *v = sw_msg_via(m);
  assert_str(v->received, "192.0.2.1");
  assert_int_equal(v->rport, 5062);
  v = v->next;
  assert_str(v->maddr, "224.0.1.75");
  assert_int_equal(v->ttl, 16);
  assert_int_equal(v->port, 5070);
  v = v->next;
  assert_int_equal(v->rport, -1);
  assert_str(v->branch, "z9hG4bK3");
  assert_null(v->next);
  int n = 0;
  for (const sw_nameaddr *r = sw_msg_record_route(m); r; r = r->next) n++;
  assert_int_equal(n, 3);
  assert_int_equal(sw_msg_hdr_count(m, SW_HDR_RECORD_ROUTE), 2);
  assert_int_equal(((const sw_uint *)sw_msg_get(m, SW_HDR_RSEQ))->value, 988789);
  const sw_nameaddr *pai = sw_msg_get(m, SW_HDR_P_ASSERTED_IDENTITY);
  assert_int_equal(pai->next->uri.scheme, SW_URI_TEL);
  assert_str(pai->next->uri.user, "+14085264000");
  const sw_nameaddr *rpid = sw_msg_get(m, SW_HDR_REMOTE_PARTY_ID);
  assert_str(sw_param_find(rpid->params, "party")->value, "calling");
  assert_int_equal(sw_msg_check(m, NULL), 0);
}

static void test_auth_reason_rack(void **state) {
  (void)state;
  sw_msg *m = parse_ok(
      "BYE sip:b@example.com SIP/2.0\r\n" HDRS_REQ "CSeq: 3 BYE\r\n"
      "Proxy-Authorization: Digest username=\"1000\", realm=\"127.0.0.1\",\r\n"
      "  nonce=\"4f1b\", uri=\"sip:1001@127.0.0.1\", response=\"0a1b\", algorithm=MD5,\r\n"
      "  cnonce=\"abc\", qop=auth, nc=00000001\r\n"
      "WWW-Authenticate: Digest realm=\"example.com\", qop=\"auth,auth-int\", nonce=\"n\", "
      "algorithm=SHA-256, stale=true\r\n"
      "Reason: Q.850;cause=16;text=\"Normal call clearing\", SIP;cause=200\r\n"
      "RAck: 776656 1 INVITE\r\nSubscription-State: active;expires=3600\r\n"
      "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\nExpires: 7200\r\n\r\n",
      0);
  const sw_auth *au = sw_msg_get(m, SW_HDR_PROXY_AUTHORIZATION);
  assert_str(au->scheme, "Digest");
  assert_str(sw_param_find(au->params, "nc")->value, "00000001");
  assert_str(sw_param_find(au->params, "uri")->value, "\"sip:1001@127.0.0.1\"");
  const sw_auth *ch = sw_msg_get(m, SW_HDR_WWW_AUTHENTICATE);
  assert_str(sw_param_find(ch->params, "qop")->value, "\"auth,auth-int\"");
  const sw_reason *r = sw_msg_get(m, SW_HDR_REASON);
  assert_str(r->protocol, "Q.850");
  assert_int_equal(r->cause, 16);
  assert_str(r->text, "Normal call clearing");
  assert_int_equal(r->next->cause, 200);
  const sw_rack *ra = sw_msg_get(m, SW_HDR_RACK);
  assert_int_equal(ra->rseq, 776656);
  assert_int_equal(ra->method, SW_METHOD_INVITE);
  const sw_event *ss = sw_msg_get(m, SW_HDR_SUBSCRIPTION_STATE);
  assert_str(ss->value, "active");
  assert_int_equal(((const sw_date *)sw_msg_get(m, SW_HDR_DATE))->epoch, 1289690940);
  assert_int_equal(((const sw_uint *)sw_msg_get(m, SW_HDR_EXPIRES))->value, 7200);
  /* No Content-Length over a datagram: the body is the rest (empty). */
  assert_int_equal(sw_msg_body(m).len, 0);
}

static void test_contact_star_and_unknown(void **state) {
  (void)state;
  /* Regression (differential run against sofia-sip): a repeated tag counts by
   * its first occurrence, as in sw_nameaddr_equal. */
  sw_msg *t = parse_ok("OPTIONS sip:b@example.com SIP/2.0\r\nTo: sip:b@example.com;tag=first;tag=second\r\n\r\n", 0);
  assert_str(sw_msg_to(t)->tag, "first");
  /* Regression (differential run against oSIP): the same for Via parameters. */
  t = parse_ok("OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1;"
               "branch=z9hG4bK2;received=192.0.2.1;received=192.0.2.2;ttl=1;ttl=2;rport=1;rport=2;"
               "maddr=a.example;maddr=b.example\r\n\r\n", 0);
  assert_str(sw_msg_via(t)->branch, "z9hG4bK1");
  assert_str(sw_msg_via(t)->received, "192.0.2.1");
  assert_str(sw_msg_via(t)->maddr, "a.example");
  assert_int_equal(sw_msg_via(t)->ttl, 1);
  assert_int_equal(sw_msg_via(t)->rport, 1);
  sw_msg *m = parse_ok("REGISTER sip:example.com SIP/2.0\r\n" HDRS_REQ
                       "CSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\n"
                       "X-Custom-Thing: some (comment \\) here) value\r\n"
                       "User-Agent: softphone/1.0 (Linux; \"x\")\r\n\r\n",
                       0);
  assert_true(sw_msg_contact(m)->star);
  assert_str(sw_msg_hdr_find_name(m, sw_str_c("x-custom-THING"))->value,
             "some (comment \\) here) value");
  assert_int_equal(sw_msg_hdr_find_name(m, sw_str_c("user-agent"))->id, SW_HDR_USER_AGENT);
  /* "*" cannot be mixed with addresses. */
  const char *bad = "REGISTER sip:example.com SIP/2.0\r\n" HDRS_REQ
                    "CSeq: 2 REGISTER\r\nContact: *, <sip:a@b.example.com>\r\n\r\n";
  parse_fails(bad, strlen(bad), 0, SW_EPARSE, ", <sip:a@b");
}

static void test_folding_and_whitespace(void **state) {
  (void)state;
  sw_msg *m = parse_ok("OPTIONS sip:b@example.com SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP\r\n  h.example.com\r\n\t;branch=z9hG4bK9\r\n"
                       "From  :  <sip:a@example.com>  ;  tag = x1  \r\n"
                       "To: <sip:b@example.com>\r\nCall-ID: c\r\nCSeq: 1\r\n OPTIONS\r\n"
                       "Subject:\r\n\r\n",
                       0);
  assert_str(sw_msg_via(m)->host, "h.example.com");
  assert_str(sw_msg_from(m)->tag, "x1");
  assert_int_equal(sw_msg_cseq(m)->method, SW_METHOD_OPTIONS);
  assert_int_equal(sw_msg_hdr_find(m, SW_HDR_SUBJECT)->value.len, 0);
  char *s = print_msg(m, SW_PRINT_NORMALISED, NULL);
  assert_non_null(strstr(s, "Via: SIP/2.0/UDP h.example.com ;branch=z9hG4bK9\r\n"));
  free(s);
}

static void test_stream_framing(void **state) {
  (void)state;
  const char *one = "OPTIONS sip:b@example.com SIP/2.0\r\n" HDRS_REQ
                    "CSeq: 1 OPTIONS\r\nContent-Length: 5\r\n\r\nhello";
  char buf[1024];
  /* Keep-alive CRLFs, then two messages back to back. */
  int n = snprintf(buf, sizeof buf, "\r\n\r\n%s%s", one, one);
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = SW_PARSE_STREAM;
  sw_msg *m;
  size_t used;
  size_t first = 4 + strlen(one);
  for (size_t cut = 0; cut < first; cut++)
    assert_int_equal(sw_msg_parse(A, buf, cut, &o, &m, &used, NULL), SW_EAGAIN);
  assert_int_equal(sw_msg_parse(A, buf, (size_t)n, &o, &m, &used, NULL), 0);
  assert_int_equal(used, first);
  assert_str(sw_msg_body(m), "hello");
  assert_int_equal(sw_msg_parse(A, buf + used, (size_t)n - used, &o, &m, &used, NULL), 0);
  assert_int_equal(used, strlen(one));
  /* Only CRLFs: consumed, nothing to parse yet. */
  assert_int_equal(sw_msg_parse(A, "\r\n\r\n", 4, &o, &m, &used, NULL), SW_EAGAIN);
  assert_int_equal(used, 4);
  /* Stream without Content-Length is refused in strict mode. */
  const char *nocl = "OPTIONS sip:b@example.com SIP/2.0\r\n" HDRS_REQ "CSeq: 1 OPTIONS\r\n\r\n";
  parse_fails(nocl, strlen(nocl), SW_PARSE_STREAM, SW_EPARSE, NULL);
}

static void test_lenient(void **state) {
  (void)state;
  /* LF-only lines, trailing spaces, missing final empty line. */
  const char *s = "OPTIONS sip:b@example.com SIP/2.0  \n"
                  "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK9\n"
                  "From: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: c\n"
                  "CSeq: 1 OPTIONS\nContent-Length: 0";
  parse_fails(s, strlen(s), 0, SW_EPARSE, "  \n");
  sw_msg *m = parse_ok(s, SW_PARSE_LENIENT);
  assert_int_equal(sw_msg_check(m, NULL), 0);
  char *n = print_msg(m, SW_PRINT_NORMALISED, NULL);
  assert_non_null(strstr(n, "OPTIONS sip:b@example.com SIP/2.0\r\nVia: "));
  sw_msg *m2 = parse_ok(n, 0); /* the repaired form is strict */
  assert_int_equal(sw_msg_hdr_count(m2, SW_HDR_VIA), 1);
  free(n);
  /* Status line without the SP before an empty reason phrase (RFC 4475 3.1.1.13). */
  const char *r = "SIP/2.0 100\r\n" HDRS_REQ "CSeq: 1 INVITE\r\n\r\n";
  parse_fails(r, strlen(r), 0, SW_EPARSE, "\r\n");
  assert_int_equal(sw_msg_status(parse_ok(r, SW_PARSE_LENIENT)), 100);
}

/* Hostile input: every case gets an error with an offset, never a crash. */
static void test_bad_input(void **state) {
  (void)state;
  char big[70000];
  memset(big, 'a', sizeof big);
  memcpy(big, "OPTIONS sip:b@example.com SIP/2.0\r\nX: ", 38);
  parse_fails(big, sizeof big, 0, SW_ETOOBIG, NULL);

  /* Too many header lines, too long a line, too many Via values. */
  char buf[40000];
  int n = snprintf(buf, sizeof buf, "OPTIONS sip:b@example.com SIP/2.0\r\n");
  for (int i = 0; i < 300; i++) n += snprintf(buf + n, sizeof buf - (size_t)n, "X-H: %d\r\n", i);
  parse_fails(buf, (size_t)n, 0, SW_ETOOBIG, "X-H: 256\r\n");
  n = snprintf(buf, sizeof buf, "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: ");
  memset(buf + n, 's', 9000);
  memcpy(buf + n + 9000, "\r\n\r\n", 4);
  parse_fails(buf, (size_t)n + 9004, 0, SW_ETOOBIG, "Subject");
  n = snprintf(buf, sizeof buf, "OPTIONS sip:b@example.com SIP/2.0\r\nVia: ");
  for (int i = 0; i < 70; i++)
    n += snprintf(buf + n, sizeof buf - (size_t)n, "%sSIP/2.0/UDP h%d.example.com", i ? "," : "", i);
  n += snprintf(buf + n, sizeof buf - (size_t)n, "\r\n\r\n");
  parse_fails(buf, (size_t)n, 0, SW_ETOOBIG, "SIP/2.0/UDP h64."); /* a limit, not syntax */

  /* Raw NUL outside a quoted-pair; inside one it is fine. */
  static const char nul[] = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: a\0b\r\n\r\n";
  parse_fails(nul, sizeof nul - 1, 0, SW_EPARSE, NULL);
  static const char qnul[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" HDRS_REQ
                             "CSeq: 1 OPTIONS\r\nSubject: \"a\\\0b\"\r\n\r\n";
  sw_msg *m;
  assert_int_equal(sw_msg_parse(A, qnul, sizeof qnul - 1, NULL, &m, NULL, NULL), 0);

  /* Invalid UTF-8: a stray continuation byte, an overlong form, a surrogate. */
  const char *u1 = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: caf\x80\r\n\r\n";
  parse_fails(u1, strlen(u1), 0, SW_EPARSE, "\x80");
  const char *u2 = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: \xC0\xAF\r\n\r\n";
  parse_fails(u2, strlen(u2), 0, SW_EPARSE, "\xC0");
  const char *u3 = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: \xED\xA0\x80\r\n\r\n";
  parse_fails(u3, strlen(u3), 0, SW_EPARSE, "\xED");
  const char *u4 = "SIP/2.0 200 \xE4\xB8\r\n\r\n";
  parse_fails(u4, strlen(u4), 0, SW_EPARSE, "\xE4");

  /* Overlong numbers, negative and oversized Content-Length, CSeq above 2^32-1. */
  const char *c1 = "OPTIONS sip:b@example.com SIP/2.0\r\nCSeq: 4294967296 OPTIONS\r\n\r\n";
  parse_fails(c1, strlen(c1), 0, SW_EPARSE, "4294967296");
  const char *c2 = "OPTIONS sip:b@example.com SIP/2.0\r\nCSeq: 4294967295 OPTIONS\r\n\r\n";
  assert_int_equal(sw_msg_parse(A, c2, strlen(c2), NULL, &m, NULL, NULL), 0);
  assert_int_equal(sw_msg_cseq(m)->seq, 4294967295u);
  const char *l1 = "OPTIONS sip:b@example.com SIP/2.0\r\nContent-Length: 00000000000000000000000000001\r\n\r\nx";
  assert_int_equal(sw_msg_parse(A, l1, strlen(l1), NULL, &m, NULL, NULL), 0);
  const char *l2 = "OPTIONS sip:b@example.com SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n";
  parse_fails(l2, strlen(l2), 0, SW_EPARSE, "99999");
  const char *l3 = "OPTIONS sip:b@example.com SIP/2.0\r\nl: -1\r\n\r\n";
  parse_fails(l3, strlen(l3), 0, SW_EPARSE, "-1");
  const char *l4 = "OPTIONS sip:b@example.com SIP/2.0\r\nContent-Length: 10\r\n\r\nshort";
  parse_fails(l4, strlen(l4), 0, SW_EPARSE, "10\r\n");
  const char *l5 = "OPTIONS sip:b@example.com SIP/2.0\r\nContent-Length: 65000\r\n\r\n";
  assert_int_equal(sw_msg_parse(A, l5, strlen(l5), &(sw_msg_opts){sizeof(sw_msg_opts), SW_PARSE_STREAM, 1000, 256, 8192, 64}, &m, NULL, NULL), SW_ETOOBIG);

  /* Regression (fuzzer, UBSan): Via received=[ without its closing bracket. */
  const char *r1 = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;received=[2001:db8::9\r\n\r\n";
  parse_fails(r1, strlen(r1), 0, SW_EPARSE, "[2001:db8::9\r");

  /* Regression: the size limit error has a line number too. */
  sw_parse_error lerr;
  assert_int_equal(sw_msg_parse(A, big, sizeof big, NULL, &m, NULL, &lerr), SW_ETOOBIG);
  assert_int_equal(lerr.line, 2);
  /* Regression: an oversized response is dropped (status 0), never answered 413. */
  memcpy(big, "SIP/2.0 200 OK\r\nX: ", 19);
  sw_parse_error err;
  assert_int_equal(sw_msg_parse(A, big, sizeof big, NULL, &m, NULL, &err), SW_ETOOBIG);
  assert_int_equal(err.status, 0);

  /* Empty input, garbage, a lone CR. Regression: lines count from 1. */
  parse_fails("", 0, 0, SW_EPARSE, NULL);
  assert_int_equal(sw_msg_parse(A, "", 0, NULL, &m, NULL, &err), SW_EPARSE);
  assert_int_equal(err.line, 1);
  parse_fails("\x16\x03\x01\x02\x00", 5, 0, SW_EPARSE, NULL);
  const char *cr = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: a\rb\r\n\r\n";
  parse_fails(cr, strlen(cr), 0, SW_EPARSE, "\rb");
}

static void test_bad_grammar(void **state) {
  (void)state;
  static const struct {
    const char *msg, *at;
  } cases[] = {
      {"OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;ttl=256\r\n\r\n", "256"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h:70000\r\n\r\n", "70000"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch\r\n\r\n", "\r\n\r\n"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;received=host.example\r\n\r\n", "host.example"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nFrom: <sip:a@example.com\r\n\r\n", "<sip:a"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nTo: <sip:a@example.com>;tag\r\n\r\n", "tag\r"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nCSeq: 1\r\n\r\n", "\r\n\r\n"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nCall-ID: a@b@c\r\n\r\n", "@c"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nContent-Type: application\r\n\r\n", "\r\n\r\n"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nReason: Q.850;cause=abc\r\n\r\n", "abc"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nRAck: 1 2\r\n\r\n", "\r\n\r\n"},
      /* Regression (fuzzer, UBSan): a cause parameter without a value. */
      {"OPTIONS sip:b@example.com SIP/2.0\r\nReason: Q.850;cause\r\n\r\n", "cause"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nAllow: INVITE,,BYE\r\n\r\n", ",BYE"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nAuthorization: Digest realm\r\n\r\n", "\r\n\r\n"},
      {"OPTIONS sip:b@example.com:99999 SIP/2.0\r\n\r\n", "99999"},
      {"OPTIONS sip:b@-bad-.example.com SIP/2.0\r\n\r\n", "-bad-"},
      {"OPTIONS sip:b@[::1 SIP/2.0\r\n\r\n", "[::1"},
      {"OPTIONS sip:b%4@example.com SIP/2.0\r\n\r\n", "%4@"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\n Via: x\r\n\r\n", " Via"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nVia x\r\n\r\n", "x\r"},
      {"OPTIONS sip:b@example.com SIP/2.0\r\nDate: Sat, 13 Nov 2010 23:29:00 EST\r\n\r\n", "EST"},
      {"OPTIONS sip:b@example.com HTTP/1.1\r\n\r\n", "HTTP"},
      {"SIP/2.0 099 Low\r\n\r\n", "099"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    parse_fails(cases[i].msg, strlen(cases[i].msg), SW_PARSE_FULL, SW_EPARSE, cases[i].at);
}

/* Headers outside the transaction's set are parsed on first access, with the
 * same verdict and offset as a full parse. */
static void test_lazy(void **state) {
  (void)state;
  const char *s = "BYE sip:b@example.com SIP/2.0\r\n" HDRS_REQ "CSeq: 3 BYE\r\n"
                  "Allow: INVITE, BYE\r\nReason: Q.850;cause=x16\r\n\r\n";
  sw_msg *m = parse_ok(s, 0);
  const sw_hdr *allow = sw_msg_hdr_find(m, SW_HDR_ALLOW), *reason = sw_msg_hdr_find(m, SW_HDR_REASON);
  assert_null(allow->parsed); /* not yet */
  const sw_token *t = sw_msg_get(m, SW_HDR_ALLOW);
  assert_str(t->next->value, "BYE");
  assert_ptr_equal(allow->parsed, t);
  assert_null(sw_msg_get(m, SW_HDR_REASON));
  const void *v;
  sw_parse_error e1, e2, e3, e4;
  assert_int_equal(sw_msg_hdr_parse(m, reason, &v, &e1), SW_EPARSE);
  assert_int_equal(e1.offset, (size_t)(strstr(s, "x16") - s));
  assert_int_equal(e1.line, 8);
  assert_int_equal(sw_msg_validate(m, &e2), SW_EPARSE);
  assert_int_equal(sw_msg_check(m, &e3), SW_EPARSE);
  assert_int_equal(e2.offset, e1.offset);
  assert_int_equal(e3.offset, e1.offset);
  sw_msg *full;
  assert_int_equal(sw_msg_parse(A, s, strlen(s), &(sw_msg_opts){sizeof(sw_msg_opts), SW_PARSE_FULL, 65535, 256, 8192, 64}, &full, NULL, &e4), SW_EPARSE);
  assert_int_equal(e4.offset, e1.offset);
  assert_int_equal(e4.status, 400);
}

static void test_check(void **state) {
  (void)state;
  sw_parse_error err;
  /* Regression: check offsets count from the caller's buffer, also after
   * leading CRLFs the parser skipped. */
  const char *skipped = "\r\n\r\nOPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                        "To: <sip:b@example.com>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
  sw_msg *s0;
  assert_int_equal(sw_msg_parse(A, skipped, strlen(skipped), NULL, &s0, NULL, NULL), 0);
  assert_int_equal(sw_msg_check(s0, &err), SW_EREFUSE); /* no From */
  assert_int_equal(err.offset, strlen(skipped) - 2);
  assert_int_equal(err.line, 8);
  sw_msg *m = parse_ok("NEWMETHOD sip:b@example.com SIP/2.0\r\n" HDRS_REQ "CSeq: 1 NEWMETHOD\r\n\r\n", 0);
  assert_int_equal(sw_msg_check(m, &err), 0);
  m = parse_ok("OPTIONS sip:b@example.com SIP/2.0\r\n" HDRS_REQ "CSeq: 1 OPTIONS\r\nCall-ID: again\r\n\r\n", 0);
  assert_int_equal(sw_msg_check(m, &err), SW_EREFUSE);
  assert_int_equal(err.status, 400);
  m = parse_ok("SIP/2.0 200 OK\r\nFrom: <sip:a@example.com>;tag=1\r\n\r\n", 0);
  assert_int_equal(sw_msg_check(m, &err), SW_EREFUSE);
  assert_int_equal(err.status, 0); /* responses are dropped */
  m = parse_ok("OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/3.0/UDP h;branch=z9hG4bK1\r\n"
               "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c\r\n"
               "CSeq: 1 OPTIONS\r\n\r\n", 0);
  assert_int_equal(sw_msg_check(m, &err), SW_EREFUSE);
  assert_int_equal(err.status, 505);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_request_basics),     cmocka_unit_test(test_compact_forms),
      cmocka_unit_test(test_lists_and_repeats),  cmocka_unit_test(test_auth_reason_rack),
      cmocka_unit_test(test_contact_star_and_unknown), cmocka_unit_test(test_folding_and_whitespace),
      cmocka_unit_test(test_stream_framing),     cmocka_unit_test(test_lenient),
      cmocka_unit_test(test_bad_input),          cmocka_unit_test(test_bad_grammar),
      cmocka_unit_test(test_check),              cmocka_unit_test(test_lazy),
  };
  return cmocka_run_group_tests_name("msg/parse", tests, setup, teardown);
}
