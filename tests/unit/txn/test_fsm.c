/* Transaction machines (RFC 3261 17, RFC 6026): exact retransmission and
 * timeout times at 0% loss, the paths of figures 5-8, and absorption of
 * late or repeated input. */
#include "testutil.h"
#include "../../../lib/txn/fsm.h"

static const sw_txn_timers UDP = {500, 4000, 5000, 0}, TCP = {500, 4000, 5000, 1};

/* Run timers only, from `now` until the machine terminates or `until`;
 * record the times of ACT_SEND_REQUEST / ACT_RESEND_RESPONSE and the end. */
typedef struct trace {
  uint64_t sends[64];
  int nsends;
  uint64_t end;
  unsigned end_actions;
} trace;

static void run_timers(sw_txn_rt *rt, uint64_t until, trace *tr) {
  for (;;) {
    uint64_t t = sw_txn_rt_next_(rt);
    if (t == UINT64_MAX || t > until) return;
    unsigned a = sw_txn_rt_event_(rt, sw_txn_rt_due_(rt, t), t);
    if (a & (ACT_SEND_REQUEST | ACT_RESEND_RESPONSE)) tr->sends[tr->nsends++] = t;
    if (rt->state == ST_TERMINATED) {
      tr->end = t;
      tr->end_actions = a;
      return;
    }
  }
}

static void assert_times(const trace *tr, const uint64_t *want, int n) {
  if (tr->nsends != n) fail_msg("%d sends, expected %d", tr->nsends, n);
  for (int i = 0; i < n; i++)
    if (tr->sends[i] != want[i]) fail_msg("send %d at %llu, expected %llu", i, (unsigned long long)tr->sends[i], (unsigned long long)want[i]);
}

/* 17.1.1.2: INVITE at 0, then Timer A doubling without a cap: 0.5, 1.5, 3.5,
 * 7.5, 15.5, 31.5 s; Timer B (64*T1) ends it at 32 s with a timeout. */
static void test_ict_schedule(void **state) {
  (void)state;
  sw_txn_rt rt;
  trace tr = {0};
  sw_txn_rt_init_(&rt, SW_ICT, &UDP);
  assert_true(sw_txn_rt_event_(&rt, EV_START, 0) & ACT_SEND_REQUEST);
  tr.sends[tr.nsends++] = 0;
  run_timers(&rt, 100000, &tr);
  static const uint64_t want[] = {0, 500, 1500, 3500, 7500, 15500, 31500};
  assert_times(&tr, want, 7);
  assert_int_equal(tr.end, 32000);
  assert_true(tr.end_actions & ACT_TIMEOUT);
  /* Over TCP: no retransmission, the same timeout. */
  memset(&tr, 0, sizeof tr);
  sw_txn_rt_init_(&rt, SW_ICT, &TCP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  run_timers(&rt, 100000, &tr);
  assert_int_equal(tr.nsends, 0);
  assert_int_equal(tr.end, 32000);
  /* Timer A really has no cap: with T2 = 1 s it still doubles past it. */
  sw_txn_timers small = {500, 1000, 5000, 0};
  memset(&tr, 0, sizeof tr);
  sw_txn_rt_init_(&rt, SW_ICT, &small);
  sw_txn_rt_event_(&rt, EV_START, 0);
  run_timers(&rt, 100000, &tr);
  assert_int_equal(tr.sends[5], 31500);
}

/* 17.1.2.2: Timer E doubles up to T2 (4 s), F ends it at 32 s: 11 sends. */
static void test_nict_schedule(void **state) {
  (void)state;
  sw_txn_rt rt;
  trace tr = {0};
  sw_txn_rt_init_(&rt, SW_NICT, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  tr.sends[tr.nsends++] = 0;
  run_timers(&rt, 100000, &tr);
  static const uint64_t want[] = {0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500};
  assert_times(&tr, want, 11);
  assert_int_equal(tr.end, 32000);
  assert_true(tr.end_actions & ACT_TIMEOUT);
  /* A provisional response at 0.7 s: from the next firing on, every T2. */
  memset(&tr, 0, sizeof tr);
  sw_txn_rt_init_(&rt, SW_NICT, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  run_timers(&rt, 700, &tr);
  assert_true(sw_txn_rt_event_(&rt, EV_RX_1XX, 700) & ACT_PASS_UP);
  assert_int_equal(rt.state, ST_PROCEEDING);
  run_timers(&rt, 100000, &tr);
  static const uint64_t want2[] = {500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500};
  assert_times(&tr, want2, 9);
  /* A final response: passed up once, Timer K (T4) absorbs retransmissions. */
  sw_txn_rt_init_(&rt, SW_NICT, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  assert_true(sw_txn_rt_event_(&rt, EV_RX_2XX, 100) & ACT_PASS_UP);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_2XX, 200), ACT_IGNORE);
  assert_int_equal(sw_txn_rt_next_(&rt), 5100);
  memset(&tr, 0, sizeof tr);
  run_timers(&rt, 100000, &tr);
  assert_int_equal(tr.end, 5100);
  assert_int_equal(tr.nsends, 0);
}

/* 17.2.1: a final response resent on Timer G (capped at T2) until the ACK;
 * Timer I (T4) then ends it; without an ACK, Timer H times out at 32 s. */
static void test_ist_schedule(void **state) {
  (void)state;
  sw_txn_rt rt;
  trace tr = {0};
  sw_txn_rt_init_(&rt, SW_IST, &UDP);
  assert_true(sw_txn_rt_event_(&rt, EV_START, 0) & ACT_PASS_UP);
  assert_true(sw_txn_rt_event_(&rt, EV_RX_REQUEST, 10) & ACT_RESEND_RESPONSE); /* 100 again */
  assert_true(sw_txn_rt_event_(&rt, EV_TU_FINAL, 0) & ACT_SEND_RESPONSE);
  run_timers(&rt, 100000, &tr);
  static const uint64_t want[] = {500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500};
  assert_times(&tr, want, 10);
  assert_int_equal(tr.end, 32000);
  assert_true(tr.end_actions & ACT_TIMEOUT);
  sw_txn_rt_init_(&rt, SW_IST, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  sw_txn_rt_event_(&rt, EV_TU_FINAL, 0);
  memset(&tr, 0, sizeof tr);
  run_timers(&rt, 2000, &tr);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_ACK, 2000), 0);
  assert_int_equal(rt.state, ST_CONFIRMED);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_ACK, 2100), ACT_IGNORE); /* absorbed */
  run_timers(&rt, 100000, &tr);
  assert_int_equal(tr.end, 7000);
  /* RFC 6026: a 2xx moves to Accepted; INVITE retransmissions are absorbed,
   * the TU's 2xx retransmissions go out, Timer L ends it. */
  sw_txn_rt_init_(&rt, SW_IST, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  assert_true(sw_txn_rt_event_(&rt, EV_TU_2XX, 50) & ACT_SEND_RESPONSE);
  assert_int_equal(rt.state, ST_ACCEPTED);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_REQUEST, 60), ACT_IGNORE);
  assert_true(sw_txn_rt_event_(&rt, EV_TU_2XX, 550) & ACT_SEND_RESPONSE);
  assert_int_equal(sw_txn_rt_next_(&rt), 32050);
}

