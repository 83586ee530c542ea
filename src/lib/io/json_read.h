/*
 * Internal to the io module: the strict reading helpers shared by the Puente
 * JSON readers (read_json.c, read_framework.c, read_agreement.c). field is the
 * path of the object being read ("" at the top); errors name field.key.
 */
#ifndef PU_JSON_READ_H
#define PU_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "puente/buf.h"
#include "puente/io.h"

/* Sets "out of memory" and returns PU_ENOMEM. */
int pu_jr_oom(void);
/* Refuses members not in allowed (NULL-terminated). */
int pu_jr_only_keys(const json_t *o, const char *const *allowed,
		    const char *field);
/* An optional string member (absent or null gives NULL), copied into a;
 * required makes absence an error. */
int pu_jr_str(pu_arena *a, const json_t *o, const char *key, const char *field,
	      bool required, const char **out);
/* A multilingual text member, with lang for a plain string. */
int pu_jr_mtext(pu_arena *a, const json_t *o, const char *key,
		const char *field, const char *lang, pu_mtext *out);
/* An array member; absent or null gives NULL with n = 0. */
int pu_jr_arr(const json_t *o, const char *key, const char *field,
	      const json_t **out, size_t *n);
/* Refuses v unless it is an object. */
int pu_jr_is_obj(const json_t *v, const char *field);
/* An arena array of n elements of size bytes (never zero bytes); NULL when
 * out of memory, with no error set. */
void *pu_jr_alloc_n(pu_arena *a, size_t n, size_t size);

#endif
