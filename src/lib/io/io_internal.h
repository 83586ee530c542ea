/*
 * Internal to the io module: record readers shared by the importers.
 */
#ifndef PU_IO_INTERNAL_H
#define PU_IO_INTERNAL_H

#include <jansson.h>

#include "puente/io.h"

int pu_io_load_json(json_t **out, const char *data, size_t len, int *line);
int pu_io_standard_from_json(pu_standard **out, const json_t *o);
int pu_io_framework_from_json(pu_framework **out, const json_t *o);
int pu_io_referencing_from_json(pu_referencing **out, const json_t *o);
int pu_io_agreement_from_json(pu_agreement **out, const json_t *o);
int pu_io_document_from_json(pu_doc **out, const json_t *root);

/* A minimal RFC 4180 reader over a buffer (io/csv.c). */
typedef struct pu_csv {
	const char *p, *end;
	size_t line;      /* line where the current record started */
	size_t next_line; /* line of the next record */
	char **fields;
	size_t nfields, cap;
	char *scratch;
	size_t scratch_cap;
} pu_csv;

#define PU_CSV_MAX_FIELDS 256
#define PU_CSV_MAX_FIELD (1u << 20)

void pu_csv_init(pu_csv *c, const char *data, size_t len);
/* Reads the next record: 1 when one was read, 0 at the end, negative on error
 * (message names the line). Fields stay valid until the next call. */
int pu_csv_next(pu_csv *c);
void pu_csv_free(pu_csv *c);

/* Foreign formats (io/foreign.c): each adds records through the sink. */
typedef int (*pu_std_sink)(pu_standard *s, size_t index, const char *label,
			   void *arg);
int pu_io_read_conocer(const json_t *root, pu_std_sink sink, void *arg);
int pu_io_read_csv(const char *data, size_t len, pu_std_sink sink, void *arg);
int pu_io_read_esco(const char *data, size_t len, const char *lang,
		    pu_std_sink sink, void *arg);

#endif
