/* The four transaction machines of RFC 3261 section 17 (figures 5-8) with
 * RFC 6026's Accepted states, as one table: [kind][state][event] -> step.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "fsm.h"

#define TM(x) (1u << TM_##x)
#define S(next, act, start, stop) {(next), (act), (start), (stop)}
#define ALL_TIMERS 0x1fffu

static const sw_txn_step fsm[SW_TXN_KINDS][ST_COUNT][EV_COUNT] = {
    /* INVITE client (17.1.1, figure 5; RFC 6026 7.2). */
    [SW_ICT] = {
        [ST_NONE] = {
            [EV_START] = S(ST_CALLING, ACT_SEND_REQUEST, TM(A) | TM(B), 0),
        },
        [ST_CALLING] = {
            [EV_TIMER_A] = S(ST_CALLING, ACT_SEND_REQUEST, TM(A), 0),
            [EV_TIMER_B] = S(ST_TERMINATED, ACT_TIMEOUT, 0, ALL_TIMERS),
            [EV_RX_1XX] = S(ST_PROCEEDING, ACT_PASS_UP, 0, TM(A) | TM(B)),
            [EV_RX_2XX] = S(ST_ACCEPTED, ACT_PASS_UP, TM(M), TM(A) | TM(B)),
            [EV_RX_FINAL] = S(ST_COMPLETED, ACT_PASS_UP | ACT_SEND_ACK, TM(D), TM(A) | TM(B)),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_PROCEEDING] = {
            [EV_RX_1XX] = S(ST_PROCEEDING, ACT_PASS_UP, 0, 0),
            [EV_RX_2XX] = S(ST_ACCEPTED, ACT_PASS_UP, TM(M), 0),
            [EV_RX_FINAL] = S(ST_COMPLETED, ACT_PASS_UP | ACT_SEND_ACK, TM(D), 0),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_COMPLETED] = {
            /* A retransmitted final response is ACKed again, not passed up. */
            [EV_RX_FINAL] = S(ST_COMPLETED, ACT_SEND_ACK, 0, 0),
            [EV_TIMER_D] = S(ST_TERMINATED, 0, 0, ALL_TIMERS),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_ACCEPTED] = {
            /* RFC 6026: further 2xx go to the TU, which ACKs each. */
            [EV_RX_2XX] = S(ST_ACCEPTED, ACT_PASS_UP, 0, 0),
            [EV_TIMER_M] = S(ST_TERMINATED, 0, 0, ALL_TIMERS),
        },
    },
    /* Non-INVITE client (17.1.2, figure 6). */
    [SW_NICT] = {
        [ST_NONE] = {
            [EV_START] = S(ST_TRYING, ACT_SEND_REQUEST, TM(E) | TM(F), 0),
        },
        [ST_TRYING] = {
            [EV_TIMER_E] = S(ST_TRYING, ACT_SEND_REQUEST, TM(E), 0),
            [EV_TIMER_F] = S(ST_TERMINATED, ACT_TIMEOUT, 0, ALL_TIMERS),
            [EV_RX_1XX] = S(ST_PROCEEDING, ACT_PASS_UP, 0, 0),
            [EV_RX_2XX] = S(ST_COMPLETED, ACT_PASS_UP, TM(K), TM(E) | TM(F)),
            [EV_RX_FINAL] = S(ST_COMPLETED, ACT_PASS_UP, TM(K), TM(E) | TM(F)),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_PROCEEDING] = {
            [EV_TIMER_E] = S(ST_PROCEEDING, ACT_SEND_REQUEST, TM(E), 0),
            [EV_TIMER_F] = S(ST_TERMINATED, ACT_TIMEOUT, 0, ALL_TIMERS),
            [EV_RX_1XX] = S(ST_PROCEEDING, ACT_PASS_UP, 0, 0),
            [EV_RX_2XX] = S(ST_COMPLETED, ACT_PASS_UP, TM(K), TM(E) | TM(F)),
            [EV_RX_FINAL] = S(ST_COMPLETED, ACT_PASS_UP, TM(K), TM(E) | TM(F)),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_COMPLETED] = {
            [EV_TIMER_K] = S(ST_TERMINATED, 0, 0, ALL_TIMERS),
        },
    },
    /* INVITE server (17.2.1, figure 7; RFC 6026 7.1). */
    [SW_IST] = {
        [ST_NONE] = {
            [EV_START] = S(ST_PROCEEDING, ACT_PASS_UP, 0, 0),
        },
        [ST_PROCEEDING] = {
            [EV_RX_REQUEST] = S(ST_PROCEEDING, ACT_RESEND_RESPONSE, 0, 0),
            [EV_TU_1XX] = S(ST_PROCEEDING, ACT_SEND_RESPONSE, 0, 0),
            [EV_TU_2XX] = S(ST_ACCEPTED, ACT_SEND_RESPONSE, TM(L), 0),
            [EV_TU_FINAL] = S(ST_COMPLETED, ACT_SEND_RESPONSE, TM(G) | TM(H), 0),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_COMPLETED] = {
            [EV_RX_REQUEST] = S(ST_COMPLETED, ACT_RESEND_RESPONSE, 0, 0),
            [EV_TIMER_G] = S(ST_COMPLETED, ACT_RESEND_RESPONSE, TM(G), 0),
            [EV_RX_ACK] = S(ST_CONFIRMED, 0, TM(I), TM(G) | TM(H)),
            [EV_TIMER_H] = S(ST_TERMINATED, ACT_TIMEOUT, 0, ALL_TIMERS),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_CONFIRMED] = {
            [EV_TIMER_I] = S(ST_TERMINATED, 0, 0, ALL_TIMERS),
        },
        [ST_ACCEPTED] = {
            /* RFC 6026: INVITE retransmissions absorbed; the TU resends its 2xx. */
            [EV_TU_2XX] = S(ST_ACCEPTED, ACT_SEND_RESPONSE, 0, 0),
            [EV_RX_ACK] = S(ST_ACCEPTED, ACT_PASS_UP, 0, 0),
            [EV_TIMER_L] = S(ST_TERMINATED, 0, 0, ALL_TIMERS),
        },
    },
    /* Non-INVITE server (17.2.2, figure 8). */
    [SW_NIST] = {
        [ST_NONE] = {
            [EV_START] = S(ST_TRYING, ACT_PASS_UP, 0, 0),
        },
        [ST_TRYING] = {
            [EV_TU_1XX] = S(ST_PROCEEDING, ACT_SEND_RESPONSE, 0, 0),
            [EV_TU_2XX] = S(ST_COMPLETED, ACT_SEND_RESPONSE, TM(J), 0),
            [EV_TU_FINAL] = S(ST_COMPLETED, ACT_SEND_RESPONSE, TM(J), 0),
        },
        [ST_PROCEEDING] = {
            [EV_RX_REQUEST] = S(ST_PROCEEDING, ACT_RESEND_RESPONSE, 0, 0),
            [EV_TU_1XX] = S(ST_PROCEEDING, ACT_SEND_RESPONSE, 0, 0),
            [EV_TU_2XX] = S(ST_COMPLETED, ACT_SEND_RESPONSE, TM(J), 0),
            [EV_TU_FINAL] = S(ST_COMPLETED, ACT_SEND_RESPONSE, TM(J), 0),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
        [ST_COMPLETED] = {
            [EV_RX_REQUEST] = S(ST_COMPLETED, ACT_RESEND_RESPONSE, 0, 0),
            [EV_TIMER_J] = S(ST_TERMINATED, 0, 0, ALL_TIMERS),
            [EV_TRANSPORT_ERROR] = S(ST_TERMINATED, ACT_TRANSPORT_ERR, 0, ALL_TIMERS),
        },
    },
};