/* ICT paths: 1xx then a final (ACK sent, retransmissions ACKed again, D ends
 * it at 32 s over UDP and at once over TCP); 2xx to Accepted and M. */
static void test_ict_paths(void **state) {
  (void)state;
  sw_txn_rt rt;
  sw_txn_rt_init_(&rt, SW_ICT, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_1XX, 100), ACT_PASS_UP);
  assert_int_equal(sw_txn_rt_next_(&rt), UINT64_MAX); /* no A, no B in Proceeding */
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_FINAL, 200), ACT_PASS_UP | ACT_SEND_ACK);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_FINAL, 300), ACT_SEND_ACK);
  assert_int_equal(sw_txn_rt_next_(&rt), 32200);
  sw_txn_rt_init_(&rt, SW_ICT, &TCP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  sw_txn_rt_event_(&rt, EV_RX_FINAL, 200);
  assert_int_equal(sw_txn_rt_next_(&rt), 200); /* D = 0 over TCP */
  sw_txn_rt_init_(&rt, SW_ICT, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_2XX, 100), ACT_PASS_UP);
  assert_int_equal(rt.state, ST_ACCEPTED);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_2XX, 600), ACT_PASS_UP); /* each 2xx to the TU */
  assert_int_equal(sw_txn_rt_event_(&rt, EV_RX_1XX, 700), ACT_IGNORE);
  assert_int_equal(sw_txn_rt_next_(&rt), 32100);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_TRANSPORT_ERROR, 800), ACT_IGNORE);
}

/* Everything out of place: TU events refused, network input and stale
 * timers absorbed; a terminated machine takes nothing. */
static void test_table_rules(void **state) {
  (void)state;
  for (int k = 0; k < SW_TXN_KINDS; k++)
    for (int s = 0; s < ST_COUNT; s++)
      for (int e = 0; e < EV_COUNT; e++) {
        sw_txn_step st = sw_txn_fsm_((sw_txn_kind)k, (sw_txn_state)s, (sw_txn_event)e);
        int tu = e == EV_START || e == EV_TU_1XX || e == EV_TU_2XX || e == EV_TU_FINAL;
        if (s == ST_TERMINATED) {
          assert_int_equal(st.next, ST_TERMINATED);
          assert_true(st.actions & (tu ? ACT_INVALID : ACT_IGNORE));
        }
        if (st.next == ST_TERMINATED && s != ST_TERMINATED) assert_int_equal(st.stop, 0x1fff);
        /* Clients never see TU response events; servers never client events. */
        int client = k == SW_ICT || k == SW_NICT;
        if (client && (e == EV_TU_1XX || e == EV_TU_2XX || e == EV_TU_FINAL)) assert_true(st.actions & ACT_INVALID);
        if (!client && (e == EV_RX_1XX || e == EV_RX_2XX || e == EV_RX_FINAL)) assert_true(st.actions & ACT_IGNORE);
      }
  sw_txn_rt rt;
  sw_txn_rt_init_(&rt, SW_NIST, &UDP);
  sw_txn_rt_event_(&rt, EV_START, 0);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_START, 0), ACT_INVALID); /* started twice */
  sw_txn_rt_event_(&rt, EV_TU_FINAL, 0);
  assert_int_equal(sw_txn_rt_event_(&rt, EV_TU_2XX, 0), ACT_INVALID); /* a second final */
  assert_true(sw_txn_rt_event_(&rt, EV_RX_REQUEST, 10) & ACT_RESEND_RESPONSE);
  assert_int_equal(sw_txn_rt_next_(&rt), 32000); /* J = 64*T1 */
  assert_int_equal(sw_txn_rt_event_(&rt, EV_TIMER_A, 10), ACT_IGNORE); /* not its timer */
  assert_string_equal(sw_txn_state_name_(ST_ACCEPTED), "accepted");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ict_schedule), cmocka_unit_test(test_nict_schedule),
      cmocka_unit_test(test_ist_schedule), cmocka_unit_test(test_ict_paths),
      cmocka_unit_test(test_table_rules),
  };
  return cmocka_run_group_tests_name("txn/fsm", tests, NULL, NULL);
}
