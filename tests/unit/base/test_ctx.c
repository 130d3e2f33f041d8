/* Context: injected clock, RNG and log hook; errors; identifiers. */
#include "testutil.h"
#include "../../../lib/base/internal.h" /* sw_log_, the layers' log entry */

static uint64_t fake_now;
static uint64_t fake_clock(void *ud) {
  (void)ud;
  return fake_now;
}

static int counter_rng(void *ud, void *buf, size_t len) {
  unsigned *c = ud;
  for (size_t i = 0; i < len; i++) ((unsigned char *)buf)[i] = (unsigned char)(*c)++;
  return 0;
}

static int broken_rng(void *ud, void *buf, size_t len) {
  (void)ud, (void)buf, (void)len;
  return SW_EIO;
}

static void test_errors(void **state) {
  (void)state;
  assert_string_equal(sw_strerror(0), "success");
  assert_string_equal(sw_errname(SW_EPARSE), "SW_EPARSE");
  assert_string_equal(sw_strerror(SW_ENOMEM), "out of memory");
  assert_string_equal(sw_errname(-12345), "SW_E?");
  assert_true(sw_is_fatal(SW_ENOMEM));
  assert_false(sw_is_fatal(SW_EPARSE));
  assert_false(sw_is_fatal(0));
  assert_string_equal(sw_version(), SW_VERSION_STRING);
}

static void test_injected_sources(void **state) {
  (void)state;
  unsigned counter = 0;
  sw_ctx_config cfg;
  sw_ctx *ctx;
  sw_ctx_config_init(&cfg);
  cfg.clock = fake_clock;
  cfg.rng = counter_rng;
  cfg.rng_user_data = &counter;
  assert_int_equal(sw_ctx_create(&cfg, &ctx), 0);
  fake_now = 12345;
  assert_int_equal(sw_ctx_now(ctx), 12345);
  unsigned char b[4];
  assert_int_equal(sw_ctx_random(ctx, b, 4), 0);
  assert_int_equal(b[3], 3);
  /* Deterministic ids from the injected RNG. */
  char id1[SW_ID_CALL_ID_MAX], id2[SW_ID_CALL_ID_MAX];
  counter = 7;
  assert_int_equal(sw_id_call_id(ctx, id1, sizeof id1, NULL), 0);
  counter = 7;
  assert_int_equal(sw_id_call_id(ctx, id2, sizeof id2, NULL), 0);
  assert_string_equal(id1, id2);
  assert_int_equal(strlen(id1), 36);
  assert_int_equal(id1[14], '4'); /* UUID version 4 */
  sw_ctx_destroy(ctx);
  /* A too-old config size is refused. */
  cfg.size = 4;
  assert_int_equal(sw_ctx_create(&cfg, &ctx), SW_EINVAL);
}

