/* RFC 4475 and RFC 5118 torture messages, read straight from shared/conformance
 * with their EXPECT.tsv: verdicts, error offsets, refusal codes, round trips,
 * stream framing in random splits, lenient repairs. */
#include "testutil.h"

enum { OK, SYNTAX, REFUSE };

/* Our outcome per file. offset: first byte not accepted (syntax) or the
 * element refused; status: what a UAS answers (0: drop). */
typedef struct {
  const char *file;
  int outcome, status;
  long offset;
  int lenient_ok; /* lenient mode repairs it (RFC 4475 "liberal") */
} expect;

static const expect rfc4475[] = {
    {"badinv01.dat", SYNTAX, 400, 217, 0},  /* ";;,;,," in Via */
    {"clerr.dat", SYNTAX, 400, 336, 0},     /* Content-Length 9999 */
    {"ncl.dat", SYNTAX, 400, 326, 0},       /* Content-Length -999 */
    {"scalar02.dat", SYNTAX, 400, 174, 0},  /* CSeq > 2^32-1 */
    {"scalarlg.dat", SYNTAX, 0, 198, 0},    /* response: dropped */
    {"quotbal.dat", SYNTAX, 400, 41, 0},    /* the unterminated quote */
    {"ltgtruri.dat", SYNTAX, 400, 7, 1},    /* "<" of the Request-URI */
    {"lwsruri.dat", SYNTAX, 400, 28, 0},    /* the SP inside the URI */
    {"lwsstart.dat", SYNTAX, 400, 7, 1},    /* the second SP */
    {"trws.dat", SYNTAX, 400, 45, 1},       /* trailing SP */
    {"escruri.dat", SYNTAX, 400, 27, 1},    /* "?Route=" */
    {"baddate.dat", SYNTAX, 400, 282, 1},   /* "EST" */
    {"regbadct.dat", SYNTAX, 400, 265, 0},  /* "?" outside <> */
    {"badaspec.dat", SYNTAX, 400, 206, 0},  /* the SP after "<" */
    {"baddn.dat", SYNTAX, 400, 139, 1},     /* "," in the display name */
    {"badvers.dat", REFUSE, 505, 33, 0},    /* SIP/7.0 */
    {"mismatch01.dat", REFUSE, 400, 165, 0},
    {"mismatch02.dat", REFUSE, 501, 167, 0},
    {"bigcode.dat", SYNTAX, 0, 8, 0},       /* response: dropped */
    {"insuf.dat", REFUSE, 400, 150, 0},
    {"multi01.dat", REFUSE, 400, 344, 0},
    {"mcl01.dat", REFUSE, 400, 268, 0},
};

static const expect rfc5118[] = {
    {"ipv6-bad.dat", SYNTAX, 400, 13, 0}, /* "2001" is no host */
};

/* Files whose UDP and TCP handling differ (EXPECT README). */
static const char *const datagram_only[] = {"clerr.dat", "ncl.dat", "mcl01.dat", "dblreq.dat",
                                            "inv2543.dat", "baddn.dat"};

static const expect *find_expect(const expect *t, size_t n, const char *file) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(t[i].file, file) == 0) return &t[i];
  return NULL;
}

typedef struct {
  int rv;       /* of parse */
  int check;    /* of check */
  sw_parse_error err;
  size_t used;
  char *norm;   /* normalised print when valid */
  size_t norm_len;
} result;

static result run(const char *buf, size_t len, unsigned flags) {
  result r = {0};
  sw_arena *a;
  sw_msg *m;
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = flags;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  r.rv = sw_msg_parse(a, buf, len, &o, &m, &r.used, &r.err);
  if (r.rv == 0) {
    r.check = sw_msg_check(m, &r.err);
    if (r.check == SW_EPARSE) r.rv = SW_EPARSE, r.check = 0; /* a value parsed on demand */
    r.norm = print_msg(m, SW_PRINT_NORMALISED, &r.norm_len);
    /* Unchanged: the printer gives back the bytes it was given. */
    if (!(flags & SW_PARSE_LENIENT)) {
      size_t n;
      char *raw = print_msg(m, 0, &n);
      assert_int_equal(n, r.used);
      assert_memory_equal(raw, buf, n);
      free(raw);
    }
  }
  sw_arena_destroy(a);
  return r;
}

