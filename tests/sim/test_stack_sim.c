/* Two sw_stacks talking SIP over the simulated network: OPTIONS and an
 * INVITE refused with 486 (ACKed by the client transaction) at 0% loss with
 * exact message counts; 1,000 seeded runs of each over lossy links with
 * invariants; RFC 4475 messages fed to a stack acting as UAS. */
#include "sim.h"
#include "testutil.h"

typedef struct node {
  sim_net *net;
  int id, peer;
  sw_addr addr, peer_addr;
  sw_ctx *ctx;
  sw_stack *st;
  long timer;
  unsigned sent, requests, acks;
  char last_sent[2048];
  size_t last_len;
  int answer;            /* UAS: status for INVITE */
  uint32_t answer_after; /* UAS: ms */
  sw_server_txn *pending;
  /* UAC */
  int done_calls, result, finals, provisionals, last_status;
} node;

static void arm(node *n);

static void on_timer(void *ud) {
  node *n = ud;
  n->timer = -1;
  sw_stack_tick(n->st, sim_now(n->net));
  arm(n);
}

static void arm(node *n) {
  if (n->timer >= 0) sim_timer_cancel(n->net, n->timer);
  int64_t t = sw_stack_next_timeout(n->st);
  n->timer = t < 0 ? -1 : sim_timer(n->net, (uint64_t)t, on_timer, n);
}

static int send_cb(sw_stack *st, const sw_addr *local, const sw_addr *to, const void *b, size_t len, void *ud) {
  node *n = ud;
  (void)st, (void)local;
  assert_true(sw_addr_equal(to, &n->peer_addr));
  n->sent++;
  if (len < sizeof n->last_sent) {
    memcpy(n->last_sent, b, len);
    n->last_sent[len] = '\0';
    n->last_len = len;
  }
  return sim_send(n->net, n->id, n->peer, b, len);
}

static void on_recv(void *ud, int from, const uint8_t *data, size_t len) {
  node *n = ud;
  (void)from;
  assert_int_equal(sw_stack_recv(n->st, &n->addr, &n->peer_addr, data, len), 0);
  arm(n);
}

static void answer_later(void *ud) {
  node *n = ud;
  if (n->pending) assert_int_equal(sw_server_txn_respond(n->pending, n->answer, NULL, NULL, NULL, NULL, NULL, 0), 0);
  n->pending = NULL;
  arm(n);
}

static void on_request(sw_stack *st, sw_server_txn *txn, const sw_msg *req, void *ud) {
  node *n = ud;
  (void)st;
  if (!txn) { /* an ACK to a 2xx */
    n->acks++;
    return;
  }
  n->requests++;
  if (sw_msg_method(req) == SW_METHOD_INVITE) {
    assert_int_equal(sw_server_txn_respond(txn, 180, NULL, NULL, NULL, NULL, NULL, 0), 0);
    n->pending = txn;
    sim_timer(n->net, sim_now(n->net) + n->answer_after, answer_later, n);
  } else {
    assert_int_equal(sw_server_txn_respond(txn, 200, NULL, NULL, "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n", NULL, NULL, 0), 0);
  }
}

static void on_response(sw_client_txn *t, const sw_msg *resp, void *ud) {
  node *n = ud;
  (void)t;
  n->last_status = sw_msg_status(resp);
  if (n->last_status < 200) n->provisionals++;
  else n->finals++;
}

static void on_done(sw_client_txn *t, int result, void *ud) {
  node *n = ud;
  (void)t;
  n->done_calls++;
  n->result = result;
}

static void make_node(node *n, sim_net *net, const char *addr, const char *peer) {
  memset(n, 0, sizeof *n);
  n->net = net;
  n->timer = -1;
  n->id = sim_node(net, on_recv, n);
  assert_int_equal(sw_addr_parse(addr, &n->addr), 0);
  assert_int_equal(sw_addr_parse(peer, &n->peer_addr), 0);
  sw_ctx_config cc;
  sw_ctx_config_init(&cc);
  cc.clock = sim_clock;
  cc.clock_user_data = net;
  cc.rng = sim_random;
  cc.rng_user_data = net;
  assert_int_equal(sw_ctx_create(&cc, &n->ctx), 0);
  sw_stack_handlers h = {sizeof h, send_cb, on_request, NULL, NULL};
  static const char *const types[] = {"application/sdp", "text/plain", NULL};
  sw_stack_config cfg;
  sw_stack_config_init(&cfg);
  cfg.content_types = types;
  cfg.server = "sipwire-test";
  assert_int_equal(sw_stack_create(n->ctx, &cfg, &h, n, &n->st), 0);
}

