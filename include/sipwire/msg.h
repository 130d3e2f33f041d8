/*
 * sipwire msg layer: SIP message parser, printer, builder and URIs
 * (RFC 3261 section 25, RFC 4475, RFC 5118).
 *
 * A parsed message lives in an sw_arena and keeps views (sw_str) into the
 * caller's buffer: the buffer must outlive the message. Typed structs below
 * are read-only views; fields may be appended in later versions.
 *
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SIPWIRE_MSG_H
#define SIPWIRE_MSG_H

#include "sipwire/base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sw_method {
  SW_METHOD_OTHER = 0, /* an extension method: read its name */
  SW_METHOD_INVITE,
  SW_METHOD_ACK,
  SW_METHOD_BYE,
  SW_METHOD_CANCEL,
  SW_METHOD_OPTIONS,
  SW_METHOD_REGISTER,
  SW_METHOD_PRACK,
  SW_METHOD_UPDATE,
  SW_METHOD_INFO,
  SW_METHOD_MESSAGE,
  SW_METHOD_SUBSCRIBE,
  SW_METHOD_NOTIFY,
  SW_METHOD_REFER,
  SW_METHOD_PUBLISH
} sw_method;

/** Map a method name (case-sensitive, as RFC 3261 requires) to its id. */
SW_API sw_method sw_method_from_str(sw_str name);
/** Name of a known method ("INVITE"), or NULL for SW_METHOD_OTHER. */
SW_API const char *sw_method_name(sw_method m);

/* Known headers: id, canonical name, compact form (0: none), value kind. */
#define SW_HDR_MAP(XX)                                                    \
  XX(ACCEPT, "Accept", 0, MEDIALIST)                                    \
  XX(ACCEPT_CONTACT, "Accept-Contact", 'a', RAW)                        \
  XX(ACCEPT_ENCODING, "Accept-Encoding", 0, TOKENS)                     \
  XX(ACCEPT_LANGUAGE, "Accept-Language", 0, TOKENS)                     \
  XX(ALERT_INFO, "Alert-Info", 0, RAW)                                  \
  XX(ALLOW, "Allow", 0, TOKENS)                                         \
  XX(ALLOW_EVENTS, "Allow-Events", 'u', TOKENS)                         \
  XX(AUTHENTICATION_INFO, "Authentication-Info", 0, RAW)                \
  XX(AUTHORIZATION, "Authorization", 0, AUTH)                           \
  XX(CALL_ID, "Call-ID", 'i', CALLID)                                   \
  XX(CALL_INFO, "Call-Info", 0, RAW)                                    \
  XX(CONTACT, "Contact", 'm', CONTACT)                                  \
  XX(CONTENT_DISPOSITION, "Content-Disposition", 0, RAW)                \
  XX(CONTENT_ENCODING, "Content-Encoding", 'e', TOKENS)                 \
  XX(CONTENT_LANGUAGE, "Content-Language", 0, TOKENS)                   \
  XX(CONTENT_LENGTH, "Content-Length", 'l', UINT)                       \
  XX(CONTENT_TYPE, "Content-Type", 'c', MEDIATYPE)                      \
  XX(CSEQ, "CSeq", 0, CSEQ)                                             \
  XX(DATE, "Date", 0, DATE)                                             \
  XX(ERROR_INFO, "Error-Info", 0, RAW)                                  \
  XX(EVENT, "Event", 'o', EVENT)                                        \
  XX(EXPIRES, "Expires", 0, UINT)                                       \
  XX(FROM, "From", 'f', NAMEADDR)                                       \
  XX(IDENTITY, "Identity", 'y', RAW)                                    \
  XX(IDENTITY_INFO, "Identity-Info", 'n', RAW)                          \
  XX(IN_REPLY_TO, "In-Reply-To", 0, RAW)                                \
  XX(MAX_FORWARDS, "Max-Forwards", 0, UINT)                             \
  XX(MIME_VERSION, "MIME-Version", 0, RAW)                              \
  XX(MIN_EXPIRES, "Min-Expires", 0, UINT)                               \
  XX(MIN_SE, "Min-SE", 0, TIMER)                                        \
  XX(ORGANIZATION, "Organization", 0, RAW)                              \
  XX(P_ASSERTED_IDENTITY, "P-Asserted-Identity", 0, NAMEADDRS)          \
  XX(P_PREFERRED_IDENTITY, "P-Preferred-Identity", 0, NAMEADDRS)        \
  XX(PATH, "Path", 0, NAMEADDRS)                                        \
  XX(PRIORITY, "Priority", 0, RAW)                                      \
  XX(PRIVACY, "Privacy", 0, RAW)                                        \
  XX(PROXY_AUTHENTICATE, "Proxy-Authenticate", 0, AUTH)                 \
  XX(PROXY_AUTHORIZATION, "Proxy-Authorization", 0, AUTH)               \
  XX(PROXY_REQUIRE, "Proxy-Require", 0, TOKENS)                         \
  XX(RACK, "RAck", 0, RACK)                                             \
  XX(REASON, "Reason", 0, REASON)                                       \
  XX(RECORD_ROUTE, "Record-Route", 0, NAMEADDRS)                        \
  XX(REFER_TO, "Refer-To", 'r', NAMEADDR)                               \
  XX(REFERRED_BY, "Referred-By", 'b', NAMEADDR)                         \
  XX(REJECT_CONTACT, "Reject-Contact", 'j', RAW)                        \
  XX(REMOTE_PARTY_ID, "Remote-Party-ID", 0, NAMEADDRS)                  \
  XX(REPLACES, "Replaces", 0, RAW)                                      \
  XX(REPLY_TO, "Reply-To", 0, NAMEADDR)                                 \
  XX(REQUEST_DISPOSITION, "Request-Disposition", 'd', RAW)              \
  XX(REQUIRE, "Require", 0, TOKENS)                                     \
  XX(RETRY_AFTER, "Retry-After", 0, RAW)                                \
  XX(ROUTE, "Route", 0, NAMEADDRS)                                      \
  XX(RSEQ, "RSeq", 0, UINT)                                             \
  XX(SERVER, "Server", 0, RAW)                                          \
  XX(SERVICE_ROUTE, "Service-Route", 0, NAMEADDRS)                      \
  XX(SESSION_EXPIRES, "Session-Expires", 'x', TIMER)                    \
  XX(SUBJECT, "Subject", 's', RAW)                                      \
  XX(SUBSCRIPTION_STATE, "Subscription-State", 0, EVENT)               \
  XX(SUPPORTED, "Supported", 'k', TOKENS)                               \
  XX(TIMESTAMP, "Timestamp", 0, RAW)                                    \
  XX(TO, "To", 't', NAMEADDR)                                           \
  XX(UNSUPPORTED, "Unsupported", 0, TOKENS)                             \
  XX(USER_AGENT, "User-Agent", 0, RAW)                                  \
  XX(VIA, "Via", 'v', VIA)                                              \
  XX(WARNING, "Warning", 0, RAW)                                        \
  XX(WWW_AUTHENTICATE, "WWW-Authenticate", 0, AUTH)

