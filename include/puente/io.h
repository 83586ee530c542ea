/*
 * Import and export. Formats are documented in docs/formats.md: Puente JSON
 * documents (.json: frameworks, referencing, standards and agreements), JSON
 * Lines of standards (.jsonl), flat CSV catalogues, and two foreign formats
 * detected by content (CONOCER's RENEC catalogue, ESCO's occupations CSV). An
 * import is one transaction: on any error nothing is written and the message
 * names the file and the record.
 */
#ifndef PUENTE_IO_H
#define PUENTE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "puente/agreement.h"
#include "puente/catalog.h"
#include "puente/framework.h"

struct pu_store;

/* The records of one Puente JSON document. */
typedef struct pu_doc {
	size_t nframeworks;
	pu_framework **frameworks;
	size_t nreferencing;
	pu_referencing **referencing;
	size_t nstandards;
	pu_standard **standards;
	size_t nagreements;
	pu_agreement **agreements;
} pu_doc;

void pu_doc_free(pu_doc *d);

/* Parses a Puente JSON document held in memory and checks each record on its
 * own (not against the database). name prefixes messages. The caller frees
 * *out. */
int pu_io_parse_document(pu_doc **out, const char *data, size_t len,
			 const char *name);

/* Parses one standard object given as JSON text (a .jsonl line). */
int pu_io_parse_standard(pu_standard **out, const char *data, size_t len);

typedef enum pu_format {
	PU_FORMAT_AUTO,
	PU_FORMAT_JSON,    /* Puente JSON document */
	PU_FORMAT_JSONL,   /* one standard per line */
	PU_FORMAT_CSV,     /* flat catalogue */
	PU_FORMAT_CONOCER, /* RENEC catalogue JSON */
	PU_FORMAT_ESCO     /* ESCO occupations CSV */
} pu_format;

const char *pu_format_name(pu_format f);

/* Called now and then during an import: bytes read so far of total. */
typedef void (*pu_progress_cb)(size_t done, size_t total, void *arg);

struct pu_actor;

/* Version 2 added actor; a version 1 struct (without it) is still accepted. */
typedef struct pu_import_options {
	unsigned int version;
	pu_format format;      /* PU_FORMAT_AUTO: by extension and content */
	const char *lang;      /* ESCO: language of the file (else from name) */
	pu_progress_cb progress;
	void *progress_arg;
	/* Who imports. When set, every record is checked with pu_authorize
	 * before it is written (a standard's country: PU_ACT_CATALOGUE_WRITE;
	 * a framework's, and a referencing statement's "from" framework's:
	 * PU_ACT_FRAMEWORK_WRITE; an agreement: a party, and a side of every
	 * entry: PU_ACT_AGREEMENT_WRITE), and a refusal (PU_EDENIED, naming
	 * the record) writes nothing. NULL: a trusted local caller, not
	 * checked, audited as "system". */
	const struct pu_actor *actor;
} pu_import_options;

#define PU_IMPORT_OPTIONS_VERSION 2
#define PU_IMPORT_OPTIONS_INIT {PU_IMPORT_OPTIONS_VERSION, PU_FORMAT_AUTO, \
				NULL, NULL, NULL, NULL}

typedef struct pu_import_result {
	pu_format format;
	size_t frameworks, referencing, standards, units, criteria;
	size_t agreements;
} pu_import_result;

/* Imports a file in one transaction, and appends to the audit log, in it, an
 * "import" entry with the SHA-256 of the bytes imported and the file's base
 * name. Returns 0, or PU_EINVAL / PU_ELIMIT / PU_ECONFLICT for bad data
 * (message: "FILE: record: field: what"), PU_EDENIED when opt->actor may not
 * write a record, PU_EIO when the file cannot be read, PU_ESTORE for database
 * failures. */
int pu_io_import_file(struct pu_store *st, const char *path,
		      const pu_import_options *opt, pu_import_result *res);

/* The same for data in memory; name stands for the file in messages and chooses
 * the format by its extension when format is AUTO. */
int pu_io_import_buffer(struct pu_store *st, const char *data, size_t len,
			const char *name, const pu_import_options *opt,
			pu_import_result *res);

/* Writes one Puente JSON document with every framework, referencing statement,
 * standard and agreement (or only the standards, frameworks, statements and
 * agreements of a country when country is not NULL; an agreement is a
 * country's when the country is a party or a side of an entry). Byte-stable:
 * exporting what an export imported gives the same bytes. */
int pu_io_export(struct pu_store *st, const char *country, FILE *out);

/* A standard as a Puente JSON object (new reference; NULL on OOM). */
struct json_t;
struct json_t *pu_io_standard_to_json(const pu_standard *s);
/* An agreement as a Puente JSON object, as export writes it (new reference;
 * NULL on OOM). */
struct json_t *pu_io_agreement_to_json(const pu_agreement *a);

#endif