/* The normalised form parses strictly and prints the same again. */
static void assert_normal_form_stable(const result *r) {
  result r2 = run(r->norm, r->norm_len, SW_PARSE_FULL);
  if (r2.rv) fail_msg("normalised form does not parse: %s at %zu\n%s", r2.err.reason, r2.err.offset, r->norm);
  assert_int_equal(r2.norm_len, r->norm_len);
  assert_memory_equal(r2.norm, r->norm, r->norm_len);
  free(r2.norm);
}

static int sums_ok(const char *dir) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd '%s' && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1", dir);
  return system(cmd) == 0;
}

/* Feed buf in random pieces to the stream parser; return the final result. */
static result run_stream(const char *buf, size_t len, unsigned seed) {
  size_t have = 0;
  for (;;) {
    seed = seed * 1103515245u + 12345u;
    size_t step = 1 + (seed >> 16) % 64;
    have = have + step > len ? len : have + step;
    result r = run(buf, have, SW_PARSE_STREAM | SW_PARSE_FULL);
    if (r.rv != SW_EAGAIN || have == len) return r;
  }
}

static void check_file(const char *dir, const char *file, const char *verdict, const char *handling,
                       const expect *e) {
  char path[1024];
  size_t len = 0;
  snprintf(path, sizeof path, "%s/%s", dir, file);
  char *buf = slurp(path, &len);
  assert_non_null(buf);
  result r = run(buf, len, SW_PARSE_FULL);
  /* Parsing values on demand (the default) gives the same verdict and offset. */
  result lazy = run(buf, len, 0);
  assert_int_equal(lazy.rv, r.rv);
  assert_int_equal(lazy.check, r.check);
  assert_int_equal(lazy.err.offset, r.err.offset);
  assert_int_equal(lazy.err.status, r.err.status);
  free(lazy.norm);
  int outcome = r.rv == SW_EPARSE ? SYNTAX : r.rv ? -1 : r.check ? REFUSE : OK;
  int want = e ? e->outcome : OK;
  if (outcome != want)
    fail_msg("%s (%s): outcome %d, expected %d (%s at %zu)", file, verdict, outcome, want,
             r.err.reason ? r.err.reason : "-", r.err.offset);
  /* The verdicts of EXPECT.tsv allow what we do. */
  if (strcmp(verdict, "valid") == 0) assert_int_equal(outcome, OK);
  if (strcmp(verdict, "invalid") == 0) assert_true(outcome == SYNTAX || outcome == REFUSE);
  if (strcmp(verdict, "valid-but-semantically-bad") == 0) assert_true(outcome == OK || outcome == REFUSE);
  if (e) {
    if ((long)r.err.offset != e->offset || r.err.status != e->status)
      fail_msg("%s: offset %zu status %d (%s), expected offset %ld status %d", file, r.err.offset,
               r.err.status, r.err.reason, e->offset, e->status);
    assert_non_null(r.err.reason);
    assert_true(r.err.line >= 1);
    /* The status we give is the one the handling column names. */
    char code[8];
    snprintf(code, sizeof code, "%d", e->status);
    if (e->status) assert_non_null(strstr(handling, code));
    else assert_true(strstr(handling, "drop") || strstr(handling, "discard"));
  }
  if (outcome == OK) assert_normal_form_stable(&r);
  /* Stream framing in random splits gives the same answer. */
  int dgram_only = 0;
  for (size_t i = 0; i < sizeof datagram_only / sizeof *datagram_only; i++)
    dgram_only |= strcmp(file, datagram_only[i]) == 0;
  for (unsigned seed = 1; !dgram_only && seed <= 3; seed++) {
    result s = run_stream(buf, len, seed);
    assert_int_equal(s.rv, r.rv);
    if (s.rv == 0) assert_memory_equal(s.norm, r.norm, r.norm_len);
    else assert_int_equal(s.err.offset, r.err.offset);
    free(s.norm);
  }
  /* Lenient mode: repairs what it may, and its output no longer carries the error. */
  result l = run(buf, len, SW_PARSE_LENIENT | SW_PARSE_FULL);
  if (e && e->outcome == SYNTAX) {
    if (e->lenient_ok) {
      if (l.rv || l.check) fail_msg("%s: lenient mode did not repair it: %s", file, l.err.reason);
      assert_normal_form_stable(&l);
    } else {
      assert_int_equal(l.rv, SW_EPARSE);
    }
  } else if (outcome == OK) {
    assert_int_equal(l.rv, 0);
  }
  free(l.norm);
  free(r.norm);
  free(buf);
}