typedef enum sw_hdr_id {
  SW_HDR_OTHER = 0, /* not known: reach it by name */
#define SW_XX_HDR_ENUM(id, name, compact, kind) SW_HDR_##id,
  SW_HDR_MAP(SW_XX_HDR_ENUM)
#undef SW_XX_HDR_ENUM
  SW_HDR_COUNT_
} sw_hdr_id;

/** Canonical name of a known header ("Call-ID"), NULL for SW_HDR_OTHER. */
SW_API const char *sw_hdr_name(sw_hdr_id id);
/** Look a header name up (long or compact form, any case); SW_HDR_OTHER if unknown. */
SW_API sw_hdr_id sw_hdr_lookup(sw_str name);

/** A parameter (";name=value"). value.p is NULL when there was no "=".
 * Values are as received: quoted values keep their quotes, escapes are kept. */
typedef struct sw_param {
  sw_str name;
  sw_str value;
  struct sw_param *next;
} sw_param;

/** First parameter named name (case-insensitive), or NULL. */
SW_API const sw_param *sw_param_find(const sw_param *list, const char *name);

typedef enum sw_uri_scheme {
  SW_URI_OTHER = 0, /* absoluteURI of another scheme: see raw */
  SW_URI_SIP,
  SW_URI_SIPS,
  SW_URI_TEL
} sw_uri_scheme;

typedef enum sw_host_type { SW_HOST_NONE = 0, SW_HOST_NAME, SW_HOST_IPV4, SW_HOST_IPV6 } sw_host_type;

