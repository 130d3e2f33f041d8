/* What a UAS answers to each RFC 4475 message (RFC 3261 8.2), read straight
 * from shared/conformance. The UAS here is an endpoint and registrar (like
 * a PBX): it allows the standard methods, serves sip/sips/tel, supports no
 * extension, takes application/sdp and text/plain bodies. A message that
 * does not parse gets the status the parser names (400, or nothing for a
 * response). Where EXPECT.tsv allows alternatives, the choice and the
 * reason are in the table. */
#include "testutil.h"
#include "../../../lib/txn/uas.h"

static const char *const schemes[] = {"sip", "sips", "tel", NULL};
static const char *const types[] = {"application/sdp", "text/plain", NULL};
#define ALL_METHODS 0x7ffeu /* INVITE .. PUBLISH */

static const struct {
  const char *file;
  int status; /* 0: passed to the TU (or, for a response, not answered) */
  const char *header, *value; /* a header the response must carry */
  const char *why; /* where the RFC leaves a choice or the role decides */
} table[] = {
    {"wsinv.dat", 0, NULL, NULL, NULL},
    {"intmeth.dat", 501, "Allow", "INVITE, ACK", "an endpoint 'will generate a 501'"},
    {"esc01.dat", 0, NULL, NULL, NULL},
    {"escnull.dat", 0, NULL, NULL, "a registrar processes it"},
    {"esc02.dat", 501, "Allow", NULL, "RE%47IST%45R is not REGISTER"},
    {"lwsdisp.dat", 0, NULL, NULL, NULL},
    {"longreq.dat", 0, NULL, NULL, NULL},
    {"dblreq.dat", 0, NULL, NULL, "Content-Length 0: no body to check"},
    {"semiuri.dat", 0, NULL, NULL, NULL},
    {"transports.dat", 0, NULL, NULL, NULL},
    {"mpart01.dat", 415, "Accept", "application/sdp, text/plain",
     "well formed, but this UAS takes no multipart body: 415 (8.2.3)"},
    {"unreason.dat", 0, NULL, NULL, "a response"},
    {"noreason.dat", 0, NULL, NULL, "a response"},
    {"badinv01.dat", 400, NULL, NULL, NULL},
    {"clerr.dat", 400, NULL, NULL, "over UDP"},
    {"ncl.dat", 400, NULL, NULL, NULL},
    {"scalar02.dat", 400, NULL, NULL, NULL},
    {"scalarlg.dat", 0, NULL, NULL, "a malformed response is dropped"},
    {"quotbal.dat", 400, NULL, NULL, "strict: no quote inferred"},
    {"ltgtruri.dat", 400, NULL, NULL, "strict: brackets not ignored"},
    {"lwsruri.dat", 400, NULL, NULL, NULL},
    {"lwsstart.dat", 400, NULL, NULL, "strict"},
    {"trws.dat", 400, NULL, NULL, "strict"},
    {"escruri.dat", 400, NULL, NULL, NULL},
    {"baddate.dat", 400, NULL, NULL,
     "strict mode validates every header; parse leniently to ignore a bad Date as RFC 4475 suggests"},
    {"regbadct.dat", 400, NULL, NULL, NULL},
    {"badaspec.dat", 400, NULL, NULL, NULL},
    {"baddn.dat", 400, NULL, NULL, "strict: no quotes inferred"},
    {"badvers.dat", 505, NULL, NULL, NULL},
    {"mismatch01.dat", 400, NULL, NULL, NULL},
    {"mismatch02.dat", 501, NULL, NULL, "501 rather than 400, as the RFC prefers"},
    {"bigcode.dat", 0, NULL, NULL, "a malformed response is dropped"},
    {"badbranch.dat", 0, NULL, NULL, "RFC 2543 matching instead of a 400"},
    {"insuf.dat", 400, NULL, NULL, NULL},
    {"unkscm.dat", 416, NULL, NULL, NULL},
    {"novelsc.dat", 416, NULL, NULL, "soap.beep is a scheme this UAS never serves: 416, not 404"},
    {"unksm2.dat", 0, NULL, NULL,
     "passes the 8.2 checks; the registrar then refuses the non-SIP To with 400 (registrar issue)"},
    {"bext01.dat", 420, "Unsupported", "nothingSupportsThis, nothingSupportsThisEither",
     "an endpoint lists the Require tags"},
    {"invut.dat", 415, "Accept", "application/sdp, text/plain", NULL},
    {"regaut01.dat", 0, NULL, NULL,
     "a registrar ignores the unknown scheme or challenges (registrar issue), not 405"},
    {"multi01.dat", 400, NULL, NULL, NULL},
    {"mcl01.dat", 400, NULL, NULL, NULL},
    {"bcast.dat", 0, NULL, NULL, "a response: discarded"},
    {"zeromf.dat", 0, NULL, NULL, "an endpoint processes Max-Forwards 0"},
    {"cparam01.dat", 0, NULL, NULL, NULL},
    {"cparam02.dat", 0, NULL, NULL, NULL},
    {"regescrt.dat", 0, NULL, NULL, NULL},
    {"sdp01.dat", 406, NULL, NULL, "406 rather than 400: the answer would be SDP"},
    {"inv2543.dat", 0, NULL, NULL, "RFC 2543 compatibility kept"},
};

