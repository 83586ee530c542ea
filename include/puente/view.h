/*
 * Views: the JSON shapes of records and results that the CLI's --json output and
 * the HTTP API share, so that both speak with the same field names (those of the
 * file formats, docs/formats.md). Each function returns a new reference, or NULL
 * when memory runs out.
 */
#ifndef PUENTE_VIEW_H
#define PUENTE_VIEW_H

#include "puente/framework.h"
#include "puente/io.h"
#include "puente/mtext.h"
#include "puente/store.h"

struct json_t;

/* {"es": "...", "en": "..."} */
struct json_t *pu_view_mtext(const pu_mtext *t);
/* {id, type, country, name, short_name, levels: count} */
struct json_t *pu_view_framework_summary(const pu_framework *f);
/* The summary with level_list (code, rank, name, notes, descriptors), the
 * referencing statements from or to it, and its source. */
struct json_t *pu_view_framework(const pu_registry *reg, const pu_framework *f);
/* One comparison: {a:{framework,level}, b:{...}, relation, reason[, via,
 * status, a_range, b_range]}. */
struct json_t *pu_view_level_cmp(const pu_framework *a, const char *la,
				 const pu_framework *b, const char *lb,
				 const pu_level_cmp *r);
/* Compares every level of a (or only la when not NULL) with every level of b
 * (or only lb): {a: id, b: id, comparisons: [comparison...]}; PU_E* code on
 * failure. */
int pu_view_level_table(struct json_t **out, const pu_registry *reg,
			const pu_framework *a, const char *la,
			const pu_framework *b, const char *lb);
/* {results: [hit...], relaxed} */
struct json_t *pu_view_search(const pu_search_result *r);
/* The counts of `puente status --json` (database is the location shown). */
struct json_t *pu_view_counts(const pu_store_counts *s, const char *database);
/* {file, format, frameworks, referencing, standards, units, criteria,
 * agreements} */
struct json_t *pu_view_import(const char *name, const pu_import_result *r);

/* "cr-mnc-eftp:3", "CR:3", "CR" or "cr-mnc-eftp" -> the framework (by id, else
 * the country's national framework) and the level code (copied into level, ""
 * when none). PU_ENOTFOUND with a message when the framework or the level is
 * unknown, PU_EINVAL when arg is too long. */
int pu_view_resolve_level(const pu_registry *reg, const char *arg,
			  const pu_framework **fw, char *level, size_t n);

#endif
