/*
 * parse_re.c - libre (baresip/creytiv "re") SIP message parser benchmark.
 *
 * usage: parse_re [-n ITER] [-q] FILE...
 *
 * libre parses from a struct mbuf, as its SIP transport does with a received
 * datagram.  Each file is copied once, at load time, into an mbuf (outside
 * the timed loop, like a receive buffer); per message we rewind mb->pos and
 * call sip_msg_decode(&msg, mb), then mem_deref(msg).
 *
 * sip_msg_decode() splits the header section into (name, value) pointer
 * pairs (no copies), puts every header into a list + hash table (one
 * allocation per header), and eagerly decodes only the first Via, To, From,
 * CSeq and the request URI; Call-ID, Content-Length etc. are cached as
 * pointer/length pairs.  Everything else - including Contact - is decoded on
 * demand: we fetch the first Contact with sip_msg_hdr(msg, SIP_HDR_CONTACT)
 * and decode it with sip_addr_decode() (what libre's own dialog code does),
 * which gives the URI as a pointer/length into the buffer (addr.auri), so
 * libre reports the full Contact URI, not just its host.
 *
 * Body: after decoding, msg->mb->pos is at the first body byte, so the body
 * is mbuf_buf()/mbuf_get_left().  sip_msg_decode() does not compare this
 * with Content-Length (libre's transport does that for stream transports).
 */
#include "peer_common.h"

#include <re.h>

static int peer_init(void)
{
	return libre_init();
}

static void peer_prepare(struct corpus_msg *m)
{
	struct mbuf *mb = mbuf_alloc(m->len);

	if (!mb || mbuf_write_mem(mb, (const uint8_t *)m->data, m->len)) {
		fprintf(stderr, "mbuf_alloc failed\n");
		exit(1);
	}
	m->user = mb;
}

static inline struct fv fv_pl(const struct pl *pl)
{
	return pl_isset(pl) ? fv_mem(pl->p, pl->l) : fv_mem(NULL, 0);
}

static int peer_parse(struct corpus_msg *m, struct fields *f, int print)
{
	struct mbuf *mb = m->user;
	struct sip_msg *msg = NULL;
	const struct sip_hdr *hdr;
	struct sip_addr addr;

	mb->pos = 0;
	if (sip_msg_decode(&msg, mb) != 0)
		return -1;

	f->callid = fv_pl(&msg->callid);
	f->has_cseq = pl_isset(&msg->cseq.met);
	f->cseq_num = msg->cseq.num;
	f->cseq_method = fv_pl(&msg->cseq.met);
	f->via_branch = fv_pl(&msg->via.branch);
	f->from_tag = fv_pl(&msg->from.tag);
	f->to_tag = fv_pl(&msg->to.tag);

	hdr = sip_msg_hdr(msg, SIP_HDR_CONTACT);
	if (hdr && sip_addr_decode(&addr, &hdr->val) == 0)
		f->contact = fv_pl(&addr.auri);

	f->body = (const char *)mbuf_buf(msg->mb);
	f->body_len = mbuf_get_left(msg->mb);

	fields_emit(m, f, print);

	mem_deref(msg);
	return 0;
}

static void peer_fini(struct corpus_msg *msgs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		msgs[i].user = mem_deref(msgs[i].user);
	libre_close();
}

int main(int argc, char **argv)
{
	return peer_main("libre", argc, argv);
}