static int answer(const char *buf, size_t len, const sw_uas_policy *pol, sw_uas_verdict *v) {
  sw_arena *a;
  sw_msg *m;
  sw_parse_error err;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  int rv = sw_msg_parse(a, buf, len, NULL, &m, NULL, &err);
  int status = rv ? err.status : sw_uas_check_(m, pol, v);
  sw_arena_destroy(a);
  return status;
}

static void test_rfc4475_uas(void **state) {
  (void)state;
  sw_uas_policy pol = {schemes, ALL_METHODS, NULL, types, NULL, 0};
  char path[1024];
  snprintf(path, sizeof path, "%s/conformance/rfc4475/EXPECT.tsv", shared_dir());
  FILE *f = fopen(path, "r");
  if (!f) {
    shared_missing(path);
    return;
  }
  char line[4096];
  int rows = 0;
  assert_non_null(fgets(line, sizeof line, f));
  while (fgets(line, sizeof line, f)) {
    char *file = strtok(line, "\t");
    strtok(NULL, "\t");
    strtok(NULL, "\t");
    char *handling = strtok(NULL, "\n");
    size_t i = 0;
    while (i < sizeof table / sizeof *table && strcmp(table[i].file, file)) i++;
    if (i == sizeof table / sizeof *table) fail_msg("%s is not in the table", file);
    rows++;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/conformance/rfc4475/%s", shared_dir(), file);
    char *buf = slurp(path, &len);
    assert_non_null(buf);
    sw_uas_verdict v;
    memset(&v, 0, sizeof v);
    int st = answer(buf, len, &pol, &v);
    if (st != table[i].status) fail_msg("%s: %d (%s), expected %d", file, st, v.reason ? v.reason : "-", table[i].status);
    /* A code we send is the one the RFC names, unless the table says why. */
    char code[8];
    snprintf(code, sizeof code, "%d", st);
    if (st && !strstr(handling, code) && !table[i].why) fail_msg("%s: %d is not what EXPECT.tsv names", file, st);
    if (table[i].header) {
      assert_string_equal(v.header, table[i].header);
      if (table[i].value && strncmp(v.value, table[i].value, strlen(table[i].value)))
        fail_msg("%s: %s: %s, expected %s", file, v.header, v.value, table[i].value);
    }
    free(buf);
  }
  fclose(f);
  assert_int_equal(rows, 49);
}

/* Role and policy variations on the same messages. */
static void test_roles(void **state) {
  (void)state;
  char path[1024];
  size_t len = 0;
  snprintf(path, sizeof path, "%s/conformance/rfc4475/zeromf.dat", shared_dir());
  char *zero = slurp(path, &len);
  if (!zero) {
    shared_missing(path);
    return;
  }
  sw_uas_verdict v;
  sw_uas_policy proxy = {schemes, ALL_METHODS, NULL, types, NULL, 1};
  assert_int_equal(answer(zero, len, &proxy, &v), 483); /* a forwarding role never forwards it */
  /* A UAS without REGISTER: 405 with Allow for a known method (8.2.1). */
  snprintf(path, sizeof path, "%s/conformance/rfc4475/cparam01.dat", shared_dir());
  size_t len2 = 0;
  char *reg = slurp(path, &len2);
  sw_uas_policy ua = {schemes, ALL_METHODS & ~SW_METHOD_BIT(SW_METHOD_REGISTER), NULL, types, NULL, 0};
  assert_int_equal(answer(reg, len2, &ua, &v), 405);
  assert_string_equal(v.header, "Allow");
  assert_null(strstr(v.value, "REGISTER"));
  assert_non_null(strstr(v.value, "INVITE, ACK, BYE, CANCEL, OPTIONS"));
  /* Supporting the extensions makes bext01 pass at an endpoint; a proxy
   * also checks Proxy-Require. */
  snprintf(path, sizeof path, "%s/conformance/rfc4475/bext01.dat", shared_dir());
  size_t len3 = 0;
  char *bext = slurp(path, &len3);
  static const char *const ext[] = {"nothingSupportsThis", "nothingSupportsThisEither", NULL};
  sw_uas_policy ok = {schemes, ALL_METHODS, ext, types, NULL, 0};
  assert_int_equal(answer(bext, len3, &ok, &v), 0);
  ok.forwarding = 1;
  assert_int_equal(answer(bext, len3, &ok, &v), 420);
  assert_string_equal(v.value, "noProxiesSupportThis, norDoAnyProxiesSupportThis");
  /* An ACK is never answered, whatever is wrong with it. */
  static const char ack[] = "ACK foo:bar SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n"
                            "To: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 ACK\r\nRequire: bogus\r\n\r\n";
  assert_int_equal(answer(ack, sizeof ack - 1, &proxy, &v), 0);
  free(zero);
  free(reg);
  free(bext);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rfc4475_uas),
      cmocka_unit_test(test_roles),
  };
  return cmocka_run_group_tests_name("txn/uas", tests, NULL, NULL);
}
