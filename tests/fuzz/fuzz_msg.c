/* libFuzzer harness: the message parser in all modes, the UAS checks, both
 * printers, and re-parsing of the normalised form (which must parse). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/sipwire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const unsigned modes[] = {0, SW_PARSE_LENIENT, SW_PARSE_STREAM,
                                   SW_PARSE_STREAM | SW_PARSE_LENIENT};
  sw_arena *a;
  if (sw_arena_create(NULL, 1024, &a)) return 0;
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    sw_msg_opts o;
    sw_msg_opts_init(&o);
    o.flags = modes[i];
    sw_msg *m;
    sw_parse_error err;
    size_t used;
    int rv = sw_msg_parse(a, data, size, &o, &m, &used, &err);
    if (rv == SW_EPARSE && (err.offset > size || !err.reason)) abort();
    /* Differential: values parsed on demand and then validated give the
     * verdict and offset of a full parse (an incomplete stream message
     * reports its deferred errors once complete). */
    sw_msg_opts fo = o;
    fo.flags |= SW_PARSE_FULL;
    sw_msg *fm;
    sw_parse_error ferr;
    int frv = sw_msg_parse(a, data, size, &fo, &fm, NULL, &ferr);
    int lrv = rv == 0 ? sw_msg_validate(m, &err) : rv;
    if (lrv != SW_EAGAIN && (lrv != frv || (frv == SW_EPARSE && err.offset != ferr.offset))) abort();
    if (rv != 0) continue;
    if (used > size) abort();
    (void)sw_msg_get(m, SW_HDR_ALLOW);
    sw_msg_check(m, &err);
    size_t n;
    sw_msg_print(m, 0, NULL, 0, &n);
    char *raw = malloc(n);
    /* Strict parses print back the bytes they took (after skipped CRLFs). */
    if (raw && sw_msg_print(m, 0, raw, n, &n) == 0 && !(modes[i] & SW_PARSE_LENIENT) &&
        (n > used || memcmp(raw, data + (used - n), n) != 0))
      abort();
    free(raw);
    sw_msg_print(m, SW_PRINT_NORMALISED, NULL, 0, &n);
    char *norm = malloc(n);
    if (norm && sw_msg_print(m, SW_PRINT_NORMALISED, norm, n, &n) == 0 &&
        !(modes[i] & SW_PARSE_LENIENT)) {
      sw_msg *m2;
      if (sw_msg_parse(a, norm, n, NULL, &m2, NULL, &err) != 0) abort();
    }
    free(norm);
    for (const sw_hdr *h = sw_msg_hdr_first(m); h; h = h->next) (void)sw_msg_hdr_next(h);
    if (sw_msg_to(m) && sw_msg_from(m)) (void)sw_uri_equal(&sw_msg_to(m)->uri, &sw_msg_from(m)->uri);
  }
  sw_arena_destroy(a);
  return 0;
}
