/* A transaction machine with its timers: applies the table's steps and
 * keeps the retransmission intervals (A doubles without cap, E and G up to
 * T2, E at T2 once Proceeding).
 * SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "fsm.h"

static const sw_txn_event timer_event[TM_COUNT] = {
    [TM_A] = EV_TIMER_A, [TM_B] = EV_TIMER_B, [TM_C] = EV_COUNT,   [TM_D] = EV_TIMER_D,
    [TM_E] = EV_TIMER_E, [TM_F] = EV_TIMER_F, [TM_G] = EV_TIMER_G, [TM_H] = EV_TIMER_H,
    [TM_I] = EV_TIMER_I, [TM_J] = EV_TIMER_J, [TM_K] = EV_TIMER_K, [TM_L] = EV_TIMER_L,
    [TM_M] = EV_TIMER_M,
};

void sw_txn_rt_init_(sw_txn_rt *rt, sw_txn_kind kind, const sw_txn_timers *tv) {
  memset(rt, 0, sizeof *rt);
  rt->kind = kind;
  rt->state = ST_NONE;
  rt->tv = *tv;
  for (int t = 0; t < TM_COUNT; t++) rt->due[t] = UINT64_MAX;
}

unsigned sw_txn_rt_event_(sw_txn_rt *rt, sw_txn_event ev, uint64_t now) {
  sw_txn_step s = sw_txn_fsm_(rt->kind, rt->state, ev);
  if (s.actions & ACT_INVALID) return s.actions;
  int fired = -1; /* the timer whose event this is */
  for (int t = 0; t < TM_COUNT; t++)
    if (timer_event[t] == ev) fired = t;
  if (fired >= 0) {
    if (rt->due[fired] == UINT64_MAX) return ACT_IGNORE; /* stopped meanwhile */
    rt->due[fired] = UINT64_MAX;
  }
  rt->state = (sw_txn_state)s.next;
  for (int t = 0; t < TM_COUNT; t++) {
    if (s.stop & (1u << t)) rt->due[t] = UINT64_MAX;
    if (!(s.start & (1u << t))) continue;
    uint32_t d = t == fired ? sw_txn_timer_next_(&rt->tv, (sw_txn_timer)t, rt->state, rt->interval[t])
                            : sw_txn_timer_first_(&rt->tv, (sw_txn_timer)t);
    if (d == SW_TXN_NO_TIMER) continue;
    rt->interval[t] = d;
    rt->due[t] = now + d;
  }
  return s.actions;
}

uint64_t sw_txn_rt_next_(const sw_txn_rt *rt) {
  uint64_t m = UINT64_MAX;
  for (int t = 0; t < TM_COUNT; t++)
    if (rt->due[t] < m) m = rt->due[t];
  return m;
}

sw_txn_event sw_txn_rt_due_(const sw_txn_rt *rt, uint64_t now) {
  int best = -1;
  for (int t = 0; t < TM_COUNT; t++)
    if (rt->due[t] <= now && (best < 0 || rt->due[t] < rt->due[best])) best = t;
  return best < 0 ? EV_COUNT : timer_event[best];
}
