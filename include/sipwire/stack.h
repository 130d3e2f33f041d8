/*
 * sipwire stack: the sans-I/O root object. Bytes and time go in
 * (sw_stack_recv, sw_stack_tick), bytes come out through the send handler
 * with their destination, and the next deadline is sw_stack_next_timeout.
 * It runs the RFC 3261 transactions (section 17, RFC 6026) and the checks a
 * UAS makes before its transaction user (8.2). Sockets, DNS and threads
 * belong to the application or to an optional loop.
 *
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIPWIRE_STACK_H
#define SIPWIRE_STACK_H

#include "sipwire/base.h"
#include "sipwire/loop.h"
#include "sipwire/msg.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_transport {
  SW_TRANSPORT_UDP = 0,
  SW_TRANSPORT_TCP,
  SW_TRANSPORT_TLS
} sw_transport;

/** A transport address: transport, IPv4 or IPv6 address, port. */
typedef struct sw_addr {
  sw_transport transport;
  uint8_t family; /* 4 or 6 */
  uint16_t port;
  uint8_t ip[16]; /* IPv4 in the first 4 bytes */
} sw_addr;

/** Parse "[udp:|tcp:|tls:]HOST:PORT", HOST an IPv4 address or [IPv6].
 * Errors: SW_EINVAL, SW_EPARSE. */
SW_API int sw_addr_parse(const char *s, sw_addr *out);
/** Write "udp:127.0.0.1:5060" or "tcp:[::1]:5070"; *len gets the length
 * (also on SW_ENOSPC, the length needed). Errors: SW_ENOSPC. */
SW_API int sw_addr_format(const sw_addr *a, char *buf, size_t cap, size_t *len);
/** Non-zero when transport, address and port are equal. */
SW_API int sw_addr_equal(const sw_addr *a, const sw_addr *b);

typedef struct sw_stack sw_stack;
typedef struct sw_server_txn sw_server_txn;
typedef struct sw_client_txn sw_client_txn;

/** Stack configuration; sw_stack_config_init() sets the defaults. */
typedef struct sw_stack_config {
  size_t size;
  uint32_t t1_ms, t2_ms, t4_ms;     /* 500, 4000, 5000 */
  unsigned max_transactions;        /* 4096; past it, requests get 503 */
  unsigned parse_flags;             /* SW_PARSE_LENIENT, for received messages */
  unsigned allow;                   /* methods the TU takes, bit per sw_method (1u << m) */
  const char *const *schemes;       /* Request-URI schemes served; NULL: sip, sips, tel */
  const char *const *extensions;    /* option tags supported; NULL: none */
  const char *const *content_types; /* body types taken; NULL: application/sdp */
  int forwarding;                   /* proxy or B2BUA: Max-Forwards 0 gives 483 */
  const char *server;               /* Server header of our responses; NULL: none */
} sw_stack_config;

/** Handlers: the first argument is the object, the last the user_data. */
typedef struct sw_stack_handlers {
  size_t size;
  /** Send len bytes from local to `to` (bytes valid until it returns).
   * Return 0, or a negative SW_E* for a transport error. Required unless
   * the stack owns its sockets (sw_stack_listen). */
  int (*send)(sw_stack *st, const sw_addr *local, const sw_addr *to, const void *bytes, size_t len,
              void *user_data);
  /** A new request for the transaction user. txn is NULL for an ACK to a
   * 2xx (no transaction); otherwise answer it with sw_server_txn_respond,
   * now or later. NULL handler: requests are answered 501. */
  void (*on_request)(sw_stack *st, sw_server_txn *txn, const sw_msg *req, void *user_data);
  /** A response that matches no client transaction (a 2xx retransmission
   * for the UAC core, RFC 3261 13.2.2.4). May be NULL. */
  void (*on_stray_response)(sw_stack *st, const sw_msg *resp, void *user_data);
  /** A CANCEL matched txn, an INVITE still without a final response; the
   * CANCEL got its 200. The TU answers txn (487 Request Terminated). NULL
   * handler: the stack answers 487 itself, so a TU holding txn must set it. */
  void (*on_cancel)(sw_stack *st, sw_server_txn *txn, void *user_data);
} sw_stack_handlers;

/** Handlers of one client transaction. */
typedef struct sw_client_handlers {
  size_t size;
  /** A response for the transaction: the provisional ones and the final one.
   * Later 2xx retransmissions of an INVITE go to the stack's
   * on_stray_response, for the UAC core to ACK (RFC 6026). */
  void (*on_response)(sw_client_txn *txn, const sw_msg *resp, void *user_data);
  /** Called exactly once, right after the final response or at the end: 0
   * after a final response, SW_ETIMEDOUT, SW_EIO (transport error) or
   * SW_ECANCELED (stack destroyed). txn is not valid after it returns. */
  void (*on_done)(sw_client_txn *txn, int result, void *user_data);
} sw_client_handlers;

