/*
 * empty.c - the baseline for the code-size measurement of parse.c.
 *
 * It is parse.c without sipwire: the same harness (peers/peer_common.h:
 * argument handling, corpus loading, loop, TSV output, checksum), built
 * and linked with the same flags, but peer_parse() does not call the
 * library.  It fills the fields from the input buffer so that the compiler
 * cannot fold the output code away, which keeps the harness code the same
 * size as in parse.c.  size(parse) - size(empty) is then the code that
 * parsing and reading the fields pulls in from libsipwire.
 */
#include "peers/peer_common.h"

static int peer_init(void)
{
	return 0;
}

static void peer_prepare(struct corpus_msg *m)
{
	(void)m;
}

static int peer_parse(struct corpus_msg *m, struct fields *f, int print)
{
	if (!m->len)
		return -1;
	f->callid = fv_mem(m->data, m->len);
	f->has_cseq = 1;
	f->cseq_num = m->len;
	f->cseq_method = fv_mem(m->data, m->len);
	f->via_branch = fv_mem(m->data, m->len);
	f->from_tag = fv_mem(m->data, m->len);
	f->to_tag = fv_mem(m->data, m->len);
	f->contact = fv_mem(m->data, m->len);
	f->body = m->data;
	f->body_len = m->len;
	fields_emit(m, f, print);
	return 0;
}

static void peer_fini(struct corpus_msg *msgs, int n)
{
	(void)msgs;
	(void)n;
}

int main(int argc, char **argv)
{
	return peer_main("empty", argc, argv);
}
