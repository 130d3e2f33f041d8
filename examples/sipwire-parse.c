/* sipwire-parse: parse a SIP message and print it normalised or as JSON.
 * Exit: 0 valid, 1 syntax error, 3 well-formed but a UAS must refuse it,
 * 2 usage or I/O error. See sipwire-parse(1).
 * SPDX-License-Identifier: BSD-2-Clause */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipwire/sipwire.h"

static void usage(FILE *f) {
  fprintf(f,
          "usage: sipwire-parse [--json] [--lenient] [--sdp] [--answer LOCAL.sdp [--policy P]]\n"
          "                     [-v] [FILE|-]\n"
          "Parse one SIP message (strict RFC 3261 grammar plus the checks a UAS makes\n"
          "before its transaction layer) and print it normalised, or as JSON.\n"
          "  --json       print start line, headers with parsed fields, body as JSON\n"
          "  --lenient    repair what RFC 4475 calls liberal (extra SP, LF-only lines...)\n"
          "  --sdp        parse the SDP body (available with the SDP layer)\n"
          "  -v           more detail on stderr\n"
          "  --help, --version\n"
          "Exit: 0 valid, 1 syntax error, 3 must be refused, 2 usage or I/O error.\n");
}

static char *read_all(FILE *f, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t k = fread(buf + n, 1, cap - n, f);
    n += k;
    if (k == 0) break;
    if (n == cap) {
      char *nb = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
      if (!nb) {
        free(buf);
        return NULL;
      }
      buf = nb;
      cap *= 2;
    }
  }
  if (buf && ferror(f)) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* JSON string: valid UTF-8 kept, other bytes written as \xHH (backslash escaped). */
static void jstr(sw_str s) {
  putchar('"');
  const unsigned char *p = (const unsigned char *)s.p;
  for (size_t i = 0; p && i < s.len; i++) {
    unsigned char c = p[i];
    int n = c < 0x80 ? 1 : (c >= 0xC2 && c < 0xE0) ? 2 : (c >= 0xE0 && c < 0xF0) ? 3 : (c >= 0xF0 && c < 0xF5) ? 4 : 0;
    int ok = n > 0 && i + (size_t)n <= s.len;
    for (int k = 1; ok && k < n; k++) ok = (p[i + k] & 0xC0) == 0x80;
    if (!ok) {
      printf("\\\\x%02X", c);
    } else if (n > 1) {
      fwrite(p + i, 1, (size_t)n, stdout);
      i += (size_t)n - 1;
    } else if (c == '"' || c == '\\') {
      printf("\\%c", c);
    } else if (c < 0x20 || c == 0x7F) {
      printf("\\u%04x", c);
    } else {
      putchar(c);
    }
  }
  putchar('"');
}

static void jkey(const char *k, int *first) {
  printf("%s\"%s\":", *first ? "" : ",", k);
  *first = 0;
}

static void jkstr(const char *k, sw_str v, int *first) {
  if (!v.p) return;
  jkey(k, first);
  jstr(v);
}

static void jkint(const char *k, long v, int *first) {
  jkey(k, first);
  printf("%ld", v);
}

static void jparams(const char *k, const sw_param *p, int *first) {
  if (!p) return;
  jkey(k, first);
  putchar('[');
  for (int f2 = 1; p; p = p->next, f2 = 0) {
    int f = 1;
    printf("%s{", f2 ? "" : ",");
    jkstr("name", p->name, &f);
    jkstr("value", p->value, &f);
    putchar('}');
  }
  putchar(']');
}

static void juri(const char *k, const sw_uri *u, int *first) {
  static const char *const schemes[] = {"other", "sip", "sips", "tel"};
  jkey(k, first);
  int f = 1;
  putchar('{');
  jkey("scheme", &f);
  printf("\"%s\"", schemes[u->scheme]);
  jkstr("raw", u->raw, &f);
  jkstr("user", u->user, &f);
  jkstr("password", u->password, &f);
  jkstr("host", u->host, &f);
  if (u->port >= 0) jkint("port", u->port, &f);
  jparams("params", u->params, &f);
  jparams("headers", u->headers, &f);
  putchar('}');
}

static void jnameaddr(const sw_nameaddr *na) {
  int f = 1;
  putchar('{');
  if (na->star) {
    jkey("star", &f);
    printf("true");
  } else {
    jkstr("display", na->display, &f);
    juri("uri", &na->uri, &f);
    jkstr("tag", na->tag, &f);
    jparams("params", na->params, &f);
  }
  putchar('}');
}