/** Set cfg to defaults. */
SW_API void sw_stack_config_init(sw_stack_config *cfg);
/** Create a stack. ctx gives allocator, clock (for received input) and RNG.
 * Errors: SW_EINVAL (bad config or handlers size, T2 < T1), SW_ENOMEM. */
SW_API int sw_stack_create(sw_ctx *ctx, const sw_stack_config *cfg, const sw_stack_handlers *h,
                           void *user_data, sw_stack **out);
/** Destroy a stack; pending client transactions end with SW_ECANCELED. From
 * a task or handler its loop runs, the destroy happens when that returns. */
SW_API void sw_stack_destroy(sw_stack *st);
/** Feed one datagram (UDP) received on local from `from`. Input that does
 * not parse is dropped; a request that fails the 8.2 checks is answered
 * (400, 505, 420...). Errors: SW_EINVAL, SW_ENOMEM, or the send handler's. */
SW_API int sw_stack_recv(sw_stack *st, const sw_addr *local, const sw_addr *from, const void *bytes,
                         size_t len);
/** The next deadline in ms (sw_ctx clock), or -1 when no timer runs. */
SW_API int64_t sw_stack_next_timeout(const sw_stack *st);
/** Run the timers due at now_ms. Errors: SW_EINVAL. */
SW_API int sw_stack_tick(sw_stack *st, uint64_t now_ms);
/** Live transactions (client and server). */
SW_API unsigned sw_stack_transactions(const sw_stack *st);

/** Live in a loop (sw_loop, or the application's through its vtable): the
 * stack keeps the loop's timer armed and wakes it for sw_stack_post. Destroy
 * the stack before the loop. Errors: SW_EINVAL (NULL argument, vtable too
 * small, already attached), SW_EIO, or add_fd's error. */
SW_API int sw_stack_attach(sw_stack *st, const sw_loop_vtable *vt, void *loop);
/** Open a UDP socket at addr (port 0: any) that the stack reads through its
 * loop and sends from; *bound (may be NULL) gets the address. Needs
 * sw_stack_attach first. Errors: SW_EINVAL, SW_ENOTSUP (not UDP yet),
 * SW_EIO, SW_ENOMEM, or add_fd's error. */
SW_API int sw_stack_listen(sw_stack *st, const sw_addr *addr, sw_addr *bound);
/** Run fn(arg) on the loop's thread, soon, in posting order. The one
 * thread-safe call (the allocator must be thread-safe too); stop posting
 * threads before destroying the stack. Tasks still queued at destroy are
 * dropped (their arg is not freed). Errors: SW_EINVAL (not attached),
 * SW_ENOMEM, SW_EIO (the wake failed; the task is queued all the same). */
SW_API int sw_stack_post(sw_stack *st, void (*fn)(void *arg), void *arg);

/** Send a request in a new client transaction from local to `to`. The
 * stack copies what it needs; a top Via with a fresh branch is added.
 * Errors: SW_EINVAL (also a request without To, From, Call-ID or CSeq, or
 * handlers of an unknown size), SW_ENOMEM, SW_ETOOBIG (transaction limit),
 * the RNG's error, or the send handler's. On error no handler is called. */
SW_API int sw_stack_send_request(sw_stack *st, const sw_msg *req, const sw_addr *local,
                                 const sw_addr *to, const sw_client_handlers *h, void *user_data,
                                 sw_client_txn **out);

/** Cancel an INVITE sent with sw_stack_send_request (RFC 3261 9.1): a
 * CANCEL with the INVITE's branch in a transaction of its own. Allowed once
 * a provisional response arrived and before the final one. Errors:
 * SW_EINVAL, SW_ESTATE, SW_ENOMEM, SW_ETOOBIG, or the send handler's. */
SW_API int sw_stack_cancel(sw_stack *st, sw_client_txn *invite, const sw_client_handlers *h,
                           void *user_data, sw_client_txn **out);

/** Answer the request of a server transaction (8.2.6: Via, From, To,
 * Call-ID, CSeq copied; to_tag added to a final or 1xx but 100 if the
 * request had none). extra_headers ("Name: value\r\n"...) and the body may
 * be NULL. A 2xx to an INVITE is not resent by the transaction (RFC 6026):
 * the TU resends it until the ACK comes (13.3.1.4). The TU may use txn until
 * it sends the final response. Errors:
 * SW_EINVAL, SW_ESTATE (already final), SW_EPARSE, SW_ENOMEM. */
SW_API int sw_server_txn_respond(sw_server_txn *txn, int status, const char *reason,
                                 const char *to_tag, const char *extra_headers,
                                 const char *content_type, const void *body, size_t body_len);
/** The request that created the transaction. */
SW_API const sw_msg *sw_server_txn_request(const sw_server_txn *txn);

#ifdef __cplusplus
}
#endif
#endif /* SIPWIRE_STACK_H */
