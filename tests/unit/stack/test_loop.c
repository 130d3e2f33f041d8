/* sw_loop and a stack living in it: fd readiness, timers (order, re-arm,
 * cancel), stop; two stacks exchanging OPTIONS over real UDP sockets on
 * loopback (IPv4 and IPv6); sw_stack_post from another thread. */
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"

static int fired[8], nfired, pipe_reads;
static sw_loop *L;

static void mark(void *ud) {
  fired[nfired++] = (int)(intptr_t)ud;
  if (nfired == 3) sw_loop_stop(L);
}

static void on_pipe(int fd, unsigned ev, void *ud) {
  char c;
  (void)ud;
  assert_true(ev & SW_LOOP_READ);
  assert_int_equal(read(fd, &c, 1), 1);
  pipe_reads++;
  sw_loop_vtable_default()->del_fd(L, fd); /* removing itself during dispatch */
}

static void test_loop_basics(void **state) {
  (void)state;
  assert_int_equal(sw_loop_create(NULL, &L), 0);
  const sw_loop_vtable *vt = sw_loop_vtable_default();
  int p[2];
  assert_int_equal(pipe(p), 0);
  assert_int_equal(vt->add_fd(L, p[0], SW_LOOP_READ, on_pipe, NULL), 0);
  assert_int_equal(vt->add_fd(L, p[0], SW_LOOP_READ, on_pipe, NULL), SW_EEXIST);
  assert_int_equal(write(p[1], "x", 1), 1);
  int64_t now = (int64_t)sw_ctx_now(NULL);
  nfired = 0;
  vt->timer(L, now + 30, mark, (void *)3);
  vt->timer(L, now + 10, mark, (void *)1);
  vt->timer(L, now + 5, mark, (void *)9);
  vt->timer(L, -1, mark, (void *)9);       /* cancelled */
  vt->timer(L, now + 20, mark, (void *)2);
  vt->timer(L, now + 15, mark, (void *)2); /* re-armed earlier */
  assert_int_equal(sw_loop_run(L, now + 5000), 0);
  int want[] = {1, 2, 3};
  assert_int_equal(nfired, 3);
  assert_memory_equal(fired, want, sizeof want);
  assert_int_equal(pipe_reads, 1);
  assert_true((int64_t)sw_ctx_now(NULL) < now + 1000); /* stopped, not timed out */
  assert_int_equal(sw_loop_run(L, (int64_t)sw_ctx_now(NULL) + 20), 0); /* returns at the limit */
  close(p[0]);
  close(p[1]);
  sw_loop_destroy(L);
}

typedef struct side {
  sw_stack *st;
  sw_addr addr;
  int requests, done, status;
} side;

static void on_request(sw_stack *st, sw_server_txn *txn, const sw_msg *req, void *ud) {
  side *s = ud;
  (void)st, (void)req;
  s->requests++;
  assert_int_equal(sw_server_txn_respond(txn, 200, NULL, NULL, NULL, NULL, NULL, 0), 0);
}

static void on_response(sw_client_txn *t, const sw_msg *resp, void *ud) {
  side *s = ud;
  (void)t;
  s->status = sw_msg_status(resp);
}

static void on_done(sw_client_txn *t, int result, void *ud) {
  side *s = ud;
  (void)t;
  s->done = 1 + result;
  sw_loop_stop(L);
}