/* Events a TU causes: out of place, they are a programming error of the TU. */
static int tu_event(sw_txn_event ev) {
  return ev == EV_START || ev == EV_TU_1XX || ev == EV_TU_2XX || ev == EV_TU_FINAL;
}

sw_txn_step sw_txn_fsm_(sw_txn_kind kind, sw_txn_state state, sw_txn_event ev) {
  sw_txn_step none = {(uint8_t)state, ACT_IGNORE, 0, 0};
  if ((unsigned)kind >= SW_TXN_KINDS || (unsigned)state >= ST_COUNT || (unsigned)ev >= EV_COUNT) {
    none.actions = ACT_INVALID;
    return none;
  }
  sw_txn_step s = fsm[kind][state][ev];
  if (s.next != ST_NONE) return s;
  /* Not in the table: late or repeated network input and stale timers are
   * absorbed; a TU event is refused. */
  if (tu_event(ev)) none.actions = ACT_INVALID;
  return none;
}

uint32_t sw_txn_timer_first_(const sw_txn_timers *tv, sw_txn_timer t) {
  uint32_t t1x64 = 64 * tv->t1;
  switch (t) {
  case TM_A: case TM_E: case TM_G: /* retransmissions: unreliable transports only */
    return tv->reliable ? SW_TXN_NO_TIMER : tv->t1;
  case TM_B: case TM_F: case TM_H: case TM_L: case TM_M:
    return t1x64;
  case TM_D: /* at least 32 s over UDP (17.1.1.2) */
    return tv->reliable ? 0 : (t1x64 > 32000 ? t1x64 : 32000);
  case TM_I: case TM_K:
    return tv->reliable ? 0 : tv->t4;
  case TM_J:
    return tv->reliable ? 0 : t1x64;
  default:
    return SW_TXN_NO_TIMER;
  }
}

uint32_t sw_txn_timer_next_(const sw_txn_timers *tv, sw_txn_timer t, sw_txn_state state, uint32_t cur) {
  uint32_t twice = cur > UINT32_MAX / 2 ? UINT32_MAX : cur * 2;
  switch (t) {
  case TM_A: /* doubles without a cap (17.1.1.2) */
    return twice;
  case TM_E: /* min(2E, T2) while Trying, T2 once Proceeding (17.1.2.2) */
    return state == ST_PROCEEDING ? tv->t2 : (twice < tv->t2 ? twice : tv->t2);
  case TM_G: /* min(2G, T2) (17.2.1) */
    return twice < tv->t2 ? twice : tv->t2;
  default:
    return SW_TXN_NO_TIMER;
  }
}

const char *sw_txn_state_name_(sw_txn_state s) {
  static const char *const names[ST_COUNT] = {"none", "calling", "trying", "proceeding",
                                              "completed", "confirmed", "accepted", "terminated"};
  return (unsigned)s < ST_COUNT ? names[s] : "?";
}
