/*
 * Internal: multilingual texts to and from JSON, shared by the importer, the
 * exporter and the stores (which keep texts as JSON objects).
 */
#ifndef PU_JSONX_H
#define PU_JSONX_H

#include <jansson.h>

#include "puente/mtext.h"

struct pu_arena;

/* Reads {"es": "...", ...} (or, when default_lang is not NULL, a plain string
 * meaning that language) into out, copying into the arena. NULL or JSON null
 * gives an empty text. PU_EINVAL names `field` on error. */
int pu_jsonx_mtext(struct pu_arena *a, const json_t *v, const char *default_lang,
		   const char *field, pu_mtext *out);

/* Reads {"es": ["a", "b"], ...} into a list-form mtext. */
int pu_jsonx_mtext_list(struct pu_arena *a, const json_t *v, const char *field,
			pu_mtext *out);

/* New reference to {"lang": "text", ...}, in the text's order. NULL on OOM. */
json_t *pu_jsonx_from_mtext(const pu_mtext *t);
/* New reference to {"lang": ["a", ...], ...}. */
json_t *pu_jsonx_from_mtext_list(const pu_mtext *t);

/* Parses a JSON text stored by Puente (from the database) into an mtext. */
int pu_jsonx_mtext_parse(struct pu_arena *a, const char *json, pu_mtext *out);

/* Compact, key-preserving serialisation; malloc'd, NULL on OOM. */
char *pu_jsonx_dump(const json_t *v);

/* Depth of nesting of v (a scalar is 0). */
int pu_jsonx_depth(const json_t *v);

#endif
