/*
 * Multilingual text <-> JSON.
 */
#include "jsonx.h"

#include "puente/buf.h"
#include "puente/error.h"

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

int pu_jsonx_mtext_parse(struct pu_arena *a, const char *json, pu_mtext *out)
{
	json_error_t err;
	json_t *v;
	int rc;

	out->n = 0;
	out->v = NULL;
	if (json == NULL)
		return 0;
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