static void options_over(const char *any) {
  side a = {0}, b = {0};
  sw_stack_handlers h = {sizeof h, NULL, on_request, NULL, NULL};
  assert_int_equal(sw_loop_create(NULL, &L), 0);
  assert_int_equal(sw_stack_create(NULL, NULL, &h, &a, &a.st), 0);
  assert_int_equal(sw_stack_create(NULL, NULL, &h, &b, &b.st), 0);
  const sw_loop_vtable *vt = sw_loop_vtable_default();
  assert_int_equal(sw_stack_attach(a.st, vt, L), 0);
  assert_int_equal(sw_stack_attach(b.st, vt, L), 0);
  assert_int_equal(sw_stack_attach(b.st, vt, L), SW_EINVAL);
  sw_addr want;
  assert_int_equal(sw_addr_parse(any, &want), 0);
  assert_int_equal(sw_stack_listen(a.st, &want, &a.addr), 0);
  assert_int_equal(sw_stack_listen(b.st, &want, &b.addr), 0);
  assert_true(a.addr.port != 0 && a.addr.port != b.addr.port);
  char ruri[96], buf[64];
  size_t n;
  sw_addr_format(&b.addr, buf, sizeof buf, &n);
  snprintf(ruri, sizeof ruri, "sip:b@%s", strchr(buf, ':') + 1);
  sw_arena *ar;
  sw_msg *m;
  assert_int_equal(sw_arena_create(NULL, 0, &ar), 0);
  assert_int_equal(sw_msg_new_request(ar, "OPTIONS", ruri, &m), 0);
  assert_int_equal(sw_msg_add_header(m, "From", "<sip:a@example.com>;tag=1"), 0);
  assert_int_equal(sw_msg_add_header(m, "To", "<sip:b@example.com>"), 0);
  assert_int_equal(sw_msg_add_header(m, "Call-ID", "loop-test"), 0);
  assert_int_equal(sw_msg_add_header(m, "CSeq", "1 OPTIONS"), 0);
  sw_client_handlers ch = {sizeof ch, on_response, on_done};
  assert_int_equal(sw_stack_send_request(a.st, m, &a.addr, &b.addr, &ch, &a, NULL), 0);
  sw_arena_destroy(ar);
  assert_int_equal(sw_loop_run(L, (int64_t)sw_ctx_now(NULL) + 5000), 0);
  assert_int_equal(a.done, 1); /* result 0 */
  assert_int_equal(a.status, 200);
  assert_int_equal(b.requests, 1);
  sw_stack_destroy(a.st);
  sw_stack_destroy(b.st);
  sw_loop_destroy(L);
}

static void test_udp_ipv4(void **state) {
  (void)state;
  options_over("udp:127.0.0.1:0");
}

static void test_udp_ipv6(void **state) {
  (void)state;
  int s = socket(AF_INET6, SOCK_DGRAM, 0);
  struct sockaddr_in6 sa = {0};
  sa.sin6_family = AF_INET6;
  sa.sin6_addr = in6addr_loopback;
  int ok = s >= 0 && bind(s, (struct sockaddr *)&sa, sizeof sa) == 0;
  if (s >= 0) close(s);
  if (!ok) {
    fprintf(stderr, "notice: no IPv6 loopback here, test skipped\n");
    skip();
  }
  options_over("udp:[::1]:0");
}

/* The one thread-safe call: 1,000 tasks posted from another thread run on
 * the loop's thread, all of them, in posting order. */
typedef struct posts {
  sw_stack *st;
  int seen, in_order;
  pthread_t loop_thread;
} posts;
static posts P;

static void task(void *arg) {
  int i = (int)(intptr_t)arg;
  if (i != P.seen || !pthread_equal(pthread_self(), P.loop_thread)) P.in_order = 0;
  if (++P.seen == 1000) sw_loop_stop(L);
}

static void *poster(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) assert_int_equal(sw_stack_post(P.st, task, (void *)(intptr_t)i), 0);
  return NULL;
}

static void test_post_from_thread(void **state) {
  (void)state;
  sw_stack_handlers h = {sizeof h, NULL, NULL, NULL, NULL};
  assert_int_equal(sw_loop_create(NULL, &L), 0);
  memset(&P, 0, sizeof P);
  P.in_order = 1;
  P.loop_thread = pthread_self();
  assert_int_equal(sw_stack_create(NULL, NULL, &h, NULL, &P.st), 0);
  assert_int_equal(sw_stack_post(P.st, task, NULL), SW_EINVAL); /* not attached */
  assert_int_equal(sw_stack_attach(P.st, sw_loop_vtable_default(), L), 0);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, poster, NULL), 0);
  assert_int_equal(sw_loop_run(L, (int64_t)sw_ctx_now(NULL) + 10000), 0);
  pthread_join(t, NULL);
  assert_int_equal(P.seen, 1000);
  assert_true(P.in_order);
  sw_stack_destroy(P.st);
  sw_loop_destroy(L);
}