static void free_node(node *n) {
  sw_stack_destroy(n->st);
  sw_ctx_destroy(n->ctx);
}

static sw_msg *request(sw_arena *a, const char *method, int seq) {
  sw_msg *m;
  char cseq[32];
  snprintf(cseq, sizeof cseq, "%d %s", seq, method);
  assert_int_equal(sw_msg_new_request(a, method, "sip:bob@127.0.0.1:15060", &m), 0);
  assert_int_equal(sw_msg_add_header(m, "Max-Forwards", "70"), 0);
  assert_int_equal(sw_msg_add_header(m, "From", "<sip:alice@127.0.0.1:15062>;tag=a1"), 0);
  assert_int_equal(sw_msg_add_header(m, "To", "<sip:bob@127.0.0.1:15060>"), 0);
  assert_int_equal(sw_msg_add_header(m, "Call-ID", "call-1@127.0.0.1"), 0);
  assert_int_equal(sw_msg_add_header(m, "CSeq", cseq), 0);
  assert_int_equal(sw_msg_set_body(m, NULL, NULL, 0), 0);
  return m;
}

typedef struct pair {
  sim_net *net;
  node uac, uas;
} pair;

static void run_pair(pair *p, uint64_t seed, const sim_link *l, const char *method, int answer) {
  p->net = sim_new(seed);
  make_node(&p->uas, p->net, "udp:127.0.0.1:15060", "udp:127.0.0.1:15062");
  make_node(&p->uac, p->net, "udp:127.0.0.1:15062", "udp:127.0.0.1:15060");
  p->uas.peer = p->uac.id;
  p->uac.peer = p->uas.id;
  p->uas.answer = answer;
  p->uas.answer_after = 1000;
  sim_set_default_link(p->net, l);
  sw_arena *a;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  sw_client_handlers ch = {sizeof ch, on_response, on_done};
  assert_int_equal(sw_stack_send_request(p->uac.st, request(a, method, 1), &p->uac.addr, &p->uac.peer_addr, &ch, &p->uac, NULL), 0);
  sw_arena_destroy(a);
  arm(&p->uac);
  while (sim_step(p->net) && sim_now(p->net) < 300000) {
  }
}

static void free_pair(pair *p) {
  free_node(&p->uac);
  free_node(&p->uas);
  sim_free(p->net);
}

static void test_options_and_invite(void **state) {
  (void)state;
  sim_link l = {0, 0, 0, 20, 0, 0};
  pair p;
  run_pair(&p, 1, &l, "OPTIONS", 0);
  assert_int_equal(p.uac.done_calls, 1);
  assert_int_equal(p.uac.result, 0);
  assert_int_equal(p.uac.last_status, 200);
  assert_int_equal(p.uac.sent, 1); /* no retransmission at 0% loss (reply in 40 ms) */
  assert_int_equal(p.uas.sent, 1);
  assert_int_equal(p.uas.requests, 1);
  assert_non_null(strstr(p.uas.last_sent, "Server: sipwire-test\r\n"));
  assert_non_null(strstr(p.uas.last_sent, ";received=127.0.0.1")); /* rport asked: 3581 */
  assert_non_null(strstr(p.uas.last_sent, ";rport=15062"));
  assert_int_equal(sw_stack_transactions(p.uac.st), 0); /* all ended (K, J) */
  assert_int_equal(sw_stack_transactions(p.uas.st), 0);
  free_pair(&p);
  /* INVITE: 100, 180, 486 after 1 s; the client transaction ACKs it. */
  run_pair(&p, 2, &l, "INVITE", 486);
  assert_int_equal(p.uac.done_calls, 1);
  assert_int_equal(p.uac.last_status, 486);
  assert_int_equal(p.uac.provisionals, 2);
  assert_int_equal(p.uac.sent, 2); /* INVITE, ACK */
  assert_int_equal(p.uas.sent, 3); /* 100, 180, 486 */
  assert_non_null(strstr(p.uac.last_sent, "ACK sip:bob@127.0.0.1:15060 SIP/2.0\r\n"));
  assert_non_null(strstr(p.uac.last_sent, "CSeq: 1 ACK\r\n"));
  assert_int_equal(sw_stack_transactions(p.uac.st), 0);
  assert_int_equal(sw_stack_transactions(p.uas.st), 0);
  free_pair(&p);
}

