/*
 * parse_sofia.c - sofia-sip (libsofia-sip-ua) message parser benchmark.
 *
 * usage: parse_sofia [-n ITER] [-q] FILE...
 *
 * Per message: msg_make(sip_default_mclass(), 0, buf, len) - the
 * documented one-shot "parse a message from a buffer" call (it allocates a
 * msg_t, copies the bytes into the message's own buffer, and runs
 * msg_extract(), which parses every header known to the mclass into its
 * structure: Via, From/To (URL + params), CSeq, Contact, ...).  The fields
 * are then read straight from the sip_t (sip_object(msg)); sofia's strings
 * are NUL-terminated in place inside the message buffer.
 *
 * Contact: sofia only keeps the URI in structured form (url_t); we report
 * m_url->url_host rather than re-encoding the URI (url_e/url_as_string).
 */
#include "peer_common.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

static msg_mclass_t const *mclass;

static int peer_init(void)
{
	mclass = sip_default_mclass();
	return mclass ? 0 : -1;
}

static void peer_prepare(struct corpus_msg *m)
{
	(void)m;
}

static int peer_parse(struct corpus_msg *m, struct fields *f, int print)
{
	msg_t *msg;
	sip_t const *sip;

	msg = msg_make(mclass, 0, m->data, (ssize_t)m->len);
	if (!msg)
		return -1;

	sip = sip_object(msg);
	if (!sip || (sip->sip_flags & MSG_FLG_ERROR) ||
	    !(sip->sip_flags & MSG_FLG_COMPLETE)) {
		msg_destroy(msg);
		return -1;
	}

	if (sip->sip_call_id)
		f->callid = fv_cstr(sip->sip_call_id->i_id);
	if (sip->sip_cseq) {
		f->has_cseq = 1;
		f->cseq_num = sip->sip_cseq->cs_seq;
		f->cseq_method = fv_cstr(sip->sip_cseq->cs_method_name);
	}
	if (sip->sip_via && sip->sip_via->v_branch)
		f->via_branch = fv_cstr(sip->sip_via->v_branch);
	if (sip->sip_from && sip->sip_from->a_tag)
		f->from_tag = fv_cstr(sip->sip_from->a_tag);
	if (sip->sip_to && sip->sip_to->a_tag)
		f->to_tag = fv_cstr(sip->sip_to->a_tag);
	if (sip->sip_contact && sip->sip_contact->m_url->url_host)
		f->contact = fv_cstr(sip->sip_contact->m_url->url_host);
	if (sip->sip_payload) {
		f->body = sip->sip_payload->pl_data;
		f->body_len = sip->sip_payload->pl_len;
	}

	fields_emit(m, f, print);

	msg_destroy(msg);
	return 0;
}

static void peer_fini(struct corpus_msg *msgs, int n)
{
	(void)msgs;
	(void)n;
}

int main(int argc, char **argv)
{
	return peer_main("sofia-sip", argc, argv);
}
