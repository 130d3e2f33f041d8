/*
 * peer_common.h - harness shared by the peer-parser benchmark programs
 * (parse_sofia.c, parse_osip.c, parse_re.c).
 *
 * It only does the things that must be identical in all three programs:
 * argument parsing, loading the corpus into memory, the iteration loop,
 * TSV output and the checksum.  Each program supplies
 *
 *   static const char *peer_name;
 *   static int  peer_init(void);                 (once, before loading)
 *   static void peer_prepare(struct corpus_msg *m); (once per file, optional
 *                                                 setup such as wrapping the
 *                                                 buffer in an mbuf)
 *   static int  peer_parse(struct corpus_msg *m, struct fields *f,
 *                          int print);           (parse + read + free)
 *   static void peer_fini(struct corpus_msg *msgs, int n); (release)
 *
 * peer_parse() must parse the message, fill *f with pointers into the
 * library's own parsed representation, call fields_emit(m, f, print)
 * BEFORE freeing the message (the pointers die with it), free it and
 * return 0, or return -1 on a parse failure.
 */
#ifndef PEER_COMMON_H
#define PEER_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A string view.  p == NULL: field absent.  l == FV_CSTR: NUL-terminated
 * (length not known without strlen). */
#define FV_CSTR ((size_t)-1)
struct fv {
	const char *p;
	size_t l;
};

static inline struct fv fv_cstr(const char *s)
{
	struct fv v = { s, FV_CSTR };
	return v;
}

static inline struct fv fv_mem(const char *p, size_t l)
{
	struct fv v = { p, l };
	return v;
}

static inline size_t fv_len(struct fv v)
{
	if (!v.p)
		return 0;
	return v.l == FV_CSTR ? strlen(v.p) : v.l;
}

struct fields {
	struct fv callid;
	struct fv callid_host;   /* osip only: Call-ID split at '@' */
	int has_cseq;            /* CSeq header present and parsed */
	unsigned long cseq_num;  /* numeric CSeq, if the library gives one */
	struct fv cseq_num_str;  /* textual CSeq, if that is all it gives */
	struct fv cseq_method;
	struct fv via_branch;
	struct fv from_tag;
	struct fv to_tag;
	struct fv contact;       /* full URI or host only, see README */
	const char *body;
	size_t body_len;
};

struct corpus_msg {
	const char *name;
	char *data;
	size_t len;
	void *user;              /* per-library handle (e.g. libre mbuf) */
};

static unsigned long g_checksum;

static void fv_print(struct fv v)
{
	if (!v.p)
		fputs("-", stdout);
	else if (v.l == FV_CSTR)
		fputs(v.p[0] ? v.p : "\"\"", stdout);
	else if (v.l == 0)
		fputs("\"\"", stdout);
	else
		fwrite(v.p, 1, v.l, stdout);
}

/* Consume the fields: checksum always, TSV line only if print. */
static inline void fields_emit(const struct corpus_msg *m,
			       const struct fields *f, int print)
{
	unsigned long s = 0;

	s += fv_len(f->callid);
	s += fv_len(f->via_branch);
	s += fv_len(f->from_tag);
	s += f->cseq_num_str.p ? fv_len(f->cseq_num_str) : f->cseq_num;
	s += f->body_len;
	if (f->body && f->body_len)
		s += (unsigned char)f->body[0];
	if (f->contact.p)
		s += 1;
	if (f->to_tag.p)
		s += 1;
	g_checksum += s;

	if (!print)
		return;

	fputs(m->name, stdout);
	putchar('\t');
	fv_print(f->callid);
	if (f->callid_host.p) {
		putchar('@');
		fv_print(f->callid_host);
	}
	putchar('\t');
	if (!f->has_cseq)
		fputs("-", stdout);
	else if (f->cseq_num_str.p)
		fv_print(f->cseq_num_str);
	else
		printf("%lu", f->cseq_num);
	putchar('\t');
	fv_print(f->cseq_method);
	putchar('\t');
	fv_print(f->via_branch);
	putchar('\t');
	fv_print(f->from_tag);
	putchar('\t');
	fv_print(f->to_tag);
	putchar('\t');
	fv_print(f->contact);
	printf("\t%zu\n", f->body_len);
}

static char *read_file(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!fp) {
		perror(path);
		return NULL;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(fp);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	buf[len] = '\0';	/* not counted; parsers get (buf, len) */
	*lenp = len;
	return buf;
}

static int  peer_init(void);
static void peer_prepare(struct corpus_msg *m);
static int  peer_parse(struct corpus_msg *m, struct fields *f, int print);
static void peer_fini(struct corpus_msg *msgs, int n);

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-n ITER] [-q] FILE...\n", prog);
	exit(2);
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int peer_main(const char *name, int argc, char **argv)
{
	long iters = 1;
	int quiet = 0, i, nmsg = 0, errors = 0;
	struct corpus_msg *msgs;
	size_t bytes = 0;
	double t0, t1;
	long it;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-q"))
			quiet = 1;
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			iters = strtol(argv[++i], NULL, 10);
		else if (!strncmp(argv[i], "-n", 2) && argv[i][2])
			iters = strtol(argv[i] + 2, NULL, 10);
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		else
			usage(argv[0]);
	}
	if (i >= argc || iters < 0)
		usage(argv[0]);

	if (peer_init() != 0) {
		fprintf(stderr, "%s: library init failed\n", name);
		return 1;
	}

	msgs = calloc(argc - i, sizeof(*msgs));
	if (!msgs)
		return 1;
	for (; i < argc; i++) {
		struct corpus_msg *m = &msgs[nmsg];
		m->name = argv[i];
		m->data = read_file(argv[i], &m->len);
		if (!m->data)
			return 1;
		bytes += m->len;
		peer_prepare(m);
		nmsg++;
	}

	t0 = now_sec();
	for (it = 0; it < iters; it++) {
		int print = !quiet && it == iters - 1;
		for (i = 0; i < nmsg; i++) {
			struct fields f;
			memset(&f, 0, sizeof(f));
			if (peer_parse(&msgs[i], &f, print) != 0) {
				if (it == iters - 1)
					errors++;
				if (print)
					printf("%s\tPARSE_ERROR\n", msgs[i].name);
			}
		}
	}
	t1 = now_sec();

	fflush(stdout);
	fprintf(stderr,
		"# %s: msgs=%d bytes=%zu iters=%ld parse_errors=%d "
		"checksum=%lu ns_per_msg=%.1f\n",
		name, nmsg, bytes, iters, errors, g_checksum,
		iters && nmsg ? (t1 - t0) * 1e9 / ((double)iters * nmsg) : 0.0);

	peer_fini(msgs, nmsg);
	for (i = 0; i < nmsg; i++)
		free(msgs[i].data);
	free(msgs);
	return 0;
}

#endif /* PEER_COMMON_H */