/** A URI. For SIP/SIPS, parts are escaped as received; host of an IPv6
 * reference keeps its brackets. For tel:, user holds the number. */
typedef struct sw_uri {
  sw_uri_scheme scheme;
  sw_str raw;      /* the whole URI */
  sw_str scheme_name;
  sw_str user;
  sw_str password;
  sw_str host;
  sw_host_type host_type;
  int port;        /* -1 when absent */
  sw_param *params;
  sw_param *headers; /* "?name=value&..." */
} sw_uri;

/** A name-addr or addr-spec with header parameters (From, To, Contact, Route...). */
typedef struct sw_nameaddr {
  sw_str raw;      /* the whole value */
  sw_str display;  /* as received, quotes included; p NULL when absent */
  sw_uri uri;
  sw_param *params;
  sw_str tag;      /* shortcut for the "tag" parameter */
  int star;        /* Contact: "*" */
  int angle;       /* the URI was enclosed in <> */
  struct sw_nameaddr *next; /* next value of the same kind in the message */
} sw_nameaddr;

/** One Via value. */
typedef struct sw_via {
  sw_str raw;
  sw_str protocol;  /* "SIP" */
  sw_str version;   /* "2.0" */
  sw_str transport; /* "UDP" */
  sw_str host;
  sw_host_type host_type;
  int port;         /* -1 when absent */
  sw_str branch, received, maddr;
  int ttl;          /* -1 when absent */
  int rport;        /* -2 absent, -1 present without value, else the port */
  sw_param *params;
  struct sw_via *next;
} sw_via;

typedef struct sw_cseq {
  uint32_t seq;
  sw_method method;
  sw_str method_name;
} sw_cseq;

/** A list element of a token list header (Allow, Supported, Require...). */
typedef struct sw_token {
  sw_str value;
  sw_param *params; /* Accept: media-range parameters */
  struct sw_token *next;
} sw_token;

/** Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate. */
typedef struct sw_auth {
  sw_str scheme;
  sw_param *params;  /* values as received (quoted ones keep their quotes) */
  struct sw_auth *next;
} sw_auth;

/** Content-Type. */
typedef struct sw_mediatype {
  sw_str type, subtype;
  sw_param *params;
} sw_mediatype;

/** Session-Expires, Min-SE: delta-seconds and parameters. */
typedef struct sw_timer {
  uint32_t delta;
  sw_str refresher; /* Session-Expires ;refresher=uac|uas */
  sw_param *params;
} sw_timer;

typedef struct sw_rack {
  uint32_t rseq, cseq;
  sw_method method;
  sw_str method_name;
} sw_rack;

/** One Reason value (RFC 3326): protocol ;cause= ;text= */
typedef struct sw_reason {
  sw_str protocol;  /* "Q.850", "SIP" */
  int cause;        /* -1 when absent */
  sw_str text;      /* inside the quotes, escapes kept */
  sw_param *params;
  struct sw_reason *next;
} sw_reason;

/** Event and Subscription-State: a token with parameters. */
typedef struct sw_event {
  sw_str value;
  sw_param *params;
} sw_event;

/** A numeric header (Content-Length, Max-Forwards, Expires, RSeq...). */
typedef struct sw_uint {
  uint32_t value;
  int malformed; /* Expires beyond 2^32-1: value is 3600 (RFC 3261 20.19) */
} sw_uint;

/** Date (RFC 1123 form, GMT). */
typedef struct sw_date {
  int64_t epoch; /* seconds since 1970-01-01 UTC */
} sw_date;

/** One header field line as it appears in the message, in order. */
typedef struct sw_hdr {
  sw_hdr_id id;
  sw_str name;     /* as received */
  sw_str value;    /* trimmed; may contain line folding */
  sw_str raw;      /* the whole field, name to CRLF included */
  const void *parsed; /* the typed value (first one for lists), or NULL:
                       * NULL too until parsed (see sw_msg_hdr_parse) */
  struct sw_hdr *next;
} sw_hdr;

typedef struct sw_msg sw_msg;

/* Parse flags. */
#define SW_PARSE_LENIENT 0x1u /* accept common deviations (see sw_msg_parse(3)) */
#define SW_PARSE_STREAM 0x2u  /* TCP framing: report bytes used or SW_EAGAIN */
#define SW_PARSE_FULL 0x4u    /* parse every known header now, not on first access */

