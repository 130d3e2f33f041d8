/* Deterministic network simulator: see sim.h.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

enum { EV_DELIVER, EV_TIMER };
enum { TIMER_PENDING, TIMER_RAN, TIMER_CANCELED };

typedef struct event {
  uint64_t at, seq; /* ordering: time, then scheduling order */
  int kind;
  int from, to;
  uint8_t *data;
  size_t len;
  sim_timer_fn fn;
  void *ud;
  long timer;
} event;

typedef struct node {
  sim_recv_fn fn;
  void *ud;
} node;

typedef struct link_entry {
  int from, to;
  sim_link link;
} link_entry;

struct sim_net {
  uint64_t seed, now, seq;
  uint64_t rng[4];
  node *nodes;
  int nnodes;
  link_entry *links;
  int nlinks;
  sim_link dflt;
  event *heap;
  size_t nheap, capheap;
  uint8_t *timer_state; /* by timer id */
  size_t ntimers, captimers;
  sim_stats stats;
};

/* splitmix64 to seed, xoshiro256** to draw (public-domain algorithms by
 * Blackman and Vigna). */
static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(sim_net *n) {
  uint64_t *s = n->rng;
  uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return r;
}

uint64_t sim_uniform(sim_net *n, uint64_t bound) {
  if (bound <= 1) return 0;
  /* Rejection sampling: no modulo bias. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound, r;
  do r = next(n); while (r >= limit);
  return r % bound;
}

static int chance(sim_net *n, double p) {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return (double)(next(n) >> 11) * (1.0 / 9007199254740992.0) < p;
}

sim_net *sim_new(uint64_t seed) {
  sim_net *n = calloc(1, sizeof *n);
  if (!n) return NULL;
  n->seed = seed;
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) n->rng[i] = splitmix64(&x);
  return n;
}

void sim_free(sim_net *n) {
  if (!n) return;
  for (size_t i = 0; i < n->nheap; i++) free(n->heap[i].data);
  free(n->heap);
  free(n->nodes);
  free(n->links);
  free(n->timer_state);
  free(n);
}

uint64_t sim_seed(const sim_net *n) { return n->seed; }
uint64_t sim_now(const sim_net *n) { return n->now; }
sim_stats sim_get_stats(const sim_net *n) { return n->stats; }

int sim_node(sim_net *n, sim_recv_fn fn, void *ud) {
  node *nn = realloc(n->nodes, (size_t)(n->nnodes + 1) * sizeof *nn);
  if (!nn) return -1;
  n->nodes = nn;
  nn[n->nnodes].fn = fn;
  nn[n->nnodes].ud = ud;
  return n->nnodes++;
}

void sim_set_default_link(sim_net *n, const sim_link *l) { n->dflt = *l; }

int sim_set_link(sim_net *n, int from, int to, const sim_link *l) {
  if (from < 0 || to < 0 || from >= n->nnodes || to >= n->nnodes) return -1;
  for (int i = 0; i < n->nlinks; i++)
    if (n->links[i].from == from && n->links[i].to == to) {
      n->links[i].link = *l;
      return 0;
    }
  link_entry *nl = realloc(n->links, (size_t)(n->nlinks + 1) * sizeof *nl);
  if (!nl) return -1;
  n->links = nl;
  nl[n->nlinks++] = (link_entry){from, to, *l};
  return 0;
}

static const sim_link *link_of(const sim_net *n, int from, int to) {
  for (int i = 0; i < n->nlinks; i++)
    if (n->links[i].from == from && n->links[i].to == to) return &n->links[i].link;
  return &n->dflt;
}

static int before(const event *a, const event *b) {
  return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

static int push(sim_net *n, event e) {
  if (n->nheap == n->capheap) {
    size_t cap = n->capheap ? n->capheap * 2 : 64;
    event *h = realloc(n->heap, cap * sizeof *h);
    if (!h) return -1;
    n->heap = h;
    n->capheap = cap;
  }
  e.seq = n->seq++;
  size_t i = n->nheap++;
  while (i > 0 && before(&e, &n->heap[(i - 1) / 2])) {
    n->heap[i] = n->heap[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  n->heap[i] = e;
  return 0;
}

static event pop(sim_net *n) {
  event top = n->heap[0], last = n->heap[--n->nheap];
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n->nheap) break;
    if (c + 1 < n->nheap && before(&n->heap[c + 1], &n->heap[c])) c++;
    if (!before(&n->heap[c], &last)) break;
    n->heap[i] = n->heap[c];
    i = c;
  }
  if (n->nheap) n->heap[i] = last;
  return top;
}

static int deliver_at(sim_net *n, int from, int to, const void *data, size_t len, uint64_t at) {
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) return -1;
  if (len) memcpy(copy, data, len);
  event e = {at, 0, EV_DELIVER, from, to, copy, len, NULL, NULL, -1};
  if (push(n, e)) {
    free(copy);
    return -1;
  }
  return 0;
}

int sim_send(sim_net *n, int from, int to, const void *data, size_t len) {
  if (from < 0 || to < 0 || from >= n->nnodes || to >= n->nnodes) return -1;
  const sim_link *l = link_of(n, from, to);
  n->stats.sent++;
  if (chance(n, l->loss)) {
    n->stats.dropped++;
    return 0;
  }
  uint64_t delay = l->delay_ms + sim_uniform(n, (uint64_t)l->jitter_ms + 1);
  if (chance(n, l->reorder)) {
    delay += l->reorder_ms;
    n->stats.reordered++;
  }
  if (deliver_at(n, from, to, data, len, n->now + delay)) return -1;
  if (chance(n, l->dup)) {
    n->stats.duplicated++;
    return deliver_at(n, from, to, data, len, n->now + delay + sim_uniform(n, (uint64_t)l->jitter_ms + 1));
  }
  return 0;
}

long sim_timer(sim_net *n, uint64_t at_ms, sim_timer_fn fn, void *ud) {
  if (n->ntimers == n->captimers) {
    size_t cap = n->captimers ? n->captimers * 2 : 64;
    uint8_t *s = realloc(n->timer_state, cap);
    if (!s) return -1;
    n->timer_state = s;
    n->captimers = cap;
  }
  long id = (long)n->ntimers;
  event e = {at_ms < n->now ? n->now : at_ms, 0, EV_TIMER, -1, -1, NULL, 0, fn, ud, id};
  if (push(n, e)) return -1;
  n->timer_state[n->ntimers++] = TIMER_PENDING;
  return id;
}

int sim_timer_cancel(sim_net *n, long id) {
  if (id < 0 || (size_t)id >= n->ntimers || n->timer_state[id] != TIMER_PENDING) return -1;
  n->timer_state[id] = TIMER_CANCELED; /* skipped when it comes up */
  return 0;
}

int sim_step(sim_net *n) {
  while (n->nheap) {
    event e = pop(n);
    n->now = e.at;
    if (e.kind == EV_TIMER) {
      if (n->timer_state[e.timer] != TIMER_PENDING) continue;
      n->timer_state[e.timer] = TIMER_RAN;
      e.fn(e.ud);
      return 1;
    }
    n->stats.delivered++;
    node *dst = &n->nodes[e.to];
    if (dst->fn) dst->fn(dst->ud, e.from, e.data, e.len);
    free(e.data);
    return 1;
  }
  return 0;
}

unsigned long sim_run_until(sim_net *n, uint64_t t_ms) {
  unsigned long ran = 0;
  while (n->nheap && n->heap[0].at <= t_ms) ran += (unsigned long)sim_step(n);
  if (n->now < t_ms) n->now = t_ms;
  return ran;
}

uint64_t sim_clock(void *net) { return ((sim_net *)net)->now; }

int sim_random(void *net, void *buf, size_t len) {
  uint8_t *p = buf;
  while (len) {
    uint64_t r = next(net);
    size_t k = len < 8 ? len : 8;
    memcpy(p, &r, k);
    p += k;
    len -= k;
  }
  return 0;
}