static void test_ids(void **state) {
  (void)state;
  char br[SW_ID_BRANCH_MAX], br2[SW_ID_BRANCH_MAX], tag[SW_ID_TAG_MAX], cid[SW_ID_CALL_ID_MAX];
  size_t n;
  assert_int_equal(sw_id_branch(NULL, br, sizeof br, &n), 0);
  assert_int_equal(n, SW_ID_BRANCH_MAX - 1);
  assert_memory_equal(br, "z9hG4bK", 7);
  assert_int_equal(sw_id_branch(NULL, br2, sizeof br2, NULL), 0);
  assert_string_not_equal(br, br2);
  assert_int_equal(sw_id_tag(NULL, tag, sizeof tag, &n), 0);
  assert_int_equal(n, 16);
  assert_int_equal(sw_id_call_id(NULL, cid, sizeof cid, &n), 0);
  assert_int_equal(n, 36);
  assert_int_equal(sw_id_tag(NULL, tag, 5, &n), SW_ENOSPC);
  assert_int_equal(sw_id_branch(NULL, br, 10, &n), SW_ENOSPC);
  /* Generated ids are legal where they go: parse them in a message. */
  char msg[512];
  snprintf(msg, sizeof msg,
           "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=%s\r\nFrom: <sip:x@y>;tag=%s\r\n"
           "To: <sip:a@b>\r\nCall-ID: %s\r\nCSeq: 1 OPTIONS\r\n\r\n", br, tag, cid);
  sw_arena *a;
  sw_msg *m;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  assert_int_equal(sw_msg_parse(a, msg, strlen(msg), NULL, &m, NULL, NULL), 0);
  assert_str(sw_msg_via(m)->branch, br);
  assert_str(sw_msg_from(m)->tag, tag);
  sw_arena_destroy(a);
  /* A failing RNG is reported, not hidden. */
  sw_ctx_config cfg;
  sw_ctx *ctx;
  sw_ctx_config_init(&cfg);
  cfg.rng = broken_rng;
  assert_int_equal(sw_ctx_create(&cfg, &ctx), 0);
  assert_int_equal(sw_id_tag(ctx, tag, sizeof tag, NULL), SW_EIO);
  assert_int_equal(sw_id_call_id(ctx, cid, sizeof cid, NULL), SW_EIO);
  sw_ctx_destroy(ctx);
}

typedef struct {
  int calls;
  sw_log_level last;
  char id[32];
  char text[2048];
} logrec;

static void log_hook(void *ud, sw_log_level lvl, const char *id, const char *msg) {
  logrec *r = ud;
  r->calls++;
  r->last = lvl;
  snprintf(r->id, sizeof r->id, "%s", id);
  snprintf(r->text, sizeof r->text, "%s", msg);
}

/* The log hook gets lines at or below its level, formatted, with the
 * object's id; long lines are cut, never overflow; no hook, no call. */
static void test_log_hook(void **state) {
  (void)state;
  logrec rec = {0};
  sw_ctx_config cfg;
  sw_ctx *ctx;
  sw_ctx_config_init(&cfg);
  cfg.log = log_hook;
  cfg.log_user_data = &rec;
  cfg.log_level = SW_LOG_INFO;
  assert_int_equal(sw_ctx_create(&cfg, &ctx), 0);
  sw_log_(ctx, SW_LOG_WARN, "call-7", "dropped %d bytes from %s", 42, "127.0.0.1");
  assert_int_equal(rec.calls, 1);
  assert_int_equal(rec.last, SW_LOG_WARN);
  assert_string_equal(rec.id, "call-7");
  assert_string_equal(rec.text, "dropped 42 bytes from 127.0.0.1");
  sw_log_(ctx, SW_LOG_DEBUG, NULL, "too detailed");
  assert_int_equal(rec.calls, 1);
  sw_log_(ctx, SW_LOG_ERROR, NULL, "%s", "no id");
  assert_string_equal(rec.id, "");
  char big[3000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  sw_log_(ctx, SW_LOG_ERROR, "", "%s", big);
  assert_int_equal(strlen(rec.text), 1023);
  sw_ctx_destroy(ctx);
  sw_log_(NULL, SW_LOG_ERROR, "", "no context: ignored");
  assert_int_equal(rec.calls, 3);
}

static void test_string_views(void **state) {
  (void)state;
  assert_true(sw_str_eq(sw_str_c("abc"), sw_str_c("abc")));
  assert_false(sw_str_eq(sw_str_c("abc"), sw_str_c("abd")));
  assert_true(sw_str_caseeq(sw_str_c("Call-ID"), sw_str_c("call-id")));
  assert_true(sw_str_caseeq_c(sw_str_c("INVITE"), "invite"));
  assert_null(sw_str_c(NULL).p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_injected_sources),
      cmocka_unit_test(test_ids),
      cmocka_unit_test(test_log_hook),
      cmocka_unit_test(test_string_views),
  };
  return cmocka_run_group_tests_name("base/ctx", tests, NULL, NULL);
}
