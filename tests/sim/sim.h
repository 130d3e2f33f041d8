/* Deterministic network simulator for sipwire's tests (DESIGN.md, "Event
 * loop and time"): a virtual clock and a virtual network joining any number
 * of nodes, with per-link loss, duplication, reordering, delay and jitter.
 * One integer seed decides everything, so a failing run replays exactly.
 *
 * Events (deliveries and timers) run in time order; events due at the same
 * millisecond run in the order they were scheduled. Nothing here reads the
 * system clock or a global RNG.
 *
 * SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_TEST_SIM_H
#define SW_TEST_SIM_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim_net sim_net;

/** Behaviour of one direction of a link. Probabilities are 0..1. */
typedef struct sim_link {
  double loss;        /* a packet is dropped */
  double dup;         /* a packet is delivered twice (the copy 0..jitter later) */
  double reorder;     /* a packet is held back by reorder_ms more */
  uint32_t delay_ms;  /* base one-way delay */
  uint32_t jitter_ms; /* uniform extra delay 0..jitter_ms */
  uint32_t reorder_ms;
} sim_link;

/** A node's receive handler: a packet from node `from`, valid during the call. */
typedef void (*sim_recv_fn)(void *ud, int from, const uint8_t *data, size_t len);
/** A timer handler. */
typedef void (*sim_timer_fn)(void *ud);

typedef struct sim_stats {
  uint64_t sent, delivered, dropped, duplicated, reordered;
} sim_stats;

/** A network whose every random choice comes from seed. */
sim_net *sim_new(uint64_t seed);
void sim_free(sim_net *n);
/** Add a node; returns its id (0, 1, ...) or -1. */
int sim_node(sim_net *n, sim_recv_fn fn, void *ud);
/** Set the link used by every pair without its own (a perfect 0 ms link at first). */
void sim_set_default_link(sim_net *n, const sim_link *l);
/** Set the link from node a to node b (one direction). Returns 0 or -1. */
int sim_set_link(sim_net *n, int from, int to, const sim_link *l);
/** Send a copy of data from one node to another; 0, or -1 on a bad node or no memory. */
int sim_send(sim_net *n, int from, int to, const void *data, size_t len);
/** Run fn(ud) at virtual time at_ms (now if in the past); returns a timer id >= 0. */
long sim_timer(sim_net *n, uint64_t at_ms, sim_timer_fn fn, void *ud);
/** Cancel a timer that has not run; returns 0, or -1 if it is unknown or ran. */
int sim_timer_cancel(sim_net *n, long id);
/** Run the next event, advancing the clock to it; 0 when none is left. */
int sim_step(sim_net *n);
/** Run events due up to t_ms, then set the clock to t_ms; returns events run. */
unsigned long sim_run_until(sim_net *n, uint64_t t_ms);
/** Virtual time in milliseconds. */
uint64_t sim_now(const sim_net *n);
/** Counters so far. */
sim_stats sim_get_stats(const sim_net *n);
/** The seed the network was made with (print it with a failure to replay). */
uint64_t sim_seed(const sim_net *n);

/* Sources to inject into an sw_ctx (sw_clock_fn, sw_rng_fn shapes): the
 * virtual clock, and random bytes from the network's own generator. */
uint64_t sim_clock(void *net);
int sim_random(void *net, void *buf, size_t len);

/** A uniform random number in 0..bound-1 from the network's generator. */
uint64_t sim_uniform(sim_net *n, uint64_t bound);

#endif