/** Parser options; sw_msg_opts_init() sets defaults. */
typedef struct sw_msg_opts {
  size_t size;
  unsigned flags;
  size_t max_size;        /* whole message, default 65535 */
  unsigned max_headers;   /* header field lines, default 256 */
  size_t max_header_len;  /* one field, default 8192 */
  unsigned max_via;       /* Via values, default 64 */
} sw_msg_opts;

/** Set default parser options. */
SW_API void sw_msg_opts_init(sw_msg_opts *o);

/** Parse one message from buf[0..len) into arena a (opts NULL: strict datagram).
 * Datagram mode: a Content-Length larger than the rest of the buffer is an
 * error, trailing bytes after the body are ignored, a missing Content-Length
 * means the body is the rest. Stream mode: returns SW_EAGAIN until the whole
 * message is present and sets *used to its length. Returns 0, SW_EPARSE,
 * SW_ETOOBIG, SW_EAGAIN, SW_ENOMEM or SW_EINVAL; err (may be NULL) gets detail. */
SW_API int sw_msg_parse(sw_arena *a, const void *buf, size_t len, const sw_msg_opts *opts,
                        sw_msg **out, size_t *used, sw_parse_error *err);

/** Parse every header value not parsed yet (see SW_PARSE_FULL). Returns 0,
 * SW_EPARSE with err set (offset in the caller's buffer), or SW_ENOMEM. */
SW_API int sw_msg_validate(const sw_msg *m, sw_parse_error *err);

/** UAS checks made before a request reaches its transaction (RFC 3261 8.2,
 * RFC 4475): every value valid (as sw_msg_validate), version, mandatory and
 * single headers, CSeq method. Returns 0, SW_EPARSE or SW_ENOMEM from the
 * validation, or SW_EREFUSE; err->status is the response to send (0: drop). */
SW_API int sw_msg_check(const sw_msg *m, sw_parse_error *err);

/** Non-zero for a request. */
SW_API int sw_msg_is_request(const sw_msg *m);
/** Request method id (SW_METHOD_OTHER for extensions and responses). */
SW_API sw_method sw_msg_method(const sw_msg *m);
/** Request method name as received. */
SW_API sw_str sw_msg_method_name(const sw_msg *m);
/** Request-URI (NULL for a response). */
SW_API const sw_uri *sw_msg_ruri(const sw_msg *m);
/** Status code of a response (0 for a request). */
SW_API int sw_msg_status(const sw_msg *m);
/** Reason phrase of a response, as received. */
SW_API sw_str sw_msg_reason(const sw_msg *m);
/** SIP-Version of the start line ("SIP/2.0"). */
SW_API sw_str sw_msg_version(const sw_msg *m);

/** First header field line, then follow ->next; in message order. */
SW_API const sw_hdr *sw_msg_hdr_first(const sw_msg *m);
/** First header line with this id, or NULL. */
SW_API const sw_hdr *sw_msg_hdr_find(const sw_msg *m, sw_hdr_id id);
/** Next header line after h with the same id (or same name if unknown), or NULL. */
SW_API const sw_hdr *sw_msg_hdr_next(const sw_hdr *h);
/** First header line with this name (any case, long or compact form), or NULL. */
SW_API const sw_hdr *sw_msg_hdr_find_name(const sw_msg *m, sw_str name);
/** Number of header lines with this id. */
SW_API unsigned sw_msg_hdr_count(const sw_msg *m, sw_hdr_id id);

/** Top Via value (follow ->next for the others), or NULL. */
SW_API const sw_via *sw_msg_via(const sw_msg *m);
/** From, To (NULL when absent). */
SW_API const sw_nameaddr *sw_msg_from(const sw_msg *m);
SW_API const sw_nameaddr *sw_msg_to(const sw_msg *m);
/** First Contact, Route, Record-Route value; follow ->next. */
SW_API const sw_nameaddr *sw_msg_contact(const sw_msg *m);
SW_API const sw_nameaddr *sw_msg_route(const sw_msg *m);
SW_API const sw_nameaddr *sw_msg_record_route(const sw_msg *m);
/** Call-ID value (p NULL when absent). */
SW_API sw_str sw_msg_call_id(const sw_msg *m);
/** CSeq (NULL when absent). */
SW_API const sw_cseq *sw_msg_cseq(const sw_msg *m);
/** Max-Forwards, or -1 when absent. */
SW_API long sw_msg_max_forwards(const sw_msg *m);
/** Content-Type (NULL when absent). */
SW_API const sw_mediatype *sw_msg_content_type(const sw_msg *m);
/** Message body (len 0 when none). */
SW_API sw_str sw_msg_body(const sw_msg *m);
/** Typed value of the first header with this id, parsed now if it was not
 * yet; NULL when absent or malformed (see sw_msg_hdr_parse). */
