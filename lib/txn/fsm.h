/* Transaction state machines of RFC 3261 section 17 with RFC 6026, as
 * tables. Pure: a step takes a state and an event and says what to do; the
 * transaction object around it (matching, timers, sending) applies that.
 * Internal, not installed. SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_TXN_FSM_H
#define SW_TXN_FSM_H

#include <stdint.h>

typedef enum sw_txn_kind { SW_ICT = 0, SW_NICT, SW_IST, SW_NIST, SW_TXN_KINDS } sw_txn_kind;

/* States, shared names across the four machines (each uses a subset). */
typedef enum sw_txn_state {
  ST_NONE = 0, /* not started */
  ST_CALLING,  /* ICT */
  ST_TRYING,   /* NICT, NIST */
  ST_PROCEEDING,
  ST_COMPLETED,
  ST_CONFIRMED, /* IST */
  ST_ACCEPTED,  /* ICT, IST (RFC 6026) */
  ST_TERMINATED,
  ST_COUNT
} sw_txn_state;

typedef enum sw_txn_event {
  EV_START = 0,   /* client: TU sends the request; server: request received */
  EV_RX_1XX,      /* client: a provisional response arrives */
  EV_RX_2XX,      /* client: a 2xx arrives */
  EV_RX_FINAL,    /* client: a 300-699 arrives */
  EV_TU_1XX,      /* server: TU sends a provisional response */
  EV_TU_2XX,      /* server: TU sends a 2xx */
  EV_TU_FINAL,    /* server: TU sends a 300-699 */
  EV_RX_REQUEST,  /* server: the request again (a retransmission) */
  EV_RX_ACK,      /* IST: an ACK for a non-2xx final response */
  EV_TIMER_A, EV_TIMER_B, EV_TIMER_D, EV_TIMER_E, EV_TIMER_F, EV_TIMER_G,
  EV_TIMER_H, EV_TIMER_I, EV_TIMER_J, EV_TIMER_K, EV_TIMER_L, EV_TIMER_M,
  EV_TRANSPORT_ERROR,
  EV_COUNT
} sw_txn_event;

/* Actions, a bit set. */
#define ACT_SEND_REQUEST 0x0001u  /* send (or resend) the request */
#define ACT_SEND_ACK 0x0002u      /* ICT: ACK a non-2xx final response */
#define ACT_PASS_UP 0x0004u       /* give the response (client) or request (server) to the TU */
#define ACT_SEND_RESPONSE 0x0008u /* server: send the TU's response */
#define ACT_RESEND_RESPONSE 0x0010u /* server: send the last response again */
#define ACT_TIMEOUT 0x0020u       /* tell the TU: timed out */
#define ACT_TRANSPORT_ERR 0x0040u /* tell the TU: transport error */
#define ACT_IGNORE 0x0080u        /* absorbed (a retransmission or a late message) */
#define ACT_INVALID 0x0100u       /* the event is not allowed in this state (a TU error) */

/* Timers are numbered by letter: A=0 ... M=12. */
typedef enum sw_txn_timer {
  TM_A = 0, TM_B, TM_C, TM_D, TM_E, TM_F, TM_G, TM_H, TM_I, TM_J, TM_K, TM_L, TM_M, TM_COUNT
} sw_txn_timer;

/* What a step says: next state, actions, timers to start and to stop. */
typedef struct sw_txn_step {
  uint8_t next;
  uint16_t actions;
  uint16_t start; /* bit per sw_txn_timer */
  uint16_t stop;  /* bit per sw_txn_timer */
} sw_txn_step;

/** The step for (kind, state, event). Unlisted pairs are ACT_INVALID for TU
 * events and ACT_IGNORE for network and timer events, state unchanged. */
sw_txn_step sw_txn_fsm_(sw_txn_kind kind, sw_txn_state state, sw_txn_event ev);

#define SW_TXN_NO_TIMER UINT32_MAX /* the timer is not started at all */

/** Timer values (ms) from T1, T2, T4 and the transport's reliability. */
typedef struct sw_txn_timers {
  uint32_t t1, t2, t4;
  int reliable;
} sw_txn_timers;

/** First duration of timer t; 0 means "fire at once" (reliable transports). */
uint32_t sw_txn_timer_first_(const sw_txn_timers *tv, sw_txn_timer t);
/** Next interval of a retransmission timer after interval `cur` in `state`:
 * A doubles without cap, E and G double up to T2, E in Proceeding is T2. */
uint32_t sw_txn_timer_next_(const sw_txn_timers *tv, sw_txn_timer t, sw_txn_state state, uint32_t cur);

const char *sw_txn_state_name_(sw_txn_state s);

/* A machine with its timers, driven by events and virtual or real time.
 * The owner sends what the actions say; for an INVITE server it also sends
 * 100 Trying unless the TU answers within 200 ms (17.2.1). */
typedef struct sw_txn_rt {
  sw_txn_kind kind;
  sw_txn_state state;
  sw_txn_timers tv;
  uint64_t due[TM_COUNT];      /* UINT64_MAX: not running */
  uint32_t interval[TM_COUNT]; /* current interval of A, E and G */
} sw_txn_rt;

void sw_txn_rt_init_(sw_txn_rt *rt, sw_txn_kind kind, const sw_txn_timers *tv);
/** Apply an event at time now; returns the actions (ACT_*). */
unsigned sw_txn_rt_event_(sw_txn_rt *rt, sw_txn_event ev, uint64_t now);
/** Time of the earliest running timer, UINT64_MAX when none runs. */
uint64_t sw_txn_rt_next_(const sw_txn_rt *rt);
/** The timer event due at now (the earliest), or EV_COUNT when none is due. */
sw_txn_event sw_txn_rt_due_(const sw_txn_rt *rt, uint64_t now);

#endif
