/*
 * Multilingual text <-> JSON.
 */
#include "jsonx.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int fill(struct pu_arena *a, pu_mtext *out, size_t n)
{
	out->n = 0;
	out->v = NULL;
	if (n == 0)
		return 0;
	out->v = pu_arena_alloc(a, n * sizeof(*out->v));
	if (out->v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

static int add(struct pu_arena *a, pu_mtext *out, const char *lang,
	       const char *text, size_t len)
{
	out->v[out->n].lang = pu_arena_strdup(a, lang);
	out->v[out->n].text = pu_arena_strndup(a, text, len);
	if (out->v[out->n].lang == NULL || out->v[out->n].text == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	out->n++;
	return 0;
}

int pu_jsonx_mtext(struct pu_arena *a, const json_t *v, const char *default_lang,
		   const char *field, pu_mtext *out)
{
	const char *lang;
	json_t *val;
	int rc;

	out->n = 0;
	out->v = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v) && default_lang != NULL) {
		if ((rc = fill(a, out, 1)) < 0)
			return rc;
		return add(a, out, default_lang, json_string_value(v),
			   json_string_length(v));
	}
	if (!json_is_object(v))
		return pu_error_set(PU_EINVAL,
				    "%s: expected an object of texts by language "
				    "({\"es\": \"...\"})",
				    field);
	if ((rc = fill(a, out, json_object_size(v))) < 0)
		return rc;
	json_object_foreach((json_t *)v, lang, val)
	{
		if (!json_is_string(val))
			return pu_error_set(PU_EINVAL, "%s.%s: expected a string",
					    field, lang);
		if ((rc = add(a, out, lang, json_string_value(val),
			      json_string_length(val))) < 0)
			return rc;
	}
	return 0;
}

int pu_jsonx_mtext_list(struct pu_arena *a, const json_t *v, const char *field,
			pu_mtext *out)
{
	const char *lang;
	json_t *val, *item;
	size_t total = 0, i;
	int rc;

	out->n = 0;
	out->v = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return pu_error_set(PU_EINVAL,
				    "%s: expected an object of lists by language "
				    "({\"es\": [\"...\"]})",
				    field);
	json_object_foreach((json_t *)v, lang, val)
	{
		if (!json_is_array(val))
			return pu_error_set(PU_EINVAL,
					    "%s.%s: expected a list of strings",
					    field, lang);
		total += json_array_size(val);
	}
	if (total > 10000)
		return pu_error_set(PU_ELIMIT, "%s: more than 10000 texts", field);
	if ((rc = fill(a, out, total)) < 0)
		return rc;
	json_object_foreach((json_t *)v, lang, val)
	{
		json_array_foreach(val, i, item)
		{
			if (!json_is_string(item))
				return pu_error_set(PU_EINVAL,
						    "%s.%s[%zu]: expected a string",
						    field, lang, i);
			if ((rc = add(a, out, lang, json_string_value(item),
				      json_string_length(item))) < 0)
				return rc;
		}
	}
	return 0;
}

json_t *pu_jsonx_from_mtext(const pu_mtext *t)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (json_object_set_new(o, t->v[i].lang,
					json_string(t->v[i].text)) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *pu_jsonx_from_mtext_list(const pu_mtext *t)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		json_t *arr = json_object_get(o, t->v[i].lang);

		if (arr == NULL) {
			arr = json_array();
			if (arr == NULL ||
			    json_object_set_new(o, t->v[i].lang, arr) < 0)
				goto oom;
		}
		if (json_array_append_new(arr, json_string(t->v[i].text)) < 0)
			goto oom;
	}
	return o;
oom:
	json_decref(o);
	return NULL;
}

/* The common case of stored text, a flat object of strings without escapes
 * ({"es":"...","en":"..."}), read straight into the arena: reading a standard
 * parses hundreds of these, and jansson's objects cost more than the rest of
 * the read together. Returns 1 when the text is not of that shape (the caller
 * then uses jansson), 0 or a PU_E* code otherwise. */
static int mtext_fast(struct pu_arena *a, const char *s, pu_mtext *out)
{
	const char *p = s, *k, *v;
	size_t n = 0, kl, vl;
	int rc;

	/* Count the members, checking the shape. */
	bool in_str = false;

	for (const char *c = s; *c; c++) {
		if (*c == '\\')
			return 1;
		if (*c == '"')
			in_str = !in_str;
		else if (!in_str && *c == '[')
			return 1;
		else if (!in_str && *c == ':')
			n++;
	}
	if (*p++ != '{' || n == 0 || n > 64)
		return 1;
	if ((rc = fill(a, out, n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		char lang[32];

		while (*p == ' ')
			p++;
		if (*p++ != '"')
			goto not_flat;
		k = p;
		while (*p && *p != '"')
			p++;
		kl = (size_t)(p - k);
		if (*p++ != '"' || kl == 0 || kl >= sizeof(lang))
			goto not_flat;
		while (*p == ' ')
			p++;
		if (*p++ != ':')
			goto not_flat;
		while (*p == ' ')
			p++;
		if (*p++ != '"')
			goto not_flat;
		v = p;
		while (*p && *p != '"')
			p++;
		vl = (size_t)(p - v);
		if (*p++ != '"')
			goto not_flat;
		while (*p == ' ')
			p++;
		if (*p != (i + 1 == n ? '}' : ','))
			goto not_flat;
		p++;
		memcpy(lang, k, kl);
		lang[kl] = '\0';
		if ((rc = add(a, out, lang, v, vl)) < 0)
			return rc;
	}
	if (*p == '\0')
		return 0;
not_flat:
	out->n = 0;
	out->v = NULL;
	return 1;
}

int pu_jsonx_mtext_parse(struct pu_arena *a, const char *json, pu_mtext *out)
{
	json_error_t err;
	json_t *v;
	int rc;

	out->n = 0;
	out->v = NULL;
	if (json == NULL)
		return 0;
	if ((rc = mtext_fast(a, json, out)) <= 0)
		return rc;
	v = json_loads(json, 0, &err);
	if (v == NULL)
		return pu_error_set(PU_ESTORE, "stored text is not JSON: %s",
				    err.text);
	if (json_is_object(v) && json_object_size(v) > 0) {
		json_t *first = json_object_iter_value(json_object_iter(v));

		if (json_is_array(first))
			rc = pu_jsonx_mtext_list(a, v, "stored text", out);
		else
			rc = pu_jsonx_mtext(a, v, NULL, "stored text", out);
	} else {
		rc = pu_jsonx_mtext(a, v, NULL, "stored text", out);
	}
	json_decref(v);
	return rc;
}

char *pu_jsonx_dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
				     JSON_ENCODE_ANY);
}

int pu_jsonx_depth(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	int d = 0, c;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x)
		{
			c = pu_jsonx_depth(x);
			if (c > d)
				d = c;
		}
		return d + 1;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			c = pu_jsonx_depth(x);
			if (c > d)
				d = c;
		}
		return d + 1;
	}
	return 0;
}