SW_API const void *sw_msg_get(const sw_msg *m, sw_hdr_id id);
/** Typed value of one header line of m, parsed now if it was not yet (also
 * set in h->parsed). *out is NULL for headers without one. Returns 0,
 * SW_EPARSE with err set, SW_ENOMEM or SW_EINVAL. */
SW_API int sw_msg_hdr_parse(const sw_msg *m, const sw_hdr *h, const void **out,
                            sw_parse_error *err);

/** Parse a URI on its own (strict grammar). */
SW_API int sw_uri_parse(sw_arena *a, const char *s, size_t len, sw_uri *out,
                        sw_parse_error *err);
/** Compare two URIs per RFC 3261 19.1.4; non-zero when equivalent. */
SW_API int sw_uri_equal(const sw_uri *a, const sw_uri *b);
/** Compare two From/To/Contact values (RFC 3261 20.20, 7.3.1): URIs per
 * 19.1.4, tag must match if either has one, other parameters only where both
 * have them; display names and angle brackets do not count. Non-zero if equal. */
SW_API int sw_nameaddr_equal(const sw_nameaddr *a, const sw_nameaddr *b);
/** Compare two Via values for transaction matching (RFC 3261 17.2.3):
 * protocol, transport and sent-by, branch, received, maddr and ttl must match
 * if either has them; tokens ignore case. Non-zero if equal. */
SW_API int sw_via_equal(const sw_via *a, const sw_via *b);
/** Unescape %HH sequences of src into dst (cap bytes); *len gets the length.
 * Errors: SW_EPARSE on a bad escape, SW_ENOSPC. */
SW_API int sw_unescape(sw_str src, char *dst, size_t cap, size_t *len);

/* Printing. */
#define SW_PRINT_NORMALISED 0x1u /* canonical names, unfolded values, CRLF, Content-Length recomputed */

/** Print m into buf (cap bytes). Unchanged parsed messages print byte-identical
 * unless SW_PRINT_NORMALISED. *len gets the length (also on SW_ENOSPC, the
 * length needed). Errors: SW_ENOSPC. */
SW_API int sw_msg_print(const sw_msg *m, unsigned flags, char *buf, size_t cap, size_t *len);

/* Building. Strings are copied into the arena; values are parsed and
 * checked as if received. */
/** New request: method name and Request-URI. Errors: SW_EINVAL, SW_EPARSE, SW_ENOMEM. */
SW_API int sw_msg_new_request(sw_arena *a, const char *method, const char *ruri, sw_msg **out);
/** New response to req per RFC 3261 8.2.6: Via, From, To, Call-ID, CSeq copied;
 * to_tag (may be NULL) added to To when it has none. reason NULL: the standard phrase. */
SW_API int sw_msg_new_response(sw_arena *a, const sw_msg *req, int status, const char *reason,
                               const char *to_tag, sw_msg **out);
/** Append a header line (name: value). Errors: SW_EINVAL, SW_EPARSE, SW_ENOMEM,
 * SW_ERANGE for a CSeq of 2^31 or more (RFC 3261 8.1.1.5). */
SW_API int sw_msg_add_header(sw_msg *m, const char *name, const char *value);
/** Remove every header line with this id (SW_HDR_OTHER: none); returns the count. */
SW_API int sw_msg_remove_header(sw_msg *m, sw_hdr_id id);
/** Set the body and its Content-Type (NULL: leave Content-Type alone); Content-Length follows. */
SW_API int sw_msg_set_body(sw_msg *m, const char *content_type, const void *body, size_t len);
/** Standard reason phrase for a status code ("Ringing"), or "Unknown". */
SW_API const char *sw_status_phrase(int status);

#ifdef __cplusplus
}
#endif
#endif /* SIPWIRE_MSG_H */