/* Walk EXPECT.tsv of one folder. Returns the number of files checked. */
static int walk(const char *sub, const char *files_sub, const expect *t, size_t n) {
  char dir[1024], path[1024];
  snprintf(dir, sizeof dir, "%s/conformance/%s", shared_dir(), sub);
  snprintf(path, sizeof path, "%s/EXPECT.tsv", dir);
  FILE *f = fopen(path, "r");
  if (!f) return shared_missing(path) ? -1 : 0;
  assert_true(sums_ok(dir)); /* a CRLF conversion would turn rejects into accepts */
  char line[4096], fdir[1100];
  snprintf(fdir, sizeof fdir, "%s%s", dir, files_sub);
  int count = 0;
  assert_non_null(fgets(line, sizeof line, f)); /* header row */
  while (fgets(line, sizeof line, f)) {
    char *file = strtok(line, "\t"), *sec = strtok(NULL, "\t"), *verdict = strtok(NULL, "\t");
    char *handling = strtok(NULL, "\n");
    assert_non_null(handling);
    (void)sec;
    check_file(fdir, file, verdict, handling, find_expect(t, n, file));
    count++;
  }
  fclose(f);
  for (size_t i = 0; i < n; i++) assert_true(count > 0); /* table rows are all in EXPECT */
  return count;
}

static void test_rfc4475(void **state) {
  (void)state;
  int n = walk("rfc4475", "", rfc4475, sizeof rfc4475 / sizeof *rfc4475);
  if (n >= 0) assert_int_equal(n, 49);
}

static void test_rfc5118(void **state) {
  (void)state;
  int n = walk("rfc5118", "/wire", rfc5118, sizeof rfc5118 / sizeof *rfc5118);
  if (n >= 0) assert_int_equal(n, 12);
}

static sw_msg *parse_file(sw_arena *a, const char *sub, const char *file, char **buf, unsigned flags) {
  char path[1024];
  size_t len = 0;
  snprintf(path, sizeof path, "%s/conformance/%s/%s", shared_dir(), sub, file);
  *buf = slurp(path, &len);
  if (!*buf) return NULL;
  sw_msg_opts o;
  sw_msg_opts_init(&o);
  o.flags = flags;
  sw_msg *m;
  sw_parse_error err;
  int rv = sw_msg_parse(a, *buf, len, &o, &m, NULL, &err);
  if (rv) fail_msg("%s: %s at %zu", file, err.reason, err.offset);
  return m;
}

