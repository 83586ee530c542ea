/*
 * The verifier's JSON tree: a strict single-pass parser into an arena and
 * the RFC 8785 walk over it (see tree.h). Hostile input is the normal case
 * here: every length is bounded before use, nesting stops at
 * PU_CRED_MAX_DEPTH, and every error names its line and column.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"
#include "cred/tree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *s;
	size_t len, pos;
	pu_arena *a;
	int depth;
	/* Children of the containers being parsed, copied to the arena when
	 * each container closes. */
	pu_jv *items;
	size_t nitems, capitems;
	pu_jv_member *members;
	size_t nmembers, capmembers;
};

static int fail_at(const struct parser *p, size_t pos, int code,
		   const char *what, const char *detail)
{
	size_t line = 1, col = 0, i;

	for (i = 0; i < pos && i < p->len; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 0;
		} else {
			col++;
		}
	}
	return pu_error_set(code, "%zu:%zu: %s%s", line, col + 1, what,
			    detail ? detail : "");
}

static int fail(const struct parser *p, const char *what)
{
	return fail_at(p, p->pos, PU_EINVAL, what, NULL);
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		p->pos++;
	}
}

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static int hex4(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t k, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (k > n)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Bytes a string scan must stop at: '"', '\\', controls, non-ASCII. */
/* clang-format off */
static const unsigned char stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
/* clang-format on */

/* Parses the string at p->pos (on its opening quote). *plain says whether
 * it needs no escaping in canonical form (no escape in the source: its
 * bytes are then all >= 0x20 and neither '"' nor '\\'). */
static int parse_string(struct parser *p, const char **out, size_t *outlen,
			unsigned char *plain)
{
	const unsigned char *s = (const unsigned char *)p->s;
	size_t start = ++p->pos, i = start, o = 0, k;
	int escaped = 0;
	char *buf;

	/* Find the end and check the raw bytes. */
	for (;;) {
		while (i < p->len && !stop[s[i]])
			i++;
		if (i >= p->len) {
			p->pos = i;
			return fail(p, "unterminated string");
		}
		if (s[i] == '"')
			break;
		if (s[i] == '\\') {
			escaped = 1;
			if (i + 1 >= p->len) {
				p->pos = i;
				return fail(p, "unterminated string");
			}
			i += 2;
			continue;
		}
		if (s[i] < 0x20) {
			p->pos = i;
			return fail(p, "control character in a string");
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(s + i, p->len - i);
		if (k == 0) {
			p->pos = i;
			return fail(p, "invalid UTF-8 in a string");
		}
		i += k;
	}
	buf = pu_arena_alloc(p->a, i - start + 1);
	if (buf == NULL)
		return oom();
	if (!escaped) {
		memcpy(buf, s + start, i - start);
		o = i - start;
		goto done;
	}
	for (k = start; k < i;) {
		unsigned long cp, lo;

		if (s[k] != '\\') {
			buf[o++] = (char)s[k++];
			continue;
		}
		switch (s[k + 1]) {
		case '"':
			buf[o++] = '"';
			break;
		case '\\':
			buf[o++] = '\\';
			break;
		case '/':
			buf[o++] = '/';
			break;
		case 'b':
			buf[o++] = '\b';
			break;
		case 'f':
			buf[o++] = '\f';
			break;
		case 'n':
			buf[o++] = '\n';
			break;
		case 'r':
			buf[o++] = '\r';
			break;
		case 't':
			buf[o++] = '\t';
			break;
		case 'u':
			if (k + 6 > i || hex4(p->s + k + 2, &cp) < 0) {
				p->pos = k;
				return fail(p, "bad \\u escape");
			}
			if (cp == 0) {
				p->pos = k;
				return fail(p, "\\u0000 is not allowed");
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				p->pos = k;
				return fail(p,
					    "lone surrogate in a \\u escape");
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (k + 12 > i || s[k + 6] != '\\' ||
				    s[k + 7] != 'u' ||
				    hex4(p->s + k + 8, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff) {
					p->pos = k;
					return fail(p, "lone surrogate in a "
						       "\\u escape");
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				k += 6;
			}
			o += put_utf8(buf + o, cp);
			k += 6;
			continue;
		default:
			p->pos = k;
			return fail(p, "bad escape in a string");
		}
		k += 2;
	}
done:
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	*plain = !escaped;
	p->pos = i + 1;
	return 0;
}

static int parse_number(struct parser *p, double *out)
{
	const char *s = p->s;
	size_t start = p->pos, i = start, n;
	char small[64], *copy = small;
	double v;

	if (i < p->len && s[i] == '-')
		i++;
	if (i < p->len && s[i] == '0') {
		i++;
	} else if (i < p->len && s[i] >= '1' && s[i] <= '9') {
		while (i < p->len && s[i] >= '0' && s[i] <= '9')
			i++;
	} else {
		return fail(p, "invalid number");
	}
	if (i < p->len && s[i] == '.') {
		i++;
		if (i >= p->len || s[i] < '0' || s[i] > '9') {
			p->pos = i;
			return fail(p, "invalid number");
		}
		while (i < p->len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < p->len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= p->len || s[i] < '0' || s[i] > '9') {
			p->pos = i;
			return fail(p, "invalid number");
		}
		while (i < p->len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	n = i - start;
	if (n >= sizeof(small)) {
		copy = malloc(n + 1);
		if (copy == NULL)
			return oom();
	}
	memcpy(copy, s + start, n);
	copy[n] = '\0';
	v = strtod(copy, NULL);
	if (copy != small)
		free(copy);
	if (!isfinite(v))
		return fail(p, "number out of range of a double");
	*out = v;
	p->pos = i;
	return 0;
}

static int literal(struct parser *p, const char *word, size_t n)
{
	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return fail(p, "invalid token");
	p->pos += n;
	return 0;
}

static int cmp_members(const void *a, const void *b)
{
	return pu_cred_utf16_cmp(((const pu_jv_member *)a)->key,
				 ((const pu_jv_member *)b)->key);
}

static int parse_value(struct parser *p, pu_jv *v);

static int push_item(struct parser *p, const pu_jv *v)
{
	if (p->nitems == p->capitems) {
		size_t cap = p->capitems ? p->capitems * 2 : 64;
		pu_jv *n = realloc(p->items, cap * sizeof(*n));

		if (n == NULL)
			return oom();
		p->items = n;
		p->capitems = cap;
	}
	p->items[p->nitems++] = *v;
	return 0;
}

static int push_member(struct parser *p, const pu_jv_member *m)
{
	if (p->nmembers == p->capmembers) {
		size_t cap = p->capmembers ? p->capmembers * 2 : 64;
		pu_jv_member *n = realloc(p->members, cap * sizeof(*n));

		if (n == NULL)
			return oom();
		p->members = n;
		p->capmembers = cap;
	}
	p->members[p->nmembers++] = *m;
	return 0;
}

static int parse_array(struct parser *p, pu_jv *v)
{
	size_t base = p->nitems, n;
	pu_jv item;
	int rc;

	p->pos++; /* [ */
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		goto close;
	}
	for (;;) {
		rc = parse_value(p, &item);
		if (rc == 0)
			rc = push_item(p, &item);
		if (rc < 0)
			return rc;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			break;
		}
		return fail(p, "',' or ']' expected");
	}
close:
	n = p->nitems - base;
	v->type = PU_JV_ARRAY;
	v->n = n;
	v->u.items = NULL;
	if (n > 0) {
		v->u.items = pu_arena_alloc(p->a, n * sizeof(pu_jv));
		if (v->u.items == NULL)
			return oom();
		memcpy(v->u.items, p->items + base, n * sizeof(pu_jv));
	}
	p->nitems = base;
	return 0;
}

static int parse_object(struct parser *p, pu_jv *v)
{
	size_t base = p->nmembers, n, i, open = p->pos;
	pu_jv_member m;
	int rc;

	p->pos++; /* { */
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		goto close;
	}
	for (;;) {
		skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != '"')
			return fail(p, "string or '}' expected");
		rc = parse_string(p, &m.key, &m.klen, &m.plain);
		if (rc < 0)
			return rc;
		skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ':')
			return fail(p, "':' expected");
		p->pos++;
		rc = parse_value(p, &m.value);
		if (rc == 0)
			rc = push_member(p, &m);
		if (rc < 0)
			return rc;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			break;
		}
		return fail(p, "',' or '}' expected");
	}
close:
	n = p->nmembers - base;
	v->type = PU_JV_OBJECT;
	v->n = n;
	v->u.members = NULL;
	if (n > 0) {
		pu_jv_member *ms = p->members + base;

		qsort(ms, n, sizeof(*ms), cmp_members);
		for (i = 1; i < n; i++)
			if (ms[i - 1].klen == ms[i].klen &&
			    memcmp(ms[i - 1].key, ms[i].key, ms[i].klen) == 0)
				return fail_at(
				    p, open, PU_EINVAL,
				    "duplicate object key: ", ms[i].key);
		v->u.members = pu_arena_alloc(p->a, n * sizeof(*ms));
		if (v->u.members == NULL)
			return oom();
		memcpy(v->u.members, ms, n * sizeof(*ms));
	}
	p->nmembers = base;
	return 0;
}

