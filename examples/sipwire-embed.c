/* sipwire-embed: how to embed sw_stack in your own event loop, here a plain
 * poll() loop over one UDP socket, without sw_loop. The stack never touches a
 * socket or the clock: you hand it each datagram (sw_stack_recv), it hands
 * you bytes to send (the send handler), and you wake it at its deadline
 * (sw_stack_next_timeout, then sw_stack_tick). The tests drive it against
 * SIPp.
 *
 *   sipwire-embed serve LOCAL SECONDS [N]   answer OPTIONS (and anything) with 200;
 *                                       with N, stop once N requests came and
 *                                       5 s passed without a datagram (more
 *                                       than a retransmission gap, T2 = 4 s)
 *   sipwire-embed ping LOCAL PEER COUNT     send COUNT OPTIONS, one after another
 * One socket, a poll loop driven by sw_stack_next_timeout, bounded in time.
 * Prints "requests N" or "ok N failed M sent D"; exit 0 on success. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sipwire/sipwire.h"

static int sock;
static unsigned requests, ok, failed, outstanding, datagrams;

static void to_sockaddr(const sw_addr *a, struct sockaddr_in *sa) {
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons(a->port);
  memcpy(&sa->sin_addr, a->ip, 4);
}

/* Output: the stack gives bytes and a destination; they are valid only
 * during this call, so send (or copy) them now. */
static int send_cb(sw_stack *st, const sw_addr *local, const sw_addr *to, const void *b, size_t n, void *ud) {
  (void)st, (void)local, (void)ud;
  struct sockaddr_in sa;
  to_sockaddr(to, &sa);
  datagrams++;
  return sendto(sock, b, n, 0, (struct sockaddr *)&sa, sizeof sa) < 0 ? SW_EIO : 0;
}

/* A new request for the transaction user: answer it now or keep txn and
 * answer later (it stays valid until the final response). */
static void on_request(sw_stack *st, sw_server_txn *txn, const sw_msg *req, void *ud) {
  (void)st, (void)req, (void)ud;
  if (!txn) return;
  requests++;
  sw_server_txn_respond(txn, 200, NULL, NULL, "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n", NULL, NULL, 0);
}

static void on_done(sw_client_txn *t, int result, void *ud) {
  (void)t, (void)ud;
  outstanding = 0;
  if (result == 0) ok++;
  else failed++;
}

static int send_options(sw_stack *st, const sw_addr *local, const sw_addr *peer, unsigned n) {
  char uri[64], from[96], cid[SW_ID_CALL_ID_MAX + 16], lip[16], pip[16];
  sw_arena *a;
  sw_msg *m;
  inet_ntop(AF_INET, local->ip, lip, sizeof lip);
  inet_ntop(AF_INET, peer->ip, pip, sizeof pip);
  snprintf(uri, sizeof uri, "sip:sipp@%s:%u", pip, (unsigned)peer->port);
  snprintf(from, sizeof from, "<sip:sipwire@%s:%u>;tag=ping%u", lip, (unsigned)local->port, n);
  sw_id_call_id(NULL, cid, sizeof cid, NULL);
  if (sw_arena_create(NULL, 0, &a)) return -1;
  int rv = sw_msg_new_request(a, "OPTIONS", uri, &m);
  if (!rv) rv = sw_msg_add_header(m, "Max-Forwards", "70");
  if (!rv) rv = sw_msg_add_header(m, "From", from);
  if (!rv) rv = sw_msg_add_header(m, "To", uri);
  if (!rv) rv = sw_msg_add_header(m, "Call-ID", cid);
  if (!rv) rv = sw_msg_add_header(m, "CSeq", "1 OPTIONS");
  if (!rv) rv = sw_msg_set_body(m, NULL, NULL, 0);
  sw_client_handlers h = {sizeof h, NULL, on_done};
  if (!rv) rv = sw_stack_send_request(st, m, local, peer, &h, NULL, NULL);
  sw_arena_destroy(a);
  if (!rv) outstanding = 1;
  return rv;
}

int main(int argc, char **argv) {
  int ping = argc == 5 && strcmp(argv[1], "ping") == 0;
  if (!ping && !((argc == 4 || argc == 5) && strcmp(argv[1], "serve") == 0)) {
    fprintf(stderr, "usage: sipwire-embed serve LOCAL SECONDS [N] | ping LOCAL PEER COUNT\n");
    return 2;
  }
  sw_addr local, peer;
  if (sw_addr_parse(argv[2], &local) || (ping && sw_addr_parse(argv[3], &peer))) return 2;
  sock = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in sa;
  to_sockaddr(&local, &sa);
  if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof sa)) {
    perror("bind");
    return 2;
  }
  sw_stack *st;
  sw_stack_handlers h = {sizeof h, send_cb, on_request, NULL, NULL};
  if (sw_stack_create(NULL, NULL, &h, NULL, &st)) return 2;
  unsigned count = argc == 5 ? (unsigned)atoi(argv[4]) : 0, sent = 0;
  uint64_t last_rx = 0;
  uint64_t start = sw_ctx_now(NULL), limit = start + (ping ? 120000 : (uint64_t)atoi(argv[3]) * 1000);
  for (;;) {
    uint64_t now = sw_ctx_now(NULL);
    if (now >= limit) break;
    if (ping && !outstanding) {
      if (sent == count) break;
      if (send_options(st, &local, &peer, sent++)) failed++;
    }
    if (!ping && count && requests >= count && now >= last_rx + 5000) break; /* quiet: retransmissions over */
    /* Sleep until a datagram comes or the stack's next deadline. */
    int64_t next = sw_stack_next_timeout(st);
    int wait = (int)(limit - now);
    if (next >= 0) wait = next <= (int64_t)now ? 0 : (int)(next - (int64_t)now) < wait ? (int)(next - (int64_t)now) : wait;
    if (!ping && count && requests >= count && (int64_t)(last_rx + 5000 - now) < wait)
      wait = (int)(last_rx + 5000 - now); /* wake for the quiet check */
    struct pollfd p = {sock, POLLIN, 0};
    int r = poll(&p, 1, wait);
    if (r < 0 && errno != EINTR) break;
    if (r > 0) {
      char buf[65536];
      struct sockaddr_in from;
      socklen_t fl = sizeof from;
      ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
      if (n > 0) {
        last_rx = sw_ctx_now(NULL);
        sw_addr f = {SW_TRANSPORT_UDP, 4, ntohs(from.sin_port), {0}};
        memcpy(f.ip, &from.sin_addr, 4);
        sw_stack_recv(st, &local, &f, buf, (size_t)n); /* input: the bytes, where from */
      }
    }
    sw_stack_tick(st, sw_ctx_now(NULL)); /* time: run what is due */
  }
  sw_stack_destroy(st);
  close(sock);
  if (ping) {
    printf("ok %u failed %u sent %u\n", ok, failed, datagrams);
    return ok == count && !failed ? 0 : 1;
  }
  printf("requests %u\n", requests);
  return 0;
}
