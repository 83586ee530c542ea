/*
 * Storage. A store is opened from a location ("var/puente.db", "sqlite:FILE"; a
 * PostgreSQL backend will take "postgres://..."), and every backend implements
 * the same table of functions (pu_store_ops), checked by one conformance suite.
 * Writes happen inside pu_store_begin/commit: an import is one transaction, so a
 * failure leaves the database exactly as it was.
 */
#ifndef PUENTE_STORE_H
#define PUENTE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/catalog.h"
#include "puente/framework.h"

typedef struct pu_store pu_store;
struct pu_agreement;
struct pu_store_auth_ops;
struct pu_store_cred_ops;
struct pu_store_rpl_ops;

enum {
	PU_STORE_CREATE = 1 << 0,  /* create the database when missing */
	PU_STORE_READONLY = 1 << 1 /* refuse writes */
};

/* A search of the catalogue. Zero-initialise with PU_SEARCH_QUERY_INIT; NULL
 * members do not filter. */
typedef struct pu_search_query {
	unsigned int version;
	const char *text;      /* words; accent- and case-insensitive, prefixes */
	const char *country;   /* "MX" */
	const char *language;  /* "es" matches "es" and "es-MX" */
	const char *framework; /* level filter: framework id (optional) ... */
	const char *level;     /* ... and level code */
	const char *sector;    /* substring, accent- and case-insensitive */
	const char *isco;      /* ISCO-08 prefix: "7" or "7411" */
	size_t limit;          /* 0: 20; at most 1000 */
	size_t offset;
} pu_search_query;

#define PU_SEARCH_QUERY_VERSION 1
#define PU_SEARCH_QUERY_INIT {PU_SEARCH_QUERY_VERSION, NULL, NULL, NULL, NULL, \
			      NULL, NULL, NULL, 0, 0}

typedef struct pu_search_hit {
	const char *country, *code, *language, *body, *sector;
	pu_kind kind;
	pu_status status;
	pu_mtext title;
	const char *level_framework, *level_code; /* NULL when none */
	const char *isco;                         /* first ISCO-08 code or NULL */
	size_t nunits;
	double score; /* higher is better */
} pu_search_hit;

typedef struct pu_search_result {
	size_t n;
	pu_search_hit *hits;
	bool relaxed; /* no standard had every word; these have some of them */
	struct pu_arena *arena;
} pu_search_result;

void pu_search_result_free(pu_search_result *r);

typedef struct pu_country_count {
	char country[17];
	size_t standards;
	size_t units;
} pu_country_count;

typedef struct pu_store_counts {
	const char *backend; /* "sqlite" */
	int schema_version;
	int64_t catalog_version; /* bumped by every committed write */
	size_t frameworks, levels, referencing;
	size_t standards, units, elements, criteria;
	size_t agreements, agreement_entries; /* official agreements, and
						 their pairs of standards */
	uint64_t bytes; /* size of the database */
	size_t ncountries;
	pu_country_count *countries; /* malloc'd; freed by pu_store_counts_free */
} pu_store_counts;

void pu_store_counts_free(pu_store_counts *s);

/* Called for each standard by pu_store_each_standard; a non-zero return stops
 * the walk and is returned. The standard is borrowed for the call. */
typedef int (*pu_standard_cb)(const pu_standard *s, void *arg);

/* The functions a backend implements. Each returns 0 or a PU_E* code with the
 * message set, as the public wrappers below document. */
typedef struct pu_store_ops {
	const char *name;
	void (*close)(pu_store *st);
	int (*begin)(pu_store *st);
	int (*commit)(pu_store *st);
	int (*rollback)(pu_store *st);
	int (*put_framework)(pu_store *st, const pu_framework *f);
	int (*get_framework)(pu_store *st, const char *id, pu_framework **out);
	int (*framework_ids)(pu_store *st, char ***out, size_t *n);
	int (*put_referencing)(pu_store *st, const pu_referencing *r);
	int (*all_referencing)(pu_store *st, pu_referencing ***out, size_t *n);
	int (*put_standard)(pu_store *st, const pu_standard *s);
	int (*get_standard)(pu_store *st, const char *country, const char *code,
			    pu_standard **out);
	int (*each_standard)(pu_store *st, const char *country,
			     pu_standard_cb cb, void *arg);
	int (*standard_keys)(pu_store *st, const char *country, char ***out,
			     size_t *n);
	int (*superseded_by)(pu_store *st, const char *country, const char *code,
			     char **out);
	int (*search)(pu_store *st, const pu_search_query *q,
		      pu_search_result **out);
	int (*stats)(pu_store *st, pu_store_counts *out);
	int (*catalog_version)(pu_store *st, int64_t *out);
	int (*note_import)(pu_store *st, const char *source, size_t records);
	int (*get_translation)(pu_store *st, const unsigned char key[32],
			       char **out);
	int (*put_translation)(pu_store *st, const unsigned char key[32],
			       const char *engine, const char *from,
			       const char *to, const char *text);
	int (*put_agreement)(pu_store *st, const struct pu_agreement *a);
	int (*agreement_ids)(pu_store *st, char ***out, size_t *n);
	int (*get_agreement)(pu_store *st, const char *id,
			     struct pu_agreement **out);
	/* Accounts, sessions, tokens and the audit log: a table of its own
	 * (src/lib/store/store_auth.h), used through include/puente/auth.h
	 * and audit.h. */
	const struct pu_store_auth_ops *auth;
	/* Issued credentials and their status lists: a table of its own
	 * (src/lib/store/store_cred.h), used through include/puente/issue.h. */
	const struct pu_store_cred_ops *cred;
	/* Accreditation, candidates, cases and recognition decisions: a table
	 * of its own (src/lib/store/store_rpl.h), used through
	 * include/puente/accredit.h, rpl.h and recognition.h. */
	const struct pu_store_rpl_ops *rpl;
} pu_store_ops;