static int parse_value(struct parser *p, pu_jv *v)
{
	int rc;

	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end of input");
	memset(v, 0, sizeof(*v));
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		if (++p->depth > PU_CRED_MAX_DEPTH)
			return fail_at(p, p->pos, PU_ELIMIT,
				       "JSON nested deeper than 32 levels",
				       NULL);
		rc = p->s[p->pos] == '{' ? parse_object(p, v)
					 : parse_array(p, v);
		p->depth--;
		return rc;
	case '"':
		v->type = PU_JV_STRING;
		return parse_string(p, &v->u.str, &v->n, &v->plain);
	case 't':
		v->type = PU_JV_TRUE;
		return literal(p, "true", 4);
	case 'f':
		v->type = PU_JV_FALSE;
		return literal(p, "false", 5);
	case 'n':
		v->type = PU_JV_NULL;
		return literal(p, "null", 4);
	default:
		v->type = PU_JV_NUMBER;
		return parse_number(p, &v->u.num);
	}
}

int pu_jv_parse(pu_arena *a, const pu_jv **out, const char *text, size_t len,
		size_t max_len, int any_root)
{
	struct parser p;
	pu_jv *root;
	int rc;

	*out = NULL;
	if (max_len == 0)
		max_len = PU_CRED_MAX_DOC;
	if (len > max_len)
		return pu_error_set(
		    PU_ELIMIT,
		    "document of %zu bytes is over the limit of "
		    "%zu bytes",
		    len, max_len);
	memset(&p, 0, sizeof(p));
	p.s = text;
	p.len = len;
	p.a = a;
	root = pu_arena_alloc(a, sizeof(*root));
	if (root == NULL)
		return oom();
	skip_ws(&p);
	if (!any_root &&
	    (p.pos >= len || (text[p.pos] != '{' && text[p.pos] != '['))) {
		rc = fail(&p, "'[' or '{' expected");
		goto done;
	}
	rc = parse_value(&p, root);
	if (rc < 0)
		goto done;
	skip_ws(&p);
	if (p.pos != len) {
		rc = fail(&p, "end of input expected");
		goto done;
	}
	*out = root;
done:
	free(p.items);
	free(p.members);
	return rc;
}