/* 1,000 seeded runs each over links with up to 30% loss, duplication,
 * reordering and jitter: the client's TU ends exactly once, with the
 * server's answer or a timeout; the server's TU sees the request once;
 * both stacks end with no transaction. */
static void test_lossy_runs(void **state) {
  (void)state;
  unsigned completed = 0, runs = 0;
  for (int invite = 0; invite < 2; invite++)
    for (uint64_t seed = 1; seed <= 1000; seed++) {
      sim_net *probe = sim_new(seed * 31 + (uint64_t)invite);
      sim_link l = {0.3 * (double)sim_uniform(probe, 1001) / 1000.0, 0.05, 0.05,
                    (uint32_t)sim_uniform(probe, 100), (uint32_t)sim_uniform(probe, 200), 1000};
      sim_free(probe);
      pair p;
      run_pair(&p, seed * 31 + (uint64_t)invite, &l, invite ? "INVITE" : "OPTIONS", 486);
      runs++;
      if (p.uac.done_calls != 1 || p.uas.requests > 1 || sw_stack_transactions(p.uac.st) ||
          sw_stack_transactions(p.uas.st) || (p.uac.result && p.uac.result != SW_ETIMEDOUT) ||
          (!p.uac.result && p.uac.last_status != (invite ? 486 : 200)))
        fail_msg("%s seed %llu: done %d result %d status %d requests %u txns %u/%u", invite ? "INVITE" : "OPTIONS",
                 (unsigned long long)(seed * 31 + (uint64_t)invite), p.uac.done_calls, p.uac.result,
                 p.uac.last_status, p.uas.requests, sw_stack_transactions(p.uac.st), sw_stack_transactions(p.uas.st));
      completed += p.uac.result == 0;
      free_pair(&p);
    }
  printf("# %u of %u transactions completed at up to 30%% loss\n", completed, runs);
  assert_true(completed > runs * 95 / 100);
}

/* needle in buf[0..len), NUL bytes included (intmeth's To has one). */
static int contains(const char *buf, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(buf + i, needle, n) == 0) return 1;
  return 0;
}

/* RFC 4475 requests fed to a stack acting as UAS: the refusals of 8.2 go out
 * as responses with the headers they need; a valid request reaches the TU. */
