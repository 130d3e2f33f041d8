/* Header and method names.
 * SPDX-License-Identifier: BSD-2-Clause */
#include "internal.h"

const sw_hdrinfo sw_hdrinfo_[SW_HDR_COUNT_] = {
    [SW_HDR_OTHER] = {NULL, 0, 0},
#define SW_XX_HDR_INFO(id, name, compact, kind) [SW_HDR_##id] = {name, sizeof name - 1, compact},
    SW_HDR_MAP(SW_XX_HDR_INFO)
#undef SW_XX_HDR_INFO
};

const char *sw_hdr_name(sw_hdr_id id) {
  return (unsigned)id < SW_HDR_COUNT_ ? sw_hdrinfo_[id].name : NULL;
}

sw_hdr_id sw_hdr_lookup(sw_str name) {
  if (!name.p) return SW_HDR_OTHER;
  return sw_hdr_lookup_((const uint8_t *)name.p, name.len);
}

static const char *const method_names[] = {
    NULL,     "INVITE",  "ACK",  "BYE",     "CANCEL",    "OPTIONS", "REGISTER", "PRACK",
    "UPDATE", "INFO",    "MESSAGE", "SUBSCRIBE", "NOTIFY", "REFER", "PUBLISH"};

sw_method sw_method_lookup_(const uint8_t *p, size_t n) {
  /* Method names are case-sensitive (RFC 3261 7.1). Dispatch on length. */
  static const uint8_t by_len[10][3] = {
      [3] = {SW_METHOD_ACK, SW_METHOD_BYE}, [4] = {SW_METHOD_INFO},
      [5] = {SW_METHOD_PRACK, SW_METHOD_REFER}, [6] = {SW_METHOD_INVITE, SW_METHOD_CANCEL, SW_METHOD_UPDATE},
      [7] = {SW_METHOD_OPTIONS, SW_METHOD_MESSAGE, SW_METHOD_PUBLISH}, [8] = {SW_METHOD_REGISTER},
      [9] = {SW_METHOD_SUBSCRIBE},
  };
  if (n >= 10) return SW_METHOD_OTHER;
  for (int i = 0; i < 3 && by_len[n][i]; i++)
    if (memcmp(method_names[by_len[n][i]], p, n) == 0) return (sw_method)by_len[n][i];
  if (n == 6 && memcmp(p, "NOTIFY", 6) == 0) return SW_METHOD_NOTIFY;
  return SW_METHOD_OTHER;
}

sw_method sw_method_from_str(sw_str name) {
  return name.p ? sw_method_lookup_((const uint8_t *)name.p, name.len) : SW_METHOD_OTHER;
}

const char *sw_method_name(sw_method m) {
  return (unsigned)m < sizeof method_names / sizeof method_names[0] ? method_names[m] : NULL;
}