/* Values the handling column names. */
static void test_rfc4475_values(void **state) {
  (void)state;
  sw_arena *a;
  char *b[12];
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  sw_msg *m = parse_file(a, "rfc4475", "wsinv.dat", &b[0], 0);
  if (!m) {
    shared_missing("rfc4475");
    sw_arena_destroy(a);
    return;
  }
  assert_int_equal(sw_msg_max_forwards(m), 68);
  assert_int_equal(sw_msg_cseq(m)->seq, 9);
  assert_int_equal(sw_msg_cseq(m)->method, SW_METHOD_INVITE);
  assert_int_equal(((const sw_uint *)sw_msg_get(m, SW_HDR_CONTENT_LENGTH))->value, 150);
  assert_str(sw_msg_hdr_find_name(m, sw_str_c("unknownheaderwithunusualvalue"))->value, ";;,,;;,;");
  assert_str(sw_msg_to(m)->tag, "1918181833n");
  assert_str(sw_msg_from(m)->tag, "98asjd8");
  assert_str(sw_msg_from(m)->display, "\"J Rosenberg \\\\\\\"\"");
  assert_str(sw_msg_via(m)->next->branch, "z9hG4bK9ikj8");
  assert_str(sw_msg_via(m)->next->next->branch, "z9hG4bK30239");
  assert_int_equal(sw_msg_body(m).len, 150);

  m = parse_file(a, "rfc4475", "intmeth.dat", &b[1], 0);
  assert_int_equal(sw_msg_method(m), SW_METHOD_OTHER);
  assert_str(sw_msg_method_name(m), "!interesting-Method0123456789_*+`.%indeed'~");

  m = parse_file(a, "rfc4475", "esc01.dat", &b[2], 0);
  char un[64];
  size_t n;
  assert_int_equal(sw_unescape(sw_msg_ruri(m)->user, un, sizeof un, &n), 0);
  assert_memory_equal(un, "sips:user@example.com", n);

  m = parse_file(a, "rfc4475", "escnull.dat", &b[3], 0);
  assert_non_null(sw_msg_contact(m)->next); /* two distinct contacts */
  assert_false(sw_uri_equal(&sw_msg_contact(m)->uri, &sw_msg_contact(m)->next->uri));

  m = parse_file(a, "rfc4475", "dblreq.dat", &b[4], 0);
  assert_int_equal(sw_msg_method(m), SW_METHOD_REGISTER);
  assert_int_equal(sw_msg_body(m).len, 0);

  m = parse_file(a, "rfc4475", "semiuri.dat", &b[5], 0);
  assert_str(sw_msg_ruri(m)->user, "user;par=u%40example.net");
  assert_str(sw_msg_ruri(m)->host, "example.com");

  m = parse_file(a, "rfc4475", "transports.dat", &b[6], 0);
  const char *tr[] = {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"};
  const sw_via *v = sw_msg_via(m);
  for (int i = 0; i < 5; i++, v = v->next) assert_str(v->transport, tr[i]);
  assert_null(v);

  m = parse_file(a, "rfc4475", "mpart01.dat", &b[7], 0);
  assert_int_equal(sw_msg_body(m).len, 553);

  m = parse_file(a, "rfc4475", "longreq.dat", &b[8], 0);
  n = 0;
  for (v = sw_msg_via(m); v; v = v->next) n++;
  assert_int_equal(n, 34);

  m = parse_file(a, "rfc4475", "cparam01.dat", &b[9], 0);
  assert_non_null(sw_param_find(sw_msg_contact(m)->params, "unknownparam")); /* header param */
  assert_null(sw_param_find(sw_msg_contact(m)->uri.params, "unknownparam"));
  m = parse_file(a, "rfc4475", "cparam02.dat", &b[10], 0);
  assert_non_null(sw_param_find(sw_msg_contact(m)->uri.params, "unknownparam")); /* URI param */

  m = parse_file(a, "rfc4475", "inv2543.dat", &b[11], 0);
  assert_true(sw_msg_body(m).len > 0); /* no Content-Length: the rest of the datagram */
  assert_int_equal(sw_msg_via(m)->branch.p, NULL);
  for (int i = 0; i < 12; i++) free(b[i]);
  sw_arena_destroy(a);
}

static void test_rfc5118_values(void **state) {
  (void)state;
  sw_arena *a;
  char *b[6];
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  sw_msg *m = parse_file(a, "rfc5118", "wire/port-ambiguous.dat", &b[0], 0);
  if (!m) {
    shared_missing("rfc5118");
    sw_arena_destroy(a);
    return;
  }
  assert_str(sw_msg_ruri(m)->host, "[2001:db8::10:5070]");
  assert_int_equal(sw_msg_ruri(m)->port, -1);
  m = parse_file(a, "rfc5118", "wire/port-unambiguous.dat", &b[1], 0);
  assert_str(sw_msg_ruri(m)->host, "[2001:db8::10]");
  assert_int_equal(sw_msg_ruri(m)->port, 5070);
  m = parse_file(a, "rfc5118", "wire/via-received-param-with-delim.dat", &b[2], 0);
  assert_str(sw_msg_via(m)->received, "[2001:db8::9:255]");
  m = parse_file(a, "rfc5118", "wire/via-received-param-no-delim.dat", &b[3], 0);
  assert_str(sw_msg_via(m)->received, "2001:db8::9:255");
  assert_non_null(sw_msg_via(m)->branch.p);
  m = parse_file(a, "rfc5118", "wire/ipv6-bug-abnf-3-colons.dat", &b[4], 0);
  assert_int_equal(sw_msg_ruri(m)->host_type, SW_HOST_IPV6);
  /* Archive form: bare LF and no closing empty line, accepted leniently
   * and equal to the wire form. */
  m = parse_file(a, "rfc5118", "ipv6-correct-abnf-2-colons.dat", &b[5], SW_PARSE_LENIENT);
  assert_str(sw_msg_to(m)->uri.host, "[2001:db8::192.0.2.1]");
  for (int i = 0; i < 6; i++) free(b[i]);
  sw_arena_destroy(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rfc4475),
      cmocka_unit_test(test_rfc5118),
      cmocka_unit_test(test_rfc4475_values),
      cmocka_unit_test(test_rfc5118_values),
  };
  return cmocka_run_group_tests_name("msg/conformance", tests, NULL, NULL);
}