/* Values of one header line: lists stop at the next line's first value. */
static void jparsed(const sw_hdr *h, const sw_hdr *next_same) {
  const void *v = h->parsed;
  const void *stop = next_same ? next_same->parsed : NULL;
  int f = 1;
  switch (h->id) {
  case SW_HDR_VIA:
    putchar('[');
    for (const sw_via *x = v; x && (const void *)x != stop; x = x->next) {
      f = 1;
      printf("%s{", x == v ? "" : ",");
      jkstr("protocol", x->protocol, &f);
      jkstr("version", x->version, &f);
      jkstr("transport", x->transport, &f);
      jkstr("host", x->host, &f);
      if (x->port >= 0) jkint("port", x->port, &f);
      jkstr("branch", x->branch, &f);
      jkstr("received", x->received, &f);
      if (x->rport != -2) jkint("rport", x->rport, &f);
      jparams("params", x->params, &f);
      putchar('}');
    }
    putchar(']');
    break;
  case SW_HDR_FROM: case SW_HDR_TO: case SW_HDR_REFER_TO: case SW_HDR_REFERRED_BY:
  case SW_HDR_REPLY_TO:
    jnameaddr(v);
    break;
  case SW_HDR_CONTACT: case SW_HDR_ROUTE: case SW_HDR_RECORD_ROUTE: case SW_HDR_PATH:
  case SW_HDR_SERVICE_ROUTE: case SW_HDR_REMOTE_PARTY_ID: case SW_HDR_P_ASSERTED_IDENTITY:
  case SW_HDR_P_PREFERRED_IDENTITY:
    putchar('[');
    for (const sw_nameaddr *x = v; x && (const void *)x != stop; x = x->next) {
      if (x != v) putchar(',');
      jnameaddr(x);
    }
    putchar(']');
    break;
  case SW_HDR_CSEQ: {
    const sw_cseq *c = v;
    printf("{\"seq\":%lu,", (unsigned long)c->seq);
    f = 1;
    jkstr("method", c->method_name, &f);
    putchar('}');
    break;
  }
  case SW_HDR_RACK: {
    const sw_rack *r = v;
    printf("{\"rseq\":%lu,\"cseq\":%lu,", (unsigned long)r->rseq, (unsigned long)r->cseq);
    jkstr("method", r->method_name, &f);
    putchar('}');
    break;
  }
  case SW_HDR_CONTENT_LENGTH: case SW_HDR_MAX_FORWARDS: case SW_HDR_EXPIRES:
  case SW_HDR_MIN_EXPIRES: case SW_HDR_RSEQ:
    printf("%lu", (unsigned long)((const sw_uint *)v)->value);
    break;
  case SW_HDR_CALL_ID:
    jstr(h->value);
    break;
  case SW_HDR_CONTENT_TYPE: {
    const sw_mediatype *t = v;
    putchar('{');
    jkstr("type", t->type, &f);
    jkstr("subtype", t->subtype, &f);
    jparams("params", t->params, &f);
    putchar('}');
    break;
  }
  case SW_HDR_SESSION_EXPIRES: case SW_HDR_MIN_SE: {
    const sw_timer *t = v;
    printf("{\"delta\":%lu", (unsigned long)t->delta);
    f = 0;
    jkstr("refresher", t->refresher, &f);
    jparams("params", t->params, &f);
    putchar('}');
    break;
  }
  case SW_HDR_AUTHORIZATION: case SW_HDR_PROXY_AUTHORIZATION: case SW_HDR_WWW_AUTHENTICATE:
  case SW_HDR_PROXY_AUTHENTICATE: {
    const sw_auth *a = v;
    putchar('{');
    jkstr("scheme", a->scheme, &f);
    jparams("params", a->params, &f);
    putchar('}');
    break;
  }
  case SW_HDR_REASON:
    putchar('[');
    for (const sw_reason *r = v; r; r = r->next) {
      f = 1;
      printf("%s{", r == v ? "" : ",");
      jkstr("protocol", r->protocol, &f);
      if (r->cause >= 0) jkint("cause", r->cause, &f);
      jkstr("text", r->text, &f);
      putchar('}');
    }
    putchar(']');
    break;
  case SW_HDR_EVENT: case SW_HDR_SUBSCRIPTION_STATE: {
    const sw_event *e = v;
    putchar('{');
    jkstr("value", e->value, &f);
    jparams("params", e->params, &f);
    putchar('}');
    break;
  }
  case SW_HDR_DATE:
    printf("{\"epoch\":%lld}", (long long)((const sw_date *)v)->epoch);
    break;
  default: /* token lists */
    putchar('[');
    for (const sw_token *t = v; t; t = t->next) {
      if (t != v) putchar(',');
      jstr(t->value);
    }
    putchar(']');
    break;
  }
}

