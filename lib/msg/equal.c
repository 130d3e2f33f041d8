/* Header field equality (RFC 3261 7.3.1: names, tokens and parameter values
 * ignore case, quoted strings do not) for the values transactions and
 * dialogs compare.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

static int value_eq(sw_str a, sw_str b) {
  if (!a.p || !b.p) return !a.p && !b.p;
  if (a.len && a.p[0] == '"') return sw_str_eq(a, b); /* quoted: exact */
  return sw_str_caseeq(a, b);
}

static const sw_param *find(const sw_param *l, sw_str name) {
  for (; l; l = l->next)
    if (sw_str_caseeq(l->name, name)) return l;
  return NULL;
}

/* Parameters present in both lists match; names in must_match (NULL ended)
 * must be in both or neither. */
static int params_match(const sw_param *a, const sw_param *b, const char *const *must_match) {
  for (; *must_match; must_match++) {
    const sw_param *x = sw_param_find(a, *must_match), *y = sw_param_find(b, *must_match);
    if (!x != !y) return 0;
  }
  for (const sw_param *x = a; x; x = x->next) {
    if (find(a, x->name) != x) continue; /* a repeated name counts once */
    const sw_param *y = find(b, x->name);
    if (y && !value_eq(x->value, y->value)) return 0;
  }
  for (const sw_param *y = b; y; y = y->next) {
    if (find(b, y->name) != y) continue;
    const sw_param *x = find(a, y->name);
    if (x && !value_eq(x->value, y->value)) return 0;
  }
  return 1;
}

int sw_nameaddr_equal(const sw_nameaddr *a, const sw_nameaddr *b) {
  static const char *const must[] = {"tag", NULL};
  if (!a || !b) return 0;
  if (a->star || b->star) return a->star && b->star;
  return sw_uri_equal(&a->uri, &b->uri) && params_match(a->params, b->params, must);
}

int sw_via_equal(const sw_via *a, const sw_via *b) {
  static const char *const must[] = {"branch", "received", "maddr", "ttl", NULL};
  if (!a || !b) return 0;
  return sw_str_caseeq(a->protocol, b->protocol) && sw_str_caseeq(a->version, b->version) &&
         sw_str_caseeq(a->transport, b->transport) && sw_str_caseeq(a->host, b->host) &&
         a->port == b->port && params_match(a->params, b->params, must);
}
