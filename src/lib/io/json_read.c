/*
 * The strict reading helpers the Puente JSON readers share: each checks one
 * member's type and limits and names the field path in its error.
 */
#include "json_read.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdio.h>
#include <string.h>

int pu_jr_oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

/* Refuses members not in allowed (NULL-terminated). */
int pu_jr_only_keys(const json_t *o, const char *const *allowed,
		    const char *field)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)o, k, v)
	{
		size_t i;

		(void)v;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(k, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return pu_error_set(PU_EINVAL, "%s%s\"%.64s\": unknown field",
					    field, field[0] ? "." : "", k);
	}
	return 0;
}

/* An optional string member (absent or null gives NULL). */
int pu_jr_str(pu_arena *a, const json_t *o, const char *key, const char *field,
	      bool required, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return pu_error_set(PU_EINVAL, "%s%s%s: missing", field,
					    field[0] ? "." : "", key);
		return 0;
	}
	if (!json_is_string(v))
		return pu_error_set(PU_EINVAL, "%s%s%s: expected a string", field,
				    field[0] ? "." : "", key);
	if (json_string_length(v) > PU_CATALOG_MAX_TEXT)
		return pu_error_set(PU_ELIMIT, "%s%s%s: longer than %d bytes",
				    field, field[0] ? "." : "", key,
				    PU_CATALOG_MAX_TEXT);
	*out = pu_arena_strndup(a, json_string_value(v), json_string_length(v));
	return *out ? 0 : pu_jr_oom();
}

int pu_jr_mtext(pu_arena *a, const json_t *o, const char *key,
		const char *field, const char *lang, pu_mtext *out)
{
	char f[192];

	snprintf(f, sizeof(f), "%s%s%s", field, field[0] ? "." : "", key);
	return pu_jsonx_mtext(a, json_object_get(o, key), lang, f, out);
}

/* An array member; absent or null gives NULL with n = 0. */
int pu_jr_arr(const json_t *o, const char *key, const char *field,
	      const json_t **out, size_t *n)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return pu_error_set(PU_EINVAL, "%s%s%s: expected a list", field,
				    field[0] ? "." : "", key);
	if (json_array_size(v) > PU_CATALOG_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT, "%s%s%s: more than %d items",
				    field, field[0] ? "." : "", key,
				    PU_CATALOG_MAX_ITEMS);
	*out = v;
	*n = json_array_size(v);
	return 0;
}

int pu_jr_is_obj(const json_t *v, const char *field)
{
	if (!json_is_object(v))
		return pu_error_set(PU_EINVAL, "%s: expected an object", field);
	return 0;
}

void *pu_jr_alloc_n(pu_arena *a, size_t n, size_t size)
{
	return pu_arena_alloc(a, (n ? n : 1) * size);
}
