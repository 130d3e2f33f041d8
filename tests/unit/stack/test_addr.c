/* Transport addresses: parse and format round trips, IPv6, refusals. */
#include "testutil.h"

static void test_round_trips(void **state) {
  (void)state;
  static const struct { const char *in, *out; } ok[] = {
      {"udp:127.0.0.1:5060", "udp:127.0.0.1:5060"},
      {"127.0.0.1:15060", "udp:127.0.0.1:15060"},
      {"tcp:[::1]:5070", "tcp:[::1]:5070"},
      {"tls:[2001:db8::10]:5061", "tls:[2001:db8::10]:5061"},
      {"udp:192.0.2.1:0", "udp:192.0.2.1:0"},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    sw_addr a, b;
    char buf[64];
    size_t n;
    assert_int_equal(sw_addr_parse(ok[i].in, &a), 0);
    assert_int_equal(sw_addr_format(&a, buf, sizeof buf, &n), 0);
    assert_string_equal(buf, ok[i].out);
    assert_int_equal(n, strlen(ok[i].out));
    assert_int_equal(sw_addr_parse(buf, &b), 0);
    assert_true(sw_addr_equal(&a, &b));
  }
  sw_addr a, b;
  sw_addr_parse("udp:127.0.0.1:5060", &a);
  sw_addr_parse("tcp:127.0.0.1:5060", &b);
  assert_false(sw_addr_equal(&a, &b)); /* transport counts */
  sw_addr_parse("udp:127.0.0.1:5061", &b);
  assert_false(sw_addr_equal(&a, &b));
  char small[8];
  size_t n;
  assert_int_equal(sw_addr_format(&a, small, sizeof small, &n), SW_ENOSPC);
  assert_int_equal(n, strlen("udp:127.0.0.1:5060"));
}

static void test_refusals(void **state) {
  (void)state;
  static const char *const bad[] = {"", "udp:", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000",
                                    "127.0.0.1:5060x", "example.com:5060", "[::1:5060", "[::1]5060",
                                    "udp:256.0.0.1:1", "sctp:127.0.0.1:5060",
                                    /* Regression (review): a port is digits only. */
                                    "127.0.0.1: 5060", "127.0.0.1:+5", "127.0.0.1:-0"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    sw_addr a;
    if (sw_addr_parse(bad[i], &a) != SW_EPARSE) fail_msg("accepted %s", bad[i]);
  }
  assert_int_equal(sw_addr_parse(NULL, NULL), SW_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_round_trips), cmocka_unit_test(test_refusals)};
  return cmocka_run_group_tests_name("stack/addr", tests, NULL, NULL);
}