/* ------------------------------------------------------------ access */

const pu_jv *pu_jv_get(const pu_jv *v, const char *key)
{
	size_t i;

	if (v == NULL || v->type != PU_JV_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->u.members[i].key, key) == 0)
			return &v->u.members[i].value;
	return NULL;
}

const char *pu_jv_str(const pu_jv *v)
{
	return v != NULL && v->type == PU_JV_STRING ? v->u.str : NULL;
}

const char *pu_jv_get_str(const pu_jv *v, const char *key)
{
	return pu_jv_str(pu_jv_get(v, key));
}

int pu_jv_is(const pu_jv *v, pu_jv_type t)
{
	return v != NULL && v->type == t;
}

/* ----------------------------------------------------------- RFC 8785 */

/* A string, copied whole when it has nothing to escape. */
static int put_str(pu_buf *out, const char *s, size_t n, int plain)
{
	int rc;

	if (!plain)
		return pu_cred_jcs_string(out, s, n);
	rc = pu_cred_putc(out, '"');
	if (rc == 0)
		rc = pu_cred_put(out, s, n);
	if (rc == 0)
		rc = pu_cred_putc(out, '"');
	return rc;
}

static int put_member(pu_buf *out, const char *key, size_t klen, int plain,
		      const pu_jv *value, int *first)
{
	int rc = 0;

	if (!*first)
		rc = pu_cred_putc(out, ',');
	*first = 0;
	if (rc == 0)
		rc = put_str(out, key, klen, plain);
	if (rc == 0)
		rc = pu_cred_putc(out, ':');
	if (rc == 0)
		rc = pu_jv_jcs(out, value);
	return rc;
}

