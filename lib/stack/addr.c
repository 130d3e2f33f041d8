/* Transport addresses: "udp:127.0.0.1:5060", "tcp:[::1]:5070".
 * SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/internal.h"
#include "sipwire/stack.h"

static const char *const tp_names[] = {"udp", "tcp", "tls"};

int sw_addr_parse(const char *s, sw_addr *out) {
  if (!s || !out) return SW_EINVAL;
  memset(out, 0, sizeof *out);
  out->transport = SW_TRANSPORT_UDP;
  for (int t = 0; t < 3; t++) {
    size_t n = strlen(tp_names[t]);
    if (strncmp(s, tp_names[t], n) == 0 && s[n] == ':') {
      out->transport = (sw_transport)t;
      s += n + 1;
      break;
    }
  }
  char host[64];
  const char *colon;
  if (*s == '[') {
    const char *close = strchr(s, ']');
    if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof host) return SW_EPARSE;
    memcpy(host, s + 1, (size_t)(close - s - 1));
    host[close - s - 1] = '\0';
    colon = close + 1;
    out->family = 6;
    if (inet_pton(AF_INET6, host, out->ip) != 1) return SW_EPARSE;
  } else {
    colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof host) return SW_EPARSE;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    out->family = 4;
    if (inet_pton(AF_INET, host, out->ip) != 1) return SW_EPARSE;
  }
  unsigned long port = 0;
  const char *d = colon + 1;
  if (!*d || strlen(d) > 5) return SW_EPARSE;
  for (; *d; d++) {
    if (*d < '0' || *d > '9') return SW_EPARSE;
    port = port * 10 + (unsigned long)(*d - '0');
  }
  if (port > 65535) return SW_EPARSE;
  out->port = (uint16_t)port;
  return 0;
}

int sw_addr_format(const sw_addr *a, char *buf, size_t cap, size_t *len) {
  if (!a || (!buf && cap) || a->transport > SW_TRANSPORT_TLS) return SW_EINVAL;
  char ip[INET6_ADDRSTRLEN];
  inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->ip, ip, sizeof ip);
  int n = snprintf(buf, cap, a->family == 6 ? "%s:[%s]:%u" : "%s:%s:%u", tp_names[a->transport], ip,
                   (unsigned)a->port);
  if (len) *len = (size_t)n;
  return (size_t)n < cap ? 0 : SW_ENOSPC;
}

int sw_addr_equal(const sw_addr *a, const sw_addr *b) {
  return a && b && a->transport == b->transport && a->family == b->family && a->port == b->port &&
         memcmp(a->ip, b->ip, a->family == 6 ? 16 : 4) == 0;
}