/* The common head of every backend's store. */
struct pu_store {
	const pu_store_ops *ops;
	bool in_tx;
	bool readonly;
};

/* Opens (and with PU_STORE_CREATE creates and migrates) a store. location is a
 * file path or "sqlite:PATH". Returns 0, PU_ENOTFOUND when the file is missing
 * and creation was not asked, PU_ESTORE when it is not a Puente database or is
 * newer than this program. The caller closes it. */
int pu_store_open(pu_store **out, const char *location, int flags);
void pu_store_close(pu_store *st);

int pu_store_begin(pu_store *st);
int pu_store_commit(pu_store *st);
/* Undoes everything since begin; safe to call when no transaction is open. */
int pu_store_rollback(pu_store *st);

/* Inserts or replaces (by id) a framework; its levels are matched by code, so
 * referencing and standards that point at kept levels stay valid. Removing a
 * level that standards use fails with PU_ECONFLICT. */
int pu_store_put_framework(pu_store *st, const pu_framework *f);
/* PU_ENOTFOUND when missing. The caller frees *out. */
int pu_store_get_framework(pu_store *st, const char *id, pu_framework **out);
/* Ids sorted; free each and the array with free(). */
int pu_store_framework_ids(pu_store *st, char ***out, size_t *n);
/* Inserts or replaces the statement for (from, to); PU_EINVAL when a framework
 * or level is unknown. */
int pu_store_put_referencing(pu_store *st, const pu_referencing *r);
/* Every statement, sorted by (from, to); free each and the array. */
int pu_store_all_referencing(pu_store *st, pu_referencing ***out, size_t *n);
/* Loads every framework and statement into a registry. */
int pu_store_registry(pu_store *st, pu_registry **out);

/* Inserts or replaces (by country and code) a standard; PU_EINVAL when its level
 * is unknown. */
int pu_store_put_standard(pu_store *st, const pu_standard *s);
/* PU_ENOTFOUND when missing. The caller frees *out. */
int pu_store_get_standard(pu_store *st, const char *country, const char *code,
			  pu_standard **out);
/* Calls cb for each standard (of one country, or all when country is NULL),
 * sorted by country and code. */
int pu_store_each_standard(pu_store *st, const char *country, pu_standard_cb cb,
			   void *arg);
/* Keys of every standard (of one country, or all), sorted: out holds 2*n
 * strings, country then code for each; free each and the array. */
int pu_store_standard_keys(pu_store *st, const char *country, char ***out,
			   size_t *n);
/* The code that supersedes (country, code), or *out = NULL; free() it. */
int pu_store_superseded_by(pu_store *st, const char *country, const char *code,
			   char **out);

/* Full-text search with filters, best first. The caller frees *out. */
int pu_store_search(pu_store *st, const pu_search_query *q,
		    pu_search_result **out);
int pu_store_stats(pu_store *st, pu_store_counts *out);
/* The catalogue version alone (bumped by every committed write): cheap enough
 * to poll. */
int pu_store_catalog_version(pu_store *st, int64_t *out);
/* Records, in the current transaction, that an import took place. */
int pu_store_note_import(pu_store *st, const char *source, size_t records);

/* The cached translation under key (SHA-256 of engine, languages and text),
 * malloc'd into *out; PU_ENOTFOUND when absent. */
int pu_store_get_translation(pu_store *st, const unsigned char key[32],
			     char **out);
/* Caches a translation; works inside or outside a transaction. */
int pu_store_put_translation(pu_store *st, const unsigned char key[32],
			     const char *engine, const char *from,
			     const char *to, const char *text);

/* Inserts or replaces (by id) an agreement with all its entries; the entries
 * are written in order. Standards named by entries need not exist. */
int pu_store_put_agreement(pu_store *st, const struct pu_agreement *a);
/* Agreement ids sorted; free each and the array with free(). */
int pu_store_agreement_ids(pu_store *st, char ***out, size_t *n);
/* PU_ENOTFOUND when missing. The caller frees *out (pu_agreement_free). */
int pu_store_get_agreement(pu_store *st, const char *id,
			   struct pu_agreement **out);

/* Backends. */
int pu_store_sqlite_open(pu_store **out, const char *path, int flags);

#endif