static void print_json(const sw_msg *m) {
  int f = 1;
  putchar('{');
  if (sw_msg_is_request(m)) {
    printf("\"type\":\"request\"");
    f = 0;
    jkstr("method", sw_msg_method_name(m), &f);
    juri("uri", sw_msg_ruri(m), &f);
  } else {
    printf("\"type\":\"response\",\"status\":%d", sw_msg_status(m));
    f = 0;
    jkstr("reason", sw_msg_reason(m), &f);
  }
  jkstr("version", sw_msg_version(m), &f);
  printf(",\"headers\":[");
  for (const sw_hdr *h = sw_msg_hdr_first(m); h; h = h->next) {
    int hf = 1;
    printf("%s{", h == sw_msg_hdr_first(m) ? "" : ",");
    jkstr("name", h->name, &hf);
    jkstr("value", h->value, &hf);
    if (h->parsed) {
      jkey("parsed", &hf);
      jparsed(h, sw_msg_hdr_next(h));
    }
    putchar('}');
  }
  printf("],\"body\":");
  jstr(sw_msg_body(m));
  printf("}\n");
}

int main(int argc, char **argv) {
  static const struct option opts[] = {
      {"json", no_argument, 0, 'j'},   {"lenient", no_argument, 0, 'l'},
      {"sdp", no_argument, 0, 's'},    {"answer", required_argument, 0, 'a'},
      {"policy", required_argument, 0, 'p'}, {"verbose", no_argument, 0, 'v'},
      {"help", no_argument, 0, 'h'},   {"version", no_argument, 0, 'V'},
      {0, 0, 0, 0}};
  int json = 0, verbose = 0, c;
  sw_msg_opts mo;
  sw_msg_opts_init(&mo);
  mo.flags = SW_PARSE_FULL; /* every value checked, errors as syntax errors */
  while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
    switch (c) {
    case 'j': json = 1; break;
    case 'l': mo.flags |= SW_PARSE_LENIENT; break;
    case 'v': verbose++; break;
    case 'h': usage(stdout); return 0;
    case 'V': printf("sipwire-parse %s\n", sw_version()); return 0;
    case 's': case 'a': case 'p':
      fprintf(stderr, "sipwire-parse: --sdp, --answer and --policy need the SDP layer, not built yet\n");
      return 2;
    default: usage(stderr); return 2;
    }
  }
  if (argc - optind > 1) {
    usage(stderr);
    return 2;
  }
  const char *path = optind < argc ? argv[optind] : "-";
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    perror(path);
    return 2;
  }
  size_t len = 0;
  char *buf = read_all(f, &len);
  if (f != stdin) fclose(f);
  if (!buf) {
    fprintf(stderr, "sipwire-parse: %s: read error\n", path);
    return 2;
  }
  sw_arena *a;
  if (sw_arena_create(NULL, 0, &a)) {
    free(buf);
    return 2;
  }
  sw_msg *m;
  sw_parse_error err;
  size_t used;
  int rv = sw_msg_parse(a, buf, len, &mo, &m, &used, &err), status = 0;
  if (rv == SW_EPARSE || rv == SW_ETOOBIG) {
    fprintf(stderr, "offset %zu: %s (line %u)\n", err.offset, err.reason, err.line);
    status = 1;
  } else if (rv) {
    fprintf(stderr, "sipwire-parse: %s\n", sw_strerror(rv));
    status = 2;
  } else if ((rv = sw_msg_check(m, &err)) != 0) {
    if (err.status)
      fprintf(stderr, "offset %zu: %s (would answer %d)\n", err.offset, err.reason, err.status);
    else
      fprintf(stderr, "offset %zu: %s (would drop it)\n", err.offset, err.reason);
    status = 3;
  }
  if (!status) {
    if (verbose && used < len) fprintf(stderr, "%zu trailing bytes ignored\n", len - used);
    if (json) {
      print_json(m);
    } else {
      size_t n;
      sw_msg_print(m, SW_PRINT_NORMALISED, NULL, 0, &n);
      char *out = malloc(n + 1);
      if (out && sw_msg_print(m, SW_PRINT_NORMALISED, out, n + 1, &n) == 0)
        fwrite(out, 1, n, stdout);
      free(out);
    }
  }
  sw_arena_destroy(a);
  free(buf);
  return status;
}
