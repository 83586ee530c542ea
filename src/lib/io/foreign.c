/*
 * Catalogues in other shapes, turned into standards: CONOCER's RENEC catalogue
 * (JSON array), flat CSV catalogues, and ESCO's occupations CSV. Each record is
 * validated like a Puente JSON standard, so the same rules hold for all.
 */
#include "io_internal.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static int new_std(pu_standard **out)
{
	pu_arena *a;
	pu_standard *s;

	*out = NULL;
	if (pu_arena_new(&a) < 0)
		return oom();
	s = pu_arena_alloc(a, sizeof(*s));
	if (s == NULL) {
		pu_arena_free(a);
		return oom();
	}
	s->arena = a;
	*out = s;
	return 0;
}

static int one_text(pu_arena *a, pu_mtext *t, const char *lang,
		    const char *text)
{
	t->v = pu_arena_alloc(a, sizeof(*t->v));
	if (t->v == NULL)
		return oom();
	t->v[0].lang = pu_arena_strdup(a, lang);
	t->v[0].text = pu_arena_strdup(a, text);
	t->n = 1;
	return t->v[0].text ? 0 : oom();
}

/* True when p starts with white space (ASCII, or the UTF-8 no-break space
 * that real catalogues leave after codes); *n gets its length. */
static bool space_at(const char *p, size_t *n)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
		*n = 1;
		return true;
	}
	if ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0) {
		*n = 2;
		return true;
	}
	return false;
}

/* Trims white space at both ends into the arena; NULL for an empty result. */
static const char *trimmed(pu_arena *a, const char *s)
{
	size_t n, k;

	if (s == NULL)
		return NULL;
	while (space_at(s, &k))
		s += k;
	n = strlen(s);
	for (;;) {
		if (n >= 1 && space_at(s + n - 1, &k) && k == 1)
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
			 (unsigned char)s[n - 1] == 0xa0)
			n -= 2;
		else
			break;
	}
	return n ? pu_arena_strndup(a, s, n) : NULL;
}

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

