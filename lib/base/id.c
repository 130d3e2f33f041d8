/* Call-IDs, tags and branches. Call-IDs come from libuuid unless the
 * application injected an RNG (the simulator does, for reproducible runs).
 * SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>
#include <uuid/uuid.h>

#include "internal.h"

/* 64 characters, all legal in a token and in a Call-ID word. */
static const char id_alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.";

static int random_chars(const sw_ctx *ctx, char *out, size_t n) {
  unsigned char raw[32];
  if (n > sizeof raw) return SW_EINVAL;
  int rv = sw_ctx_random(ctx, raw, n);
  if (rv) return rv;
  for (size_t i = 0; i < n; i++) out[i] = id_alphabet[raw[i] & 63];
  return 0;
}

int sw_id_call_id(const sw_ctx *ctx, char *buf, size_t cap, size_t *len) {
  if (!buf) return SW_EINVAL;
  if (cap < SW_ID_CALL_ID_MAX) return SW_ENOSPC;
  if (!ctx) ctx = sw_ctx_default_();
  uuid_t u;
  if (!ctx->rng_injected) {
    uuid_generate_random(u);
  } else {
    int rv = sw_ctx_random(ctx, u, sizeof u);
    if (rv) return rv;
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  }
  uuid_unparse_lower(u, buf);
  if (len) *len = 36;
  return 0;
}

int sw_id_tag(const sw_ctx *ctx, char *buf, size_t cap, size_t *len) {
  if (!buf) return SW_EINVAL;
  if (cap < SW_ID_TAG_MAX) return SW_ENOSPC;
  int rv = random_chars(ctx, buf, SW_ID_TAG_MAX - 1);
  if (rv) return rv;
  buf[SW_ID_TAG_MAX - 1] = '\0';
  if (len) *len = SW_ID_TAG_MAX - 1;
  return 0;
}

int sw_id_branch(const sw_ctx *ctx, char *buf, size_t cap, size_t *len) {
  if (!buf) return SW_EINVAL;
  if (cap < SW_ID_BRANCH_MAX) return SW_ENOSPC;
  memcpy(buf, "z9hG4bK", 7);
  int rv = random_chars(ctx, buf + 7, SW_ID_BRANCH_MAX - 8);
  if (rv) return rv;
  buf[SW_ID_BRANCH_MAX - 1] = '\0';
  if (len) *len = SW_ID_BRANCH_MAX - 1;
  return 0;
}
