/* The checks a UAS makes on a request before it reaches the transaction
 * user (RFC 3261 8.2; 16.3 for a forwarding role). Pure: the verdict says
 * which response to send and which header it needs (Allow, Unsupported,
 * Accept...). Merged requests (482) need transaction state and are checked
 * by the stack. Internal, not installed. SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_TXN_UAS_H
#define SW_TXN_UAS_H

#include "sipwire/msg.h"

typedef struct sw_uas_policy {
  const char *const *schemes;       /* Request-URI schemes served, NULL-ended */
  unsigned allow;                   /* methods allowed, bit per sw_method */
  const char *const *extensions;    /* option tags supported, NULL-ended */
  const char *const *content_types; /* body types accepted, NULL-ended */
  const char *const *encodings;     /* content codings accepted besides identity */
  int forwarding;                   /* proxy or B2BUA: Max-Forwards 0 gives 483 */
} sw_uas_policy;

typedef struct sw_uas_verdict {
  int status;          /* 0: pass the request on; else the response (never for ACK) */
  const char *reason;  /* why, for logs and the reason phrase's detail */
  const char *header;  /* a header the response must carry, or NULL */
  char value[256];     /* its value */
} sw_uas_verdict;

#define SW_METHOD_BIT(m) (1u << (m))

/** Decide what a UAS does with request m. Returns v->status. A response or
 * an ACK that fails is dropped (status 0, reason set). */
int sw_uas_check_(const sw_msg *m, const sw_uas_policy *pol, sw_uas_verdict *v);

#endif