int pu_io_read_conocer(const json_t *root, pu_std_sink sink, void *arg)
{
	const json_t *o;
	size_t i;
	int rc;

	json_array_foreach(root, i, o)
	{
		pu_standard *s = NULL;
		char label[96];
		json_t *extra = NULL;
		char *t;

		snprintf(label, sizeof(label), "record %zu (%.64s)", i + 1,
			 json_is_object(o) && jstr(o, "codigo") ? jstr(o, "codigo")
							      : "?");
		if (!json_is_object(o)) {
			rc = pu_error_set(PU_EINVAL, "expected an object");
			goto bad;
		}
		if ((rc = new_std(&s)) < 0)
			return rc;
		s->country = "MX";
		s->body = "CONOCER";
		s->language = "es";
		s->kind = PU_KIND_STANDARD;
		s->status = PU_STATUS_ACTIVE;
		s->code = trimmed(s->arena, jstr(o, "codigo"));
		if (s->code == NULL) {
			rc = pu_error_set(PU_EINVAL, "codigo: missing");
			goto bad;
		}
		if (jstr(o, "titulo") == NULL ||
		    trimmed(s->arena, jstr(o, "titulo")) == NULL) {
			rc = pu_error_set(PU_EINVAL, "titulo: missing");
			goto bad;
		}
		if ((rc = one_text(s->arena, &s->title, "es",
				   trimmed(s->arena, jstr(o, "titulo")))) < 0)
			goto bad;
		if (jstr(o, "nivel") != NULL) {
			s->level_framework = "mx-conocer";
			s->level_code = trimmed(s->arena, jstr(o, "nivel"));
		}
		s->sector = trimmed(s->arena, jstr(o, "secProductivo"));
		extra = json_object();
		if (jstr(o, "comite"))
			json_object_set_new(extra, "committee",
					    json_string(jstr(o, "comite")));
		if (jstr(o, "idEstandarCompetencia"))
			json_object_set_new(
				extra, "renec_id",
				json_string(jstr(o, "idEstandarCompetencia")));
		if (json_object_size(extra) > 0) {
			t = json_dumps(extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
			s->extra = t ? pu_arena_strdup(s->arena, t) : NULL;
			free(t);
		}
		json_decref(extra);
		if ((rc = pu_standard_validate(s)) < 0)
			goto bad;
		if ((rc = sink(s, i, label, arg)) < 0)
			return rc;
		continue;
bad:
		pu_standard_free(s);
		pu_error_prefix("%s: ", label);
		return rc;
	}
	return 0;
}

/* Columns of the flat CSV format. */
enum {
	C_COUNTRY, C_CODE, C_TITLE, C_LANGUAGE, C_BODY, C_KIND, C_VERSION,
	C_STATUS, C_LEVEL, C_FRAMEWORK, C_SECTOR, C_ISCO, C_ISIC, C_ISCED,
	C_DESCRIPTION, C_FROM, C_TO, C_SUPERSEDED, C_NCOLS
};
static const char *const csv_cols[C_NCOLS] = {
	"country", "code",  "title",	  "language",	 "body",
	"kind",	   "version", "status",	  "level",	 "framework",
	"sector",  "isco08", "isic4",	  "iscedf2013", "description",
	"valid_from", "valid_to", "superseded_by"};

/* "a;b; c" -> codes of one scheme appended to s->codes. */
static int add_codes(pu_standard *s, const char *scheme, const char *cell)
{
	char *copy, *p, *next;
	size_t n = 1;

	if (cell == NULL || cell[0] == '\0')
		return 0;
	for (const char *q = cell; *q; q++)
		n += *q == ';';
	{
		pu_code *nc = pu_arena_alloc(s->arena,
					     (s->ncodes + n) * sizeof(*nc));

		if (nc == NULL)
			return oom();
		if (s->ncodes)
			memcpy(nc, s->codes, s->ncodes * sizeof(*nc));
		s->codes = nc;
	}
	copy = pu_arena_strdup(s->arena, cell);
	if (copy == NULL)
		return oom();
	for (p = copy; p != NULL; p = next) {
		const char *v;

		next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		v = trimmed(s->arena, p);
		if (v == NULL)
			continue;
		s->codes[s->ncodes].scheme = scheme;
		s->codes[s->ncodes].code = v;
		s->codes[s->ncodes].national = false;
		s->ncodes++;
	}
	return 0;
}

int pu_io_read_csv(const char *data, size_t len, pu_std_sink sink, void *arg)
{
	pu_csv c;
	int col[C_NCOLS], rc;
	size_t index = 0;

	pu_csv_init(&c, data, len);
	rc = pu_csv_next(&c);
	if (rc <= 0) {
		pu_csv_free(&c);
		return rc < 0 ? rc : pu_error_set(PU_EINVAL, "empty file: "
						   "expected a header row");
	}
	for (int k = 0; k < C_NCOLS; k++)
		col[k] = -1;
	for (size_t i = 0; i < c.nfields; i++) {
		int k;

		for (k = 0; k < C_NCOLS; k++)
			if (strcmp(c.fields[i], csv_cols[k]) == 0)
				break;
		if (k == C_NCOLS) {
			rc = pu_error_set(PU_EINVAL,
					  "line 1: unknown column \"%.64s\"",
					  c.fields[i]);
			goto done;
		}
		if (col[k] >= 0) {
			rc = pu_error_set(PU_EINVAL, "line 1: column \"%s\" twice",
					  c.fields[i]);
			goto done;
		}
		col[k] = (int)i;
	}
	for (int k = 0; k <= C_LANGUAGE; k++)
		if (col[k] < 0) {
			rc = pu_error_set(PU_EINVAL,
					  "line 1: required column \"%s\" "
					  "missing (need country, code, title, "
					  "language)",
					  csv_cols[k]);
			goto done;
		}
	while ((rc = pu_csv_next(&c)) == 1) {
		pu_standard *s = NULL;
		const char *v[C_NCOLS];
		char label[96];

		if (c.nfields == 1 && c.fields[0][0] == '\0')
			continue; /* blank line */
		snprintf(label, sizeof(label), "line %zu", c.line);
		for (int k = 0; k < C_NCOLS; k++)
			v[k] = col[k] >= 0 && (size_t)col[k] < c.nfields
				       ? c.fields[col[k]]
				       : NULL;
		if ((rc = new_std(&s)) < 0)
			goto done;
		s->country = trimmed(s->arena, v[C_COUNTRY]);
		s->code = trimmed(s->arena, v[C_CODE]);
		s->language = trimmed(s->arena, v[C_LANGUAGE]);
		s->body = trimmed(s->arena, v[C_BODY]);
		s->version = trimmed(s->arena, v[C_VERSION]);
		s->sector = trimmed(s->arena, v[C_SECTOR]);
		s->valid_from = trimmed(s->arena, v[C_FROM]);
		s->valid_to = trimmed(s->arena, v[C_TO]);
		s->superseded_by = trimmed(s->arena, v[C_SUPERSEDED]);
		rc = 0;
		if (trimmed(s->arena, v[C_KIND]))
			rc = pu_kind_parse(trimmed(s->arena, v[C_KIND]), &s->kind);
		if (rc == 0 && trimmed(s->arena, v[C_STATUS]))
			rc = pu_status_parse(trimmed(s->arena, v[C_STATUS]),
					     &s->status);
		if (rc == 0 && trimmed(s->arena, v[C_TITLE]))
			rc = one_text(s->arena, &s->title,
				      s->language ? s->language : "und",
				      trimmed(s->arena, v[C_TITLE]));
		if (rc == 0 && trimmed(s->arena, v[C_DESCRIPTION]))
			rc = one_text(s->arena, &s->description,
				      s->language ? s->language : "und",
				      trimmed(s->arena, v[C_DESCRIPTION]));
		if (rc == 0 && trimmed(s->arena, v[C_LEVEL])) {
			s->level_code = trimmed(s->arena, v[C_LEVEL]);
			s->level_framework = trimmed(s->arena, v[C_FRAMEWORK]);
			if (s->level_framework == NULL)
				rc = pu_error_set(PU_EINVAL,
						  "level: needs the framework "
						  "column");
		}
		if (rc == 0)
			rc = add_codes(s, "isco08", v[C_ISCO]);
		if (rc == 0)
			rc = add_codes(s, "isic4", v[C_ISIC]);
		if (rc == 0)
			rc = add_codes(s, "iscedf2013", v[C_ISCED]);
		if (rc == 0)
			rc = pu_standard_validate(s);
		if (rc < 0) {
			pu_standard_free(s);
			pu_error_prefix("%s (%.64s): ", label,
					v[C_CODE] ? v[C_CODE] : "?");
			goto done;
		}
		if ((rc = sink(s, index++, label, arg)) < 0)
			goto done;
	}
done:
	pu_csv_free(&c);
	return rc < 0 ? rc : 0;
}

/* Columns of ESCO's occupations CSV that Puente reads. */
enum { E_URI, E_ISCO, E_PREF, E_ALT, E_STATUS, E_DESC, E_CODE, E_NCOLS };
static const char *const esco_cols[E_NCOLS] = {
	"conceptUri", "iscoGroup", "preferredLabel", "altLabels",
	"status",     "description", "code"};

/* Splits ESCO's newline-separated alternative labels into a list mtext. */
static int alt_labels(pu_arena *a, const char *lang, const char *cell,
		      pu_mtext *out)
{
	size_t n = 1, k = 0;
	const char *p = cell;

	out->n = 0;
	if (cell == NULL || cell[0] == '\0')
		return 0;
	for (const char *q = cell; *q; q++)
		n += *q == '\n';
	if (n > 500)
		n = 500;
	out->v = pu_arena_alloc(a, n * sizeof(*out->v));
	if (out->v == NULL)
		return oom();
	while (*p && k < n) {
		size_t len = strcspn(p, "\n");
		const char *t = pu_arena_strndup(a, p, len);

		t = trimmed(a, t);
		if (t != NULL) {
			out->v[k].lang = lang;
			out->v[k].text = t;
			k++;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	out->n = k;
	return 0;
}

/* ".../occupation/0f905036-055f-..." -> "0f905036-055f-...". */
static const char *uuid_of(pu_arena *a, const char *uri)
{
	const char *t = trimmed(a, uri), *slash;

	if (t == NULL)
		return NULL;
	slash = strrchr(t, '/');
	if (slash == NULL || slash[1] == '\0' || strlen(slash + 1) > 64)
		return NULL;
	return slash + 1;
}

int pu_io_read_esco(const char *data, size_t len, const char *lang,
		    pu_std_sink sink, void *arg)
{
	pu_csv c;
	int col[E_NCOLS], rc;
	size_t index = 0;

	pu_csv_init(&c, data, len);
	rc = pu_csv_next(&c);
	if (rc <= 0) {
		pu_csv_free(&c);
		return rc < 0 ? rc : pu_error_set(PU_EINVAL, "empty file");
	}
	for (int k = 0; k < E_NCOLS; k++) {
		col[k] = -1;
		for (size_t i = 0; i < c.nfields; i++)
			if (strcmp(c.fields[i], esco_cols[k]) == 0)
				col[k] = (int)i;
		if (col[k] < 0 && k != E_DESC && k != E_STATUS && k != E_ALT) {
			rc = pu_error_set(PU_EINVAL,
					  "line 1: ESCO column \"%s\" missing",
					  esco_cols[k]);
			goto done;
		}
	}
	while ((rc = pu_csv_next(&c)) == 1) {
		pu_standard *s = NULL;
		const char *v[E_NCOLS];
		char label[96];

		if (c.nfields == 1 && c.fields[0][0] == '\0')
			continue;
		for (int k = 0; k < E_NCOLS; k++)
			v[k] = col[k] >= 0 && (size_t)col[k] < c.nfields
				       ? c.fields[col[k]]
				       : NULL;
		snprintf(label, sizeof(label), "line %zu (%.64s)", c.line,
			 v[E_PREF] ? v[E_PREF] : "?");
		if ((rc = new_std(&s)) < 0)
			goto done;
		s->country = "EU";
		s->body = "ESCO";
		s->kind = PU_KIND_OCCUPATION;
		s->language = lang;
		/* ESCO codes ("7223.2") are not unique; the concept URI is. */
		s->code = uuid_of(s->arena, v[E_URI]);
		s->status = v[E_STATUS] && strcmp(v[E_STATUS], "released") != 0
				    ? PU_STATUS_DRAFT
				    : PU_STATUS_ACTIVE;
		rc = 0;
		if (trimmed(s->arena, v[E_PREF]) == NULL)
			rc = pu_error_set(PU_EINVAL, "preferredLabel: missing");
		if (rc == 0)
			rc = one_text(s->arena, &s->title, lang,
				      trimmed(s->arena, v[E_PREF]));
		if (rc == 0 && trimmed(s->arena, v[E_DESC]))
			rc = one_text(s->arena, &s->description, lang,
				      trimmed(s->arena, v[E_DESC]));
		if (rc == 0)
			rc = alt_labels(s->arena, lang, v[E_ALT], &s->alt_titles);
		if (rc == 0 && trimmed(s->arena, v[E_ISCO]))
			rc = add_codes(s, "isco08", v[E_ISCO]);
		if (rc == 0 && s->code == NULL)
			rc = pu_error_set(PU_EINVAL, "conceptUri: missing or "
					  "not an ESCO occupation URI");
		if (rc == 0 && trimmed(s->arena, v[E_URI])) {
			pu_code *nc = pu_arena_alloc(
				s->arena, (s->ncodes + 2) * sizeof(*nc));

			if (nc == NULL) {
				rc = oom();
			} else {
				if (s->ncodes)
					memcpy(nc, s->codes,
					       s->ncodes * sizeof(*nc));
				nc[s->ncodes].scheme = "esco-uri";
				nc[s->ncodes].code =
					trimmed(s->arena, v[E_URI]);
				nc[s->ncodes].national = true;
				s->ncodes++;
				if (trimmed(s->arena, v[E_CODE])) {
					nc[s->ncodes].scheme = "esco-code";
					nc[s->ncodes].code =
						trimmed(s->arena, v[E_CODE]);
					nc[s->ncodes].national = true;
					s->ncodes++;
				}
				s->codes = nc;
			}
		}
		if (rc == 0)
			rc = pu_standard_validate(s);
		if (rc < 0) {
			pu_standard_free(s);
			pu_error_prefix("%s: ", label);
			goto done;
		}
		if ((rc = sink(s, index++, label, arg)) < 0)
			goto done;
	}
done:
	pu_csv_free(&c);
	return rc < 0 ? rc : 0;
}
