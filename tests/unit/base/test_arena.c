/* Arena and allocators: steady state without malloc, oversized blocks,
 * allocation failure at every point. */
#include "testutil.h"

static sw_ctx *ctx_with(sw_failalloc *fa) {
  sw_ctx_config cfg;
  sw_ctx *ctx;
  sw_ctx_config_init(&cfg);
  cfg.alloc = &fa->alloc;
  if (sw_ctx_create(&cfg, &ctx)) return NULL;
  return ctx;
}

static void test_reset_reuses_first_chunk(void **state) {
  (void)state;
  sw_failalloc fa;
  sw_failalloc_init(&fa, 0, 0);
  sw_ctx *ctx = ctx_with(&fa);
  sw_arena *a;
  assert_int_equal(sw_arena_create(ctx, 1024, &a), 0);
  unsigned long before = fa.count;
  for (int round = 0; round < 100; round++) {
    for (int i = 0; i < 10; i++) assert_non_null(sw_arena_alloc(a, 50));
    assert_true(sw_arena_used(a) >= 500);
    sw_arena_reset(a);
    assert_int_equal(sw_arena_used(a), 0);
  }
  assert_int_equal(fa.count, before); /* steady state: no allocation */
  /* Growing past the chunk allocates; reset frees the extra chunks. */
  for (int i = 0; i < 100; i++) assert_non_null(sw_arena_alloc(a, 100));
  void *big = sw_arena_alloc(a, 100000);
  assert_non_null(big);
  memset(big, 0xAB, 100000);
  assert_true(fa.live > 2);
  sw_arena_reset(a);
  assert_int_equal(fa.live, 3); /* ctx, arena, first chunk */
  sw_arena_destroy(a);
  sw_ctx_destroy(ctx);
  assert_int_equal(fa.live, 0);
}

static void test_alignment_and_strndup(void **state) {
  (void)state;
  sw_arena *a;
  assert_int_equal(sw_arena_create(NULL, 0, &a), 0);
  for (size_t n = 1; n < 40; n++) {
    void *p = sw_arena_alloc(a, n);
    assert_int_equal((uintptr_t)p % 16, 0);
  }
  char *s = sw_arena_strndup(a, "hello world", 5);
  assert_string_equal(s, "hello");
  assert_null(sw_arena_alloc(a, SIZE_MAX - 8));
  sw_arena_destroy(a);
  sw_arena_destroy(NULL);
}

static void test_failure_at_every_allocation(void **state) {
  (void)state;
  for (unsigned long n = 1; n <= 6; n++) {
    sw_failalloc fa;
    sw_failalloc_init(&fa, n, 1);
    sw_ctx_config cfg;
    sw_ctx *ctx = NULL;
    sw_ctx_config_init(&cfg);
    cfg.alloc = &fa.alloc;
    int rv = sw_ctx_create(&cfg, &ctx);
    sw_arena *a = NULL;
    if (rv == 0) rv = sw_arena_create(ctx, 64, &a);
    if (rv == 0) {
      for (int i = 0; i < 20; i++)
        if (!sw_arena_alloc(a, 48)) rv = SW_ENOMEM;
    }
    if (n <= 5) assert_int_equal(rv, SW_ENOMEM);
    sw_arena_destroy(a);
    sw_ctx_destroy(ctx);
    assert_int_equal(fa.live, 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reset_reuses_first_chunk),
      cmocka_unit_test(test_alignment_and_strndup),
      cmocka_unit_test(test_failure_at_every_allocation),
  };
  return cmocka_run_group_tests_name("base/arena", tests, NULL, NULL);
}
