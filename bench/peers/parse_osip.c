/*
 * parse_osip.c - GNU oSIP (libosipparser2) message parser benchmark.
 *
 * usage: parse_osip [-n ITER] [-q] FILE...
 *
 * parser_init() once; per message osip_message_init() +
 * osip_message_parse(sip, buf, len) + osip_message_free(), as in the
 * libosip2 documentation.  osip_message_parse() copies the input into a
 * temporary working buffer, parses the known headers (Via, From, To,
 * Call-ID, CSeq, Contact, ...) into separately malloc'ed structures and
 * strings (other headers are kept as malloc'ed name/value strings), copies
 * the body into an osip_body_t, and frees the working buffer.
 *
 * Fields are read with the osip accessor macros.  Notes:
 *  - Call-ID is stored split into number and host; printed as number@host.
 *  - CSeq number is a string in osip; printed as is (no conversion).
 *  - Contact: only a structured osip_uri_t is available; we report
 *    url->host rather than re-encoding the URI (osip_uri_to_str).
 */
#include "peer_common.h"

#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>

static int peer_init(void)
{
	return parser_init() == 0 ? 0 : -1;
}

static void peer_prepare(struct corpus_msg *m)
{
	(void)m;
}

static int peer_parse(struct corpus_msg *m, struct fields *f, int print)
{
	osip_message_t *sip;
	osip_call_id_t *cid;
	osip_cseq_t *cseq;
	osip_via_t *via = NULL;
	osip_from_t *from;
	osip_to_t *to;
	osip_contact_t *contact = NULL;
	osip_body_t *body = NULL;
	osip_generic_param_t *param;

	if (osip_message_init(&sip) != OSIP_SUCCESS)
		return -1;
	if (osip_message_parse(sip, m->data, m->len) != OSIP_SUCCESS) {
		osip_message_free(sip);
		return -1;
	}

	cid = osip_message_get_call_id(sip);
	if (cid) {
		f->callid = fv_cstr(cid->number);
		if (cid->host)
			f->callid_host = fv_cstr(cid->host);
	}
	cseq = osip_message_get_cseq(sip);
	if (cseq) {
		f->has_cseq = 1;
		f->cseq_num_str = fv_cstr(cseq->number);
		f->cseq_method = fv_cstr(cseq->method);
	}
	if (osip_message_get_via(sip, 0, &via) >= 0 && via) {
		param = NULL;
		if (osip_via_param_get_byname(via, "branch", &param) ==
		    OSIP_SUCCESS && param)
			f->via_branch = fv_cstr(param->gvalue);
	}
	from = osip_message_get_from(sip);
	if (from) {
		param = NULL;
		if (osip_from_get_tag(from, &param) == OSIP_SUCCESS && param)
			f->from_tag = fv_cstr(param->gvalue);
	}
	to = osip_message_get_to(sip);
	if (to) {
		param = NULL;
		if (osip_to_get_tag(to, &param) == OSIP_SUCCESS && param)
			f->to_tag = fv_cstr(param->gvalue);
	}
	if (osip_message_get_contact(sip, 0, &contact) >= 0 && contact &&
	    contact->url && contact->url->host)
		f->contact = fv_cstr(contact->url->host);
	if (osip_message_get_body(sip, 0, &body) >= 0 && body) {
		f->body = body->body;
		f->body_len = body->length;
	}

	fields_emit(m, f, print);

	osip_message_free(sip);
	return 0;
}

static void peer_fini(struct corpus_msg *msgs, int n)
{
	(void)msgs;
	(void)n;
}

int main(int argc, char **argv)
{
	return peer_main("osip2", argc, argv);
}
