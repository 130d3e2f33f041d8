/*
 * parse.c - sipwire message parser benchmark (the counterpart of
 * peers/parse_sofia.c, peers/parse_osip.c and peers/parse_re.c).
 *
 * usage: parse [-n ITER] [-q] FILE...
 *
 * Same command line, loop, TSV output and checksum as the peer programs
 * (peers/peer_common.h).  Per message:
 *
 *   sw_arena_reset(arena);
 *   sw_msg_parse(arena, buf, len, NULL, &m, NULL, NULL);   (strict datagram)
 *   sw_msg_call_id(m), sw_msg_cseq(m), sw_msg_via(m)->branch,
 *   sw_msg_from(m)->tag, sw_msg_to(m)->tag, sw_msg_contact(m)->uri.raw,
 *   sw_msg_body(m)
 *
 * One arena is created once, before the corpus is loaded, and reset before
 * every parse (sw_arena_reset keeps the first chunk), so in steady state a
 * message that fits in one chunk costs no heap allocation; a larger one
 * makes the arena allocate an extra chunk, which the next reset frees.  The context and the arena use a counting allocator (sw_failalloc
 * that never fails); at exit the program writes to stderr how many
 * allocations the library made inside the parse loop:
 *
 *   # sipwire: allocs_in_loop=N allocs_per_msg=X arena_used_max=B
 *
 * All fields are sw_str views into the caller's buffer, so they are printed
 * with their length; the Contact column is the full raw URI (like libre).
 */
#include "peers/peer_common.h"

#include <sipwire/base.h>
#include <sipwire/msg.h>

/* Arena chunk size handed to sw_arena_create (0: the library default,
 * 4096 bytes).  The Makefile passes ARENA_CHUNK=... through. */
#ifndef ARENA_CHUNK
#define ARENA_CHUNK 0
#endif

#ifndef SIZE_ONLY
static sw_failalloc g_fa;
static sw_ctx *g_ctx;
static unsigned long g_allocs_after_init;
#endif
static sw_arena *g_arena;
static unsigned long g_parses;
static size_t g_arena_max;

static inline struct fv fv_sw(sw_str s)
{
	return fv_mem(s.p, s.p ? s.len : 0);
}

static int peer_init(void)
{
#ifdef SIZE_ONLY
	/* The size build: no allocation counting, only what parsing needs. */
	return sw_arena_create(NULL, ARENA_CHUNK, &g_arena) != 0 ? -1 : 0;
#else
	sw_ctx_config cfg;

	sw_failalloc_init(&g_fa, 0, 0);
	sw_ctx_config_init(&cfg);
	cfg.alloc = &g_fa.alloc;
	if (sw_ctx_create(&cfg, &g_ctx) != 0)
		return -1;
	if (sw_arena_create(g_ctx, ARENA_CHUNK, &g_arena) != 0)
		return -1;
	g_allocs_after_init = g_fa.count;
	return 0;
#endif
}

static void peer_prepare(struct corpus_msg *m)
{
	(void)m;
}

static int peer_parse(struct corpus_msg *m, struct fields *f, int print)
{
	const sw_via *via;
	const sw_nameaddr *na;
	const sw_cseq *cs;
	sw_msg *msg;
	sw_str body;
	size_t used;

	sw_arena_reset(g_arena);
	g_parses++;
#if defined(PARSE_FULL)
	/* Variant: every known header parsed with the message. */
	static const sw_msg_opts full = {sizeof(sw_msg_opts), SW_PARSE_FULL, 65535, 256, 8192, 64};
	if (sw_msg_parse(g_arena, m->data, m->len, &full, &msg, NULL, NULL) != 0)
#elif defined(PARSE_CHECK)
	/* Variant: what a UAS does before its transaction layer (parse, then
	 * validate every value and make the RFC 3261 8.2 checks). */
	if (sw_msg_parse(g_arena, m->data, m->len, NULL, &msg, NULL, NULL) != 0 ||
	    sw_msg_check(msg, NULL) != 0)
#else
	if (sw_msg_parse(g_arena, m->data, m->len, NULL, &msg, NULL, NULL) != 0)
#endif
		return -1;

	f->callid = fv_sw(sw_msg_call_id(msg));
	if ((cs = sw_msg_cseq(msg)) != NULL) {
		f->has_cseq = 1;
		f->cseq_num = cs->seq;
		f->cseq_method = fv_sw(cs->method_name);
	}
	if ((via = sw_msg_via(msg)) != NULL)
		f->via_branch = fv_sw(via->branch);
	if ((na = sw_msg_from(msg)) != NULL)
		f->from_tag = fv_sw(na->tag);
	if ((na = sw_msg_to(msg)) != NULL)
		f->to_tag = fv_sw(na->tag);
	if ((na = sw_msg_contact(msg)) != NULL)
		f->contact = fv_sw(na->uri.raw);
	body = sw_msg_body(msg);
	f->body = body.p;
	f->body_len = body.p ? body.len : 0;

	fields_emit(m, f, print);

	used = sw_arena_used(g_arena);
	if (used > g_arena_max)
		g_arena_max = used;
	return 0;
}

static void peer_fini(struct corpus_msg *msgs, int n)
{
	(void)msgs;
	(void)n;
#ifdef SIZE_ONLY
	sw_arena_destroy(g_arena);
#else
	unsigned long allocs = g_fa.count - g_allocs_after_init;

	fprintf(stderr,
		"# sipwire: parses=%lu allocs_in_loop=%lu allocs_per_msg=%.4f "
		"arena_used_max=%zu\n",
		g_parses, allocs, g_parses ? (double)allocs / g_parses : 0.0,
		g_arena_max);
	sw_arena_destroy(g_arena);
	sw_ctx_destroy(g_ctx);
	if (g_fa.live)
		fprintf(stderr, "# sipwire: %lu blocks still live\n", g_fa.live);
#endif
}

int main(int argc, char **argv)
{
	return peer_main("sipwire", argc, argv);
}