int pu_jv_jcs_edit(pu_buf *out, const pu_jv *obj, const char *skip,
		   const char *key, const pu_jv *value)
{
	int first = 1, done = key == NULL || value == NULL, rc;
	size_t i;

	if (obj->type != PU_JV_OBJECT)
		return pu_jv_jcs(out, obj);
	rc = pu_cred_putc(out, '{');
	for (i = 0; rc == 0 && i < obj->n; i++) {
		const pu_jv_member *m = &obj->u.members[i];

		if (!done && pu_cred_utf16_cmp(key, m->key) <= 0) {
			done = 1;
			rc =
			    put_member(out, key, strlen(key), 0, value, &first);
			if (rc == 0 && strcmp(key, m->key) == 0)
				continue;
		}
		if (rc < 0 || (skip != NULL && strcmp(m->key, skip) == 0))
			continue;
		rc = put_member(out, m->key, m->klen, m->plain, &m->value,
				&first);
	}
	if (rc == 0 && !done)
		rc = put_member(out, key, strlen(key), 0, value, &first);
	if (rc == 0)
		rc = pu_cred_putc(out, '}');
	return rc;
}

int pu_jv_jcs(pu_buf *out, const pu_jv *v)
{
	size_t i;
	int rc = 0, first = 1;

	switch (v->type) {
	case PU_JV_OBJECT:
		rc = pu_cred_putc(out, '{');
		for (i = 0; rc == 0 && i < v->n; i++)
			rc = put_member(out, v->u.members[i].key,
					v->u.members[i].klen,
					v->u.members[i].plain,
					&v->u.members[i].value, &first);
		return rc == 0 ? pu_cred_putc(out, '}') : rc;
	case PU_JV_ARRAY:
		rc = pu_cred_putc(out, '[');
		for (i = 0; rc == 0 && i < v->n; i++) {
			if (i > 0)
				rc = pu_cred_putc(out, ',');
			if (rc == 0)
				rc = pu_jv_jcs(out, &v->u.items[i]);
		}
		return rc == 0 ? pu_cred_putc(out, ']') : rc;
	case PU_JV_STRING:
		return put_str(out, v->u.str, v->n, v->plain);
	case PU_JV_NUMBER:
		return pu_cred_jcs_number(out, v->u.num);
	case PU_JV_TRUE:
		return pu_buf_puts(out, "true");
	case PU_JV_FALSE:
		return pu_buf_puts(out, "false");
	case PU_JV_NULL:
		return pu_buf_puts(out, "null");
	}
	return pu_error_set(PU_EINVAL, "unknown JSON value");
}
