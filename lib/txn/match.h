/* Matching messages to transactions (RFC 3261 17.1.3, 17.2.3 with the RFC
 * 2543 fallback, 9.2 for CANCEL). Pure functions over parsed messages.
 * Internal, not installed. SPDX-License-Identifier: BSD-2-Clause */
#ifndef SW_TXN_MATCH_H
#define SW_TXN_MATCH_H

#include <stdint.h>

#include "sipwire/msg.h"

/** Non-zero when the request's top Via carries an RFC 3261 branch: the
 * magic cookie followed by at least one more character. */
int sw_txn_rfc3261_(const sw_msg *req);
/** Server side: does req (a retransmission, or an ACK for a non-2xx final
 * response) belong to the transaction that txn_req created? to_tag is the
 * tag the server put in its response (2543 ACK matching), may be absent. */
int sw_txn_match_request_(const sw_msg *txn_req, sw_str to_tag, const sw_msg *req);
/** Client side: does resp belong to the transaction that sent txn_req? */
int sw_txn_match_response_(const sw_msg *txn_req, const sw_msg *resp);
/** Is cancel a CANCEL for the INVITE invite (9.2)? */
int sw_txn_match_cancel_(const sw_msg *invite, const sw_msg *cancel);
/** A hash equal for every request that sw_txn_match_request_ can match (an
 * ACK hashes as its INVITE), for a server-side table. */
uint32_t sw_txn_hash_request_(const sw_msg *req);
/** The hash of a client transaction as its responses compute it. */
uint32_t sw_txn_hash_response_(const sw_msg *resp);

#endif