static void test_rfc4475_through_stack(void **state) {
  (void)state;
  static const struct {
    const char *file;
    int status;
    const char *has;
  } cases[] = {
      {"intmeth.dat", 501, "\r\nAllow: INVITE, ACK, BYE, CANCEL, OPTIONS"},
      {"bext01.dat", 420, "\r\nUnsupported: nothingSupportsThis, nothingSupportsThisEither\r\n"},
      {"unkscm.dat", 416, NULL},
      {"badvers.dat", 505, NULL},
      {"insuf.dat", 400, NULL}, /* RFC 4475: "Ideally, it will respond with a 400" */
      {"invut.dat", 415, "\r\nAccept: application/sdp, text/plain\r\n"},
      {"mismatch02.dat", 501, NULL},
      {"lwsdisp.dat", 200, "\r\nAllow: INVITE"}, /* reaches the TU, which answers */
      {"zeromf.dat", 200, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[1024];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/conformance/rfc4475/%s", shared_dir(), cases[i].file);
    char *buf = slurp(path, &len);
    if (!buf) {
      shared_missing(path);
      return;
    }
    sim_net *net = sim_new(5);
    node uas;
    make_node(&uas, net, "udp:127.0.0.1:15060", "udp:192.0.2.1:5060");
    uas.peer = sim_node(net, NULL, NULL);
    /* Responses go where 18.2.2 says: these requests' Vias name other hosts
     * and no rport, so the send handler sees the sent-by, not our peer. */
    uas.peer_addr.port = 0;
    sw_stack_destroy(uas.st); /* again, with the policy of this test */
    sw_stack_config cfg;
    sw_stack_config_init(&cfg);
    static const char *const types[] = {"application/sdp", "text/plain", NULL};
    cfg.content_types = types;
    sw_stack_handlers hh = {sizeof hh, send_cb, on_request, NULL, NULL};
    assert_int_equal(sw_stack_create(uas.ctx, &cfg, &hh, &uas, &uas.st), 0);
    sw_addr from;
    assert_int_equal(sw_addr_parse("udp:192.0.2.1:5060", &from), 0);
    uas.peer_addr = from;
    int rv = sw_stack_recv(uas.st, &uas.addr, &from, buf, len);
    assert_int_equal(rv, 0);
    int status = 0;
    if (uas.sent) status = atoi(uas.last_sent + 8);
    if (status != cases[i].status) fail_msg("%s: answered %d, expected %d", cases[i].file, status, cases[i].status);
    if (cases[i].has && !contains(uas.last_sent, uas.last_len, cases[i].has)) fail_msg("%s: no %s in\n%s", cases[i].file, cases[i].has, uas.last_sent);
    free_node(&uas);
    sim_free(net);
    free(buf);
  }
}

static int cancels;
static void on_cancel(sw_stack *st, sw_server_txn *txn, void *ud) {
  node *n = ud;
  (void)st;
  cancels++;
  /* The TU answers the INVITE itself; its transaction was valid until now. */
  assert_int_equal(sw_server_txn_respond(txn, 487, NULL, NULL, NULL, NULL, NULL, 0), 0);
  n->pending = NULL;
}

static sw_client_txn *invite_txn;
static int cancel_done, cancel_status;
static void cancel_response(sw_client_txn *t, const sw_msg *resp, void *ud) {
  (void)t, (void)ud;
  cancel_status = sw_msg_status(resp);
}
static void cancel_finished(sw_client_txn *t, int result, void *ud) {
  (void)t, (void)ud;
  cancel_done = 1 + result;
}
static void send_cancel(void *ud) {
  pair *p = ud;
  sw_client_handlers ch = {sizeof ch, cancel_response, cancel_finished};
  assert_int_equal(sw_stack_cancel(p->uac.st, invite_txn, &ch, NULL, NULL), 0);
  arm(&p->uac);
}

/* 9.1/9.2: a CANCEL after the 180 matches the INVITE (same branch); the TU
 * hears of it through on_cancel and answers 487; the client ACKs the 487. */
static void test_cancel(void **state) {
  (void)state;
  sim_link l = {0, 0, 0, 20, 0, 0};
  pair p;
  p.net = sim_new(3);
  make_node(&p.uas, p.net, "udp:127.0.0.1:15060", "udp:127.0.0.1:15062");
  make_node(&p.uac, p.net, "udp:127.0.0.1:15062", "udp:127.0.0.1:15060");
  p.uas.peer = p.uac.id;
  p.uac.peer = p.uas.id;
  p.uas.answer = 200;
  p.uas.answer_after = 5000; /* too late: cancelled before */
  sim_set_default_link(p.net, &l);
  sw_stack_destroy(p.uas.st);
  sw_stack_handlers h = {sizeof h, send_cb, on_request, NULL, on_cancel};
  static const char *const types[] = {"application/sdp", "text/plain", NULL};
  sw_stack_config cfg;
  sw_stack_config_init(&cfg);
  cfg.content_types = types;
  assert_int_equal(sw_stack_create(p.uas.ctx, &cfg, &h, &p.uas, &p.uas.st), 0);
  sw_arena *a;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  sw_client_handlers ch = {sizeof ch, on_response, on_done};
  /* Cancelling before any response is refused (9.1: wait for a provisional). */
  assert_int_equal(sw_stack_send_request(p.uac.st, request(a, "INVITE", 1), &p.uac.addr, &p.uac.peer_addr, &ch, &p.uac, &invite_txn), 0);
  assert_int_equal(sw_stack_cancel(p.uac.st, invite_txn, &ch, NULL, NULL), SW_ESTATE);
  sw_arena_destroy(a);
  arm(&p.uac);
  cancels = cancel_done = cancel_status = 0;
  sim_timer(p.net, 500, send_cancel, &p);
  while (sim_step(p.net) && sim_now(p.net) < 300000) {
  }
  assert_int_equal(cancels, 1);
  assert_int_equal(cancel_status, 200);
  assert_int_equal(cancel_done, 1); /* result 0 */
  assert_int_equal(p.uac.last_status, 487);
  assert_int_equal(p.uac.done_calls, 1);
  assert_non_null(strstr(p.uac.last_sent, "ACK ")); /* the 487 was ACKed */
  assert_int_equal(sw_stack_transactions(p.uac.st), 0);
  assert_int_equal(sw_stack_transactions(p.uas.st), 0);
  free_pair(&p);
}

/* Regression (review): requests missing what a transaction needs, and
 * handlers of an unknown size, are refused up front. */
static void test_bad_requests(void **state) {
  (void)state;
  sim_net *net = sim_new(9);
  node n;
  make_node(&n, net, "udp:127.0.0.1:15062", "udp:127.0.0.1:15060");
  n.peer = sim_node(net, NULL, NULL);
  sw_arena *a;
  sw_msg *m;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  assert_int_equal(sw_msg_new_request(a, "INVITE", "sip:bob@127.0.0.1", &m), 0);
  assert_int_equal(sw_msg_add_header(m, "From", "<sip:a@127.0.0.1>;tag=1"), 0);
  sw_client_handlers ch = {sizeof ch, on_response, on_done};
  assert_int_equal(sw_stack_send_request(n.st, m, &n.addr, &n.peer_addr, &ch, &n, NULL), SW_EINVAL); /* no CSeq... */
  assert_int_equal(n.sent, 0);
  sw_client_handlers tiny = {2, on_response, on_done};
  assert_int_equal(sw_stack_send_request(n.st, request(a, "OPTIONS", 1), &n.addr, &n.peer_addr, &tiny, &n, NULL), SW_EINVAL);
  assert_int_equal(sw_stack_transactions(n.st), 0);
  sw_arena_destroy(a);
  free_node(&n);
  sim_free(net);
}

/* 8.2.2.2: the same request (From tag, Call-ID, CSeq, no To tag) arriving
 * again by another path (another branch) is a merged request: 482, through
 * a transaction of its own; the TU sees the first only. A retransmission
 * (same branch) is absorbed as before. */
static void test_merged_request(void **state) {
  (void)state;
  sim_net *net = sim_new(11);
  node uas;
  make_node(&uas, net, "udp:127.0.0.1:15060", "udp:127.0.0.1:15062");
  uas.peer = sim_node(net, NULL, NULL);
  uas.answer = 200;
  uas.answer_after = 100000; /* the TU keeps the INVITE open */
  static const char fmt[] = "INVITE sip:bob@127.0.0.1:15060 SIP/2.0\r\n"
                            "Via: SIP/2.0/UDP 127.0.0.1:15062;rport;branch=%s\r\n"
                            "From: <sip:a@127.0.0.1>;tag=m1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: merged-1\r\n"
                            "CSeq: 7 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
  char a[512], b[512];
  int na = snprintf(a, sizeof a, fmt, "z9hG4bKpathA"), nb = snprintf(b, sizeof b, fmt, "z9hG4bKpathB");
  assert_int_equal(sw_stack_recv(uas.st, &uas.addr, &uas.peer_addr, a, (size_t)na), 0);
  assert_int_equal(uas.requests, 1);
  unsigned before = uas.sent; /* 100, 180 */
  assert_int_equal(sw_stack_recv(uas.st, &uas.addr, &uas.peer_addr, a, (size_t)na), 0); /* retransmission */
  assert_int_equal(uas.requests, 1);
  assert_int_equal(uas.sent, before + 1); /* the last provisional again */
  assert_int_equal(sw_stack_recv(uas.st, &uas.addr, &uas.peer_addr, b, (size_t)nb), 0); /* merged */
  assert_int_equal(uas.requests, 1);
  assert_int_equal(atoi(uas.last_sent + 8), 482);
  assert_non_null(strstr(uas.last_sent, "branch=z9hG4bKpathB"));
  assert_int_equal(sw_stack_transactions(uas.st), 2);
  free_node(&uas);
  sim_free(net);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_options_and_invite),
      cmocka_unit_test(test_lossy_runs),
      cmocka_unit_test(test_rfc4475_through_stack),
      cmocka_unit_test(test_cancel),
      cmocka_unit_test(test_bad_requests),
      cmocka_unit_test(test_merged_request),
  };
  return cmocka_run_group_tests_name("sim/stack", tests, NULL, NULL);
}
