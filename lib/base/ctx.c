/* Context: allocator, clock, RNG and log hook, injected by the application.
 * SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "internal.h"

static uint64_t sys_clock(void *ud) {
  (void)ud;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int sys_rng(void *ud, void *buf, size_t len) {
  (void)ud;
  unsigned char *p = buf;
  while (len > 0) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SW_EIO;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static const sw_ctx default_ctx = {
    {NULL, NULL, NULL, NULL}, sys_clock, NULL, sys_rng, NULL, 0, NULL, NULL, SW_LOG_ERROR};

const sw_ctx *sw_ctx_default_(void) { return &default_ctx; }

void *sw_malloc_(const sw_ctx *ctx, size_t size) {
  if (!ctx || !ctx->alloc.malloc) return sw_allocator_default()->malloc(size, NULL);
  return ctx->alloc.malloc(size, ctx->alloc.user_data);
}

void sw_free_(const sw_ctx *ctx, void *p) {
  if (!ctx || !ctx->alloc.free) {
    sw_allocator_default()->free(p, NULL);
    return;
  }
  ctx->alloc.free(p, ctx->alloc.user_data);
}

int sw_config_copy_(void *dst, size_t dst_size, const void *src, size_t min_size) {
  size_t n = *(const size_t *)src;
  if (n < min_size) return SW_EINVAL;
  memcpy(dst, src, n < dst_size ? n : dst_size);
  *(size_t *)dst = dst_size;
  return 0;
}

void sw_ctx_config_init(sw_ctx_config *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->size = sizeof *cfg;
  cfg->log_level = SW_LOG_INFO;
}

int sw_ctx_create(const sw_ctx_config *cfg_in, sw_ctx **out) {
  sw_ctx_config cfg;
  if (!out) return SW_EINVAL;
  *out = NULL;
  sw_ctx_config_init(&cfg);
  if (cfg_in) {
    int rv = sw_config_copy_(&cfg, sizeof cfg, cfg_in, offsetof(sw_ctx_config, log_level) +
                                                           sizeof cfg.log_level);
    if (rv) return rv;
  }
  const sw_allocator *al = cfg.alloc ? cfg.alloc : sw_allocator_default();
  if (!al->malloc || !al->free) return SW_EINVAL;
  sw_ctx *c = al->malloc(sizeof *c, al->user_data);
  if (!c) return SW_ENOMEM;
  c->alloc = *al;
  c->clock = cfg.clock ? cfg.clock : sys_clock;
  c->clock_user_data = cfg.clock_user_data;
  c->rng = cfg.rng ? cfg.rng : sys_rng;
  c->rng_user_data = cfg.rng ? cfg.rng_user_data : NULL;
  c->rng_injected = cfg.rng != NULL;
  c->log = cfg.log;
  c->log_user_data = cfg.log_user_data;
  c->log_level = cfg.log_level;
  *out = c;
  return 0;
}

void sw_ctx_destroy(sw_ctx *ctx) {
  if (!ctx) return;
  sw_allocator al = ctx->alloc;
  al.free(ctx, al.user_data);
}

uint64_t sw_ctx_now(const sw_ctx *ctx) {
  if (!ctx) ctx = &default_ctx;
  return ctx->clock(ctx->clock_user_data);
}

int sw_ctx_random(const sw_ctx *ctx, void *buf, size_t len) {
  if (!ctx) ctx = &default_ctx;
  return ctx->rng(ctx->rng_user_data, buf, len);
}

void sw_log_(const sw_ctx *ctx, sw_log_level level, const char *ctx_id, const char *fmt, ...) {
  if (!ctx || !ctx->log || level > ctx->log_level) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  ctx->log(ctx->log_user_data, level, ctx_id ? ctx_id : "", line);
}
