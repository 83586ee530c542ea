/*
 * The import driver: picks the format, reads records, checks them against the
 * database (levels exist, no duplicate keys in the file, no supersession loop),
 * and writes them in one transaction. Any error rolls everything back, and the
 * message says "FILE: RECORD: FIELD: what". With an actor, each record's
 * country is authorised before the record is written (a Puente JSON document:
 * every record before any is written); every import is audited.
 */
#include "io_internal.h"

#include "puente/audit.h"
#include "puente/auth.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "puente/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE ((size_t)256 << 20)

/* A set of strings (keys seen in this file), open addressing. */
struct strset {
	char **slot;
	size_t cap, n;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/* 1 when added, 0 when already there, negative on OOM. */
static int strset_add(struct strset *set, const char *key)
{
	size_t i;

	if (set->n * 2 >= set->cap) {
		struct strset big = {NULL, set->cap ? set->cap * 2 : 1024, 0};

		big.slot = calloc(big.cap, sizeof(*big.slot));
		if (big.slot == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		for (size_t k = 0; k < set->cap; k++) {
			if (set->slot[k] == NULL)
				continue;
			i = hash(set->slot[k]) & (big.cap - 1);
			while (big.slot[i] != NULL)
				i = (i + 1) & (big.cap - 1);
			big.slot[i] = set->slot[k];
			big.n++;
		}
		free(set->slot);
		*set = big;
	}
	i = hash(key) & (set->cap - 1);
	while (set->slot[i] != NULL) {
		if (strcmp(set->slot[i], key) == 0)
			return 0;
		i = (i + 1) & (set->cap - 1);
	}
	set->slot[i] = strdup(key);
	if (set->slot[i] == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	set->n++;
	return 1;
}

static void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
}

struct ctx {
	pu_store *st;
	const char *name;
	const pu_import_options *opt;
	pu_import_result *res;
	struct strset seen;
	char **chains; /* "CC\x1fCODE" of standards with superseded_by */
	size_t nchains, chains_cap;
	const char *merge_lang; /* ESCO: merge this language into existing */
	size_t total, done;
	const pu_actor *actor; /* NULL: not checked */
	char country[17];      /* the records' one country, for the audit */
	bool mixed;            /* records of several countries */
};

/* Remembers the country of a record, for the audit entry's scope. */
static void note_country(struct ctx *c, const char *country)
{
	if (c->mixed || country == NULL)
		return;
	if (c->country[0] == '\0')
		snprintf(c->country, sizeof(c->country), "%s", country);
	else if (strcmp(c->country, country) != 0)
		c->mixed = true;
}

static void progress(struct ctx *c, size_t done)
{
	if (c->opt && c->opt->progress && c->total > 0)
		c->opt->progress(done, c->total, c->opt->progress_arg);
}

/* Replaces dst's texts in lang with src's (used to merge a translation). */
static int merge_lang(pu_arena *a, pu_mtext *dst, const pu_mtext *src,
		      const char *lang)
{
	pu_tr *v = pu_arena_alloc(a, (dst->n + src->n + 1) * sizeof(*v));
	size_t n = 0;

	if (v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < dst->n; i++)
		if (strcmp(dst->v[i].lang, lang) != 0)
			v[n++] = dst->v[i];
	for (size_t i = 0; i < src->n; i++) {
		v[n].lang = pu_arena_strdup(a, src->v[i].lang);
		v[n].text = pu_arena_strdup(a, src->v[i].text);
		if (v[n].lang == NULL || v[n].text == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		n++;
	}
	dst->v = v;
	dst->n = n;
	return 0;
}

static int merge_into_existing(struct ctx *c, pu_standard *s)
{
	pu_standard *old = NULL;
	int rc = pu_store_get_standard(c->st, s->country, s->code, &old);

	if (rc == PU_ENOTFOUND) {
		pu_error_clear();
		return pu_store_put_standard(c->st, s);
	}
	if (rc < 0)
		return rc;
	rc = merge_lang(old->arena, &old->title, &s->title, c->merge_lang);
	if (rc == 0)
		rc = merge_lang(old->arena, &old->alt_titles, &s->alt_titles,
				c->merge_lang);
	if (rc == 0)
		rc = merge_lang(old->arena, &old->description, &s->description,
				c->merge_lang);
	if (rc == 0)
		rc = pu_store_put_standard(c->st, old);
	pu_standard_free(old);
	return rc;
}

/* Takes ownership of s. */
static int sink(pu_standard *s, size_t index, const char *label, void *arg)
{
	struct ctx *c = arg;
	pu_buf key = PU_BUF_INIT;
	int rc;

	note_country(c, s->country);
	rc = c->actor ? pu_authorize(c->actor, PU_ACT_CATALOGUE_WRITE,
				     s->country, NULL)
		      : 0;
	if (rc == 0)
		rc = pu_buf_printf(&key, "%s\x1f%s", s->country, s->code);
	if (rc == 0) {
		rc = strset_add(&c->seen, key.ptr);
		if (rc == 0)
			rc = pu_error_set(PU_EINVAL,
					  "code: %s/%s appears twice in the file",
					  s->country, s->code);
	}
	if (rc >= 0)
		rc = c->merge_lang ? merge_into_existing(c, s)
				   : pu_store_put_standard(c->st, s);
	if (rc == 0 && s->superseded_by != NULL) {
		if (c->nchains == c->chains_cap) {
			size_t cap = c->chains_cap ? c->chains_cap * 2 : 64;
			char **n = realloc(c->chains, cap * sizeof(*n));

			if (n == NULL)
				rc = pu_error_set(PU_ENOMEM, "out of memory");
			else {
				c->chains = n;
				c->chains_cap = cap;
			}
		}
		if (rc == 0)
			c->chains[c->nchains++] = pu_buf_detach(&key);
	}
	if (rc >= 0) {
		c->res->standards++;
		c->res->units += s->nunits;
		c->res->criteria += pu_standard_count_criteria(s);
		if ((index & 255) == 0)
			progress(c, c->done ? c->done : index);
		rc = 0;
	} else {
		pu_error_prefix("%s: ", label);
	}
	pu_buf_free(&key);
	pu_standard_free(s);
	return rc;
}

/* Follows superseded_by from each imported standard; a walk that comes back is
 * a loop. */
static int check_chains(struct ctx *c)
{
	for (size_t i = 0; i < c->nchains; i++) {
		char *country = c->chains[i], *code = strchr(country, '\x1f');
		char *cur = NULL;
		pu_buf path = PU_BUF_INIT;
		int rc = 0;

		*code++ = '\0';
		pu_buf_puts(&path, code);
		cur = strdup(code);
		for (size_t steps = 0; cur != NULL && rc == 0; steps++) {
			char *next = NULL;

			rc = pu_store_superseded_by(c->st, country, cur, &next);
			free(cur);
			cur = next;
			if (rc < 0 || cur == NULL)
				break;
			pu_buf_printf(&path, " -> %s", cur);
			if (strcmp(cur, code) == 0 || steps > 10000)
				rc = pu_error_set(PU_ECONFLICT,
						  "%s/%s: superseded_by: the "
						  "supersession chain loops: %s",
						  country, code,
						  path.ptr ? path.ptr : "");
		}
		free(cur);
		pu_buf_free(&path);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Extra units must be units of the destination standard when it is in the
 * database; an agreement may name standards of catalogues not loaded here. */
static int check_extra_units(struct ctx *c, const pu_agreement *a)
{
	for (size_t i = 0; i < a->nentries; i++) {
		const pu_agreement_entry *e = &a->entries[i];
		pu_standard *dst = NULL;
		int rc;

		if (e->nextra_units == 0)
			continue;
		rc = pu_store_get_standard(c->st, e->dest_country, e->dest_code,
					   &dst);
		if (rc == PU_ENOTFOUND) {
			pu_error_clear();
			continue;
		}
		if (rc < 0)
			return rc;
		for (size_t k = 0; rc == 0 && k < e->nextra_units; k++) {
			size_t u = 0;

			while (u < dst->nunits &&
			       strcmp(dst->units[u].code, e->extra_units[k]) != 0)
				u++;
			if (u == dst->nunits)
				rc = pu_error_set(PU_EINVAL,
						  "entries[%zu].extra_units[%zu]: "
						  "%s/%s has no unit \"%.64s\"",
						  i, k, dst->country, dst->code,
						  e->extra_units[k]);
		}
		pu_standard_free(dst);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int import_agreements(struct ctx *c, const pu_doc *d)
{
	struct strset ids = {NULL, 0, 0};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < d->nagreements; i++) {
		const pu_agreement *a = d->agreements[i];

		rc = strset_add(&ids, a->id);
		if (rc == 0)
			rc = pu_error_set(PU_EINVAL, "id: \"%s\" appears twice "
					  "in the file", a->id);
		if (rc > 0)
			rc = check_extra_units(c, a);
		if (rc == 0)
			rc = pu_store_put_agreement(c->st, a);
		if (rc < 0)
			pu_error_prefix("agreements[%zu] (%s): ", i, a->id);
		else
			c->res->agreements++;
	}
	strset_free(&ids);
	return rc;
}

/* The country of framework id: from the document, else the store; NULL when
 * unknown (the import then fails on the unknown framework). */
static const char *framework_country(struct ctx *c, const pu_doc *d,
				     const char *id, char *buf, size_t n)
{
	pu_framework *f = NULL;

	for (size_t i = 0; i < d->nframeworks; i++)
		if (strcmp(d->frameworks[i]->id, id) == 0)
			return d->frameworks[i]->country;
	if (pu_store_get_framework(c->st, id, &f) < 0) {
		pu_error_clear();
		return NULL;
	}
	snprintf(buf, n, "%s", f->country);
	pu_framework_free(f);
	return buf;
}

/* An agreement may be written by the authority of one of its parties, and
 * only when its country is a side of every entry. */
static int agreement_scope(struct ctx *c, const pu_agreement *a)
{
	int rc = PU_EDENIED;

	for (size_t i = 0; rc < 0 && i < a->nparties; i++)
		rc = pu_authorize(c->actor, PU_ACT_AGREEMENT_WRITE,
				  a->parties[i], NULL);
	if (rc < 0) {
		if (a->nparties > 0)
			pu_authorize(c->actor, PU_ACT_AGREEMENT_WRITE,
				     a->parties[0], NULL);
		return pu_error_code() ? pu_error_code() : rc;
	}
	for (size_t i = 0; i < a->nentries; i++) {
		const pu_agreement_entry *e = &a->entries[i];

		if (pu_authorize(c->actor, PU_ACT_AGREEMENT_WRITE,
				 e->source_country, NULL) == 0)
			continue;
		rc = pu_authorize(c->actor, PU_ACT_AGREEMENT_WRITE,
				  e->dest_country, NULL);
		if (rc < 0)
			return pu_error_prefix("entries[%zu]: ", i);
	}
	return 0;
}

/* Every record of a document, before anything is written. */
static int doc_scope(struct ctx *c, const pu_doc *d)
{
	char buf[17];
	int rc;

	for (size_t i = 0; i < d->nframeworks; i++) {
		const pu_framework *f = d->frameworks[i];

		note_country(c, f->country);
		if (c->actor && (rc = pu_authorize(c->actor,
						   PU_ACT_FRAMEWORK_WRITE,
						   f->country, NULL)) < 0)
			return pu_error_prefix("frameworks[%zu] (%s): ", i,
					       f->id);
	}
	for (size_t i = 0; i < d->nreferencing; i++) {
		const pu_referencing *r = d->referencing[i];
		const char *country = framework_country(c, d, r->from, buf,
							sizeof(buf));

		if (country == NULL)
			continue;
		note_country(c, country);
		if (c->actor && (rc = pu_authorize(c->actor,
						   PU_ACT_FRAMEWORK_WRITE,
						   country, NULL)) < 0)
			return pu_error_prefix("referencing[%zu] (%s -> %s): ",
					       i, r->from, r->to);
	}
	for (size_t i = 0; i < d->nstandards; i++) {
		const pu_standard *s = d->standards[i];

		note_country(c, s->country);
		if (c->actor && (rc = pu_authorize(c->actor,
						   PU_ACT_CATALOGUE_WRITE,
						   s->country, NULL)) < 0)
			return pu_error_prefix("standards[%zu] (%s/%s): ", i,
					       s->country, s->code);
	}
	for (size_t i = 0; i < d->nagreements; i++) {
		const pu_agreement *a = d->agreements[i];

		for (size_t k = 0; k < a->nparties; k++)
			note_country(c, a->parties[k]);
		if (c->actor && (rc = agreement_scope(c, a)) < 0)
			return pu_error_prefix("agreements[%zu] (%s): ", i,
					       a->id);
	}
	return 0;
}

static int import_doc(struct ctx *c, const pu_doc *d)
{
	int rc = doc_scope(c, d);

	if (rc < 0)
		return rc;

	c->total = d->nframeworks + d->nreferencing + d->nstandards;
	for (size_t i = 0; i < d->nframeworks; i++) {
		rc = pu_store_put_framework(c->st, d->frameworks[i]);
		if (rc < 0)
			return pu_error_prefix("frameworks[%zu] (%s): ", i,
					       d->frameworks[i]->id);
		c->res->frameworks++;
	}
	for (size_t i = 0; i < d->nreferencing; i++) {
		const pu_referencing *r = d->referencing[i];
		pu_framework *from = NULL, *to = NULL;

		rc = pu_store_get_framework(c->st, r->from, &from);
		if (rc == PU_ENOTFOUND)
			pu_error_set(PU_EINVAL, "from: unknown framework "
				     "\"%.64s\"", r->from);
		if (rc == 0) {
			rc = pu_store_get_framework(c->st, r->to, &to);
			if (rc == PU_ENOTFOUND)
				pu_error_set(PU_EINVAL, "to: unknown framework "
					     "\"%.64s\"", r->to);
		}
		if (rc == 0)
			rc = pu_referencing_validate(r, from, to);
		if (rc == 0)
			rc = pu_store_put_referencing(c->st, r);
		pu_framework_free(from);
		pu_framework_free(to);
		if (rc < 0)
			return pu_error_prefix("referencing[%zu] (%s -> %s): ", i,
					       r->from, r->to);
		c->res->referencing++;
	}
	for (size_t i = 0; i < d->nstandards; i++) {
		char label[96];

		snprintf(label, sizeof(label), "standards[%zu] (%s/%s)", i,
			 d->standards[i]->country, d->standards[i]->code);
		c->done = d->nframeworks + d->nreferencing + i;
		/* The sink frees what it gets: hand it a borrowed copy by
		 * detaching the record from the document. */
		rc = sink(d->standards[i], i, label, c);
		((pu_doc *)d)->standards[i] = NULL;
		if (rc < 0)
			return rc;
	}
	/* Last: extra units are checked against the standards just written. */
	return import_agreements(c, d);
}

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *buf;

	*out = NULL;
	if (f == NULL)
		return pu_error_set(errno == ENOENT ? PU_ENOTFOUND : PU_EIO,
				    "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return pu_error_set(PU_EIO, "%s: not a regular file", path);
	}
	if ((size_t)sb.st_size > MAX_FILE) {
		fclose(f);
		return pu_error_set(PU_ELIMIT,
				    "%s: larger than %zu MiB (use .jsonl for "
				    "large catalogues)",
				    path, MAX_FILE >> 20);
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	*len = fread(buf, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return pu_error_set(PU_EIO, "%s: read error", path);
	}
	fclose(f);
	buf[*len] = '\0';
	*out = buf;
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "occupations_v1.2.0_es.csv" -> "es"; "x_en-us.csv" -> "en-us". */
static int lang_from_name(const char *name, char *out, size_t n)
{
	const char *base = strrchr(name, '/'), *us, *dot;
	size_t len;

	base = base ? base + 1 : name;
	us = strrchr(base, '_');
	dot = strrchr(base, '.');
	if (us == NULL || dot == NULL || dot < us)
		return -1;
	len = (size_t)(dot - us - 1);
	if (len < 2 || len >= n)
		return -1;
	memcpy(out, us + 1, len);
	out[len] = '\0';
	for (size_t i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return pu_text_lang_valid(out) ? 0 : -1;
}

static pu_format detect(const char *name, const char *data, size_t len)
{
	const char *p = data;

	if (ends_with(name, ".jsonl"))
		return PU_FORMAT_JSONL;
	if (ends_with(name, ".csv")) {
		/* data need not end in NUL: never read past len. */
		if ((size_t)(data + len - p) >= 23 &&
		    memcmp(p, "conceptType,conceptUri,", 23) == 0)
			return PU_FORMAT_ESCO;
		return PU_FORMAT_CSV;
	}
	while (p < data + len && isspace((unsigned char)*p))
		p++;
	if (p < data + len && *p == '[')
		return PU_FORMAT_CONOCER;
	return PU_FORMAT_JSON;
}

const char *pu_format_name(pu_format f)
{
	static const char *const names[] = {"auto", "puente-json", "jsonl",
					    "csv", "conocer", "esco"};
	return names[f];
}

static int import_jsonl(struct ctx *c, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t line = 0, index = 0;

	c->total = len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		pu_standard *s = NULL;
		char label[48];
		int rc;

		line++;
		snprintf(label, sizeof(label), "line %zu", line);
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n > 0) {
			rc = pu_io_parse_standard(&s, p, n);
			if (rc < 0)
				return pu_error_prefix("%s: ", label);
			c->done = (size_t)(p - data);
			if ((rc = sink(s, index++, label, c)) < 0)
				return rc;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int run(struct ctx *c, pu_format fmt, const char *data, size_t len)
{
	json_t *root = NULL;
	pu_doc *doc = NULL;
	char lang[16];
	int line, rc;

	switch (fmt) {
	case PU_FORMAT_JSONL:
		return import_jsonl(c, data, len);
	case PU_FORMAT_CSV:
		c->total = len;
		return pu_io_read_csv(data, len, sink, c);
	case PU_FORMAT_ESCO:
		if (c->opt && c->opt->lang) {
			snprintf(lang, sizeof(lang), "%s", c->opt->lang);
		} else if (lang_from_name(c->name, lang, sizeof(lang)) < 0) {
			return pu_error_set(PU_EINVAL,
					    "cannot tell the language of this "
					    "ESCO file from its name; give it "
					    "(--lang es)");
		}
		if (!pu_text_lang_valid(lang))
			return pu_error_set(PU_EINVAL, "\"%s\" is not a language "
					    "tag", lang);
		c->merge_lang = lang;
		c->total = len;
		return pu_io_read_esco(data, len, lang, sink, c);
	case PU_FORMAT_CONOCER:
		if ((rc = pu_io_load_json(&root, data, len, &line)) < 0)
			return rc;
		c->total = json_array_size(root);
		rc = pu_io_read_conocer(root, sink, c);
		json_decref(root);
		return rc;
	default:
		if ((rc = pu_io_load_json(&root, data, len, &line)) < 0)
			return rc;
		if (json_is_array(root)) {
			c->total = json_array_size(root);
			rc = pu_io_read_conocer(root, sink, c);
		} else {
			rc = pu_io_document_from_json(&doc, root);
			if (rc == 0)
				rc = import_doc(c, doc);
		}
		json_decref(root);
		pu_doc_free(doc);
		return rc;
	}
}

/* The audit entry of an import: the bytes' SHA-256, the file's base name (a
 * path may name a person's folder), and the scope: the importing authority's
 * country, else the records' one country. */
static int audit_import(struct ctx *c, const char *data, size_t len)
{
	unsigned char digest[32];
	const char *base = strrchr(c->name, '/'), *country = NULL;

	if (c->actor != NULL && c->actor->country[0] != '\0')
		country = c->actor->country;
	else if (!c->mixed && c->country[0] != '\0')
		country = c->country;
	pu_audit_digest(data, len, digest);
	return pu_audit_append(c->st, c->actor, "import", country,
			       base ? base + 1 : c->name, digest);
}

int pu_io_import_buffer(pu_store *st, const char *data, size_t len,
			const char *name, const pu_import_options *opt,
			pu_import_result *res)
{
	struct ctx c = {0};
	pu_format fmt;
	int rc;

	memset(res, 0, sizeof(*res));
	if (opt && opt->version != PU_IMPORT_OPTIONS_VERSION &&
	    opt->version != 1)
		return pu_error_set(PU_EINVAL, "import options version %u is not "
				    "supported", opt->version);
	/* A byte order mark is no part of any record, in any format. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	fmt = opt && opt->format != PU_FORMAT_AUTO ? opt->format
						   : detect(name, data, len);
	res->format = fmt;
	c.st = st;
	c.name = name;
	c.opt = opt;
	c.res = res;
	c.actor = opt && opt->version >= 2 ? opt->actor : NULL;
	rc = pu_store_begin(st);
	if (rc < 0)
		return pu_error_prefix("%s: ", name);
	rc = run(&c, fmt, data, len);
	if (rc == 0)
		rc = check_chains(&c);
	if (rc == 0)
		rc = pu_store_note_import(st, name, res->frameworks +
							    res->referencing +
							    res->standards +
							    res->agreements);
	if (rc == 0)
		rc = audit_import(&c, data, len);
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0) {
		int code = pu_error_code();

		pu_error_prefix("%s: ", name);
		pu_store_rollback(st);
		rc = code ? code : rc;
		memset(res, 0, sizeof(*res));
		res->format = fmt;
	} else {
		progress(&c, c.total);
	}
	strset_free(&c.seen);
	for (size_t i = 0; i < c.nchains; i++)
		free(c.chains[i]);
	free(c.chains);
	return rc;
}

int pu_io_import_file(pu_store *st, const char *path,
		      const pu_import_options *opt, pu_import_result *res)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if (ends_with(path, ".jsonl")) {
		/* JSON Lines carry big catalogues: no 256 MiB cap. */
		FILE *f = fopen(path, "rb");
		pu_buf b = PU_BUF_INIT;
		char chunk[1 << 16];
		size_t n;

		if (f == NULL)
			return pu_error_set(errno == ENOENT ? PU_ENOTFOUND
							    : PU_EIO,
					    "%s: cannot open: %s", path,
					    strerror(errno));
		b.max = (size_t)8 << 30;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			if ((rc = pu_buf_put(&b, chunk, n)) < 0) {
				fclose(f);
				pu_buf_free(&b);
				return pu_error_prefix("%s: ", path);
			}
		/* A directory opens but does not read: not an empty file. */
		if (ferror(f)) {
			rc = pu_error_set(PU_EIO, "%s: cannot read: %s", path,
					  strerror(errno));
			fclose(f);
			pu_buf_free(&b);
			return rc;
		}
		fclose(f);
		rc = pu_io_import_buffer(st, b.ptr ? b.ptr : "", b.len, path, opt,
					 res);
		pu_buf_free(&b);
		return rc;
	}
	rc = read_file(path, &data, &len);
	if (rc < 0)
		return rc;
	rc = pu_io_import_buffer(st, data, len, path, opt, res);
	free(data);
	return rc;
}