/* Regression (review): input the application feeds itself to an attached
 * stack re-arms the loop timer, so a refused INVITE's final response is
 * still resent on Timer G (T1 = 20 ms here). */
static int app_sends;
static int count_send(sw_stack *st, const sw_addr *l, const sw_addr *to, const void *b, size_t n, void *ud) {
  (void)st, (void)l, (void)to, (void)b, (void)n, (void)ud;
  app_sends++;
  return 0;
}

static void test_app_fed_input_rearms(void **state) {
  (void)state;
  sw_stack_config cfg;
  sw_stack_config_init(&cfg);
  cfg.t1_ms = 20;
  cfg.t2_ms = 80;
  sw_stack_handlers h = {sizeof h, count_send, NULL, NULL, NULL};
  sw_stack *st;
  assert_int_equal(sw_loop_create(NULL, &L), 0);
  assert_int_equal(sw_stack_create(NULL, &cfg, &h, NULL, &st), 0);
  assert_int_equal(sw_stack_attach(st, sw_loop_vtable_default(), L), 0);
  static const char inv[] = "INVITE sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\n"
                            "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\nCall-ID: rearm\r\n"
                            "CSeq: 1 INVITE\r\nRequire: nothing\r\nContent-Length: 0\r\n\r\n";
  sw_addr local, from;
  sw_addr_parse("udp:127.0.0.1:5998", &local);
  sw_addr_parse("udp:127.0.0.1:5999", &from);
  app_sends = 0;
  assert_int_equal(sw_stack_recv(st, &local, &from, inv, sizeof inv - 1), 0);
  assert_int_equal(app_sends, 1); /* the 420 */
  assert_int_equal(sw_loop_run(L, (int64_t)sw_ctx_now(NULL) + 150), 0);
  assert_true(app_sends >= 3); /* resent at 20 and 60 ms */
  sw_stack_destroy(st);
  sw_loop_destroy(L);
}

/* Regression (review): a posted task may destroy its stack (STYLE.md: a
 * callback may destroy the object it is called for); the rest of the queue
 * is dropped, nothing is touched afterwards (ASan checks). */
static int after;
static void destroy_task(void *arg) {
  sw_stack_destroy(arg);
  sw_loop_stop(L);
}
static void later_task(void *arg) {
  (void)arg;
  after++;
}

static void test_destroy_from_task(void **state) {
  (void)state;
  sw_stack_handlers h = {sizeof h, NULL, NULL, NULL, NULL};
  sw_stack *st;
  assert_int_equal(sw_loop_create(NULL, &L), 0);
  assert_int_equal(sw_stack_create(NULL, NULL, &h, NULL, &st), 0);
  assert_int_equal(sw_stack_attach(st, sw_loop_vtable_default(), L), 0);
  after = 0;
  assert_int_equal(sw_stack_post(st, destroy_task, st), 0);
  assert_int_equal(sw_stack_post(st, later_task, NULL), 0);
  assert_int_equal(sw_loop_run(L, (int64_t)sw_ctx_now(NULL) + 2000), 0);
  assert_int_equal(after, 0);
  sw_loop_destroy(L);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_loop_basics), cmocka_unit_test(test_udp_ipv4),
      cmocka_unit_test(test_udp_ipv6), cmocka_unit_test(test_post_from_thread),
      cmocka_unit_test(test_app_fed_input_rearms), cmocka_unit_test(test_destroy_from_task),
  };
  return cmocka_run_group_tests_name("stack/loop", tests, NULL, NULL);
}
