/*
 * RFC 4180 CSV over a buffer: quoted fields may hold commas, doubled quotes and
 * line breaks; CRLF or LF line ends; a UTF-8 byte-order mark is skipped. Limits:
 * 256 fields per record, 1 MiB per field. Fields must be valid UTF-8.
 */
#include "io_internal.h"

#include "puente/error.h"
#include "puente/text.h"

#include <stdlib.h>
#include <string.h>

void pu_csv_init(pu_csv *c, const char *data, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->p = data;
	c->end = data + len;
	c->next_line = 1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;
}

void pu_csv_free(pu_csv *c)
{
	free(c->fields);
	free(c->scratch);
	c->fields = NULL;
	c->scratch = NULL;
}

static int put(pu_csv *c, size_t *len, char ch)
{
	if (*len + 2 > c->scratch_cap) {
		size_t cap = c->scratch_cap ? c->scratch_cap * 2 : 1024;
		char *n = realloc(c->scratch, cap);

		if (n == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		c->scratch = n;
		c->scratch_cap = cap;
	}
	c->scratch[(*len)++] = ch;
	return 0;
}

int pu_csv_next(pu_csv *c)
{
	size_t len = 0, start = 0, *offs = NULL;
	size_t nf = 0;
	int rc = 0;

	if (c->p >= c->end)
		return 0;
	c->line = c->next_line;
	offs = malloc(PU_CSV_MAX_FIELDS * sizeof(*offs));
	if (offs == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (;;) {
		bool quoted = false;

		if (nf == PU_CSV_MAX_FIELDS) {
			rc = pu_error_set(PU_ELIMIT, "line %zu: more than %d "
					  "fields", c->line, PU_CSV_MAX_FIELDS);
			goto done;
		}
		start = len;
		if (c->p < c->end && *c->p == '"') {
			quoted = true;
			c->p++;
		}
		for (;;) {
			char ch;

			if (c->p >= c->end) {
				if (quoted) {
					rc = pu_error_set(PU_EINVAL,
							  "line %zu: a quoted "
							  "field is not closed",
							  c->line);
					goto done;
				}
				break;
			}
			ch = *c->p;
			if (quoted) {
				if (ch == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						c->p += 2;
						rc = put(c, &len, '"');
					} else {
						c->p++;
						quoted = false;
						if (c->p < c->end && *c->p != ',' &&
						    *c->p != '\n' && *c->p != '\r') {
							rc = pu_error_set(
								PU_EINVAL,
								"line %zu: text "
								"after a closing "
								"quote",
								c->next_line);
							goto done;
						}
						continue;
					}
				} else {
					if (ch == '\n')
						c->next_line++;
					c->p++;
					rc = put(c, &len, ch);
				}
			} else {
				if (ch == ',' || ch == '\n' || ch == '\r')
					break;
				if (ch == '"') {
					rc = pu_error_set(PU_EINVAL,
							  "line %zu: a quote "
							  "inside an unquoted "
							  "field",
							  c->next_line);
					goto done;
				}
				c->p++;
				rc = put(c, &len, ch);
			}
			if (rc < 0)
				goto done;
			if (len - start > PU_CSV_MAX_FIELD) {
				rc = pu_error_set(PU_ELIMIT, "line %zu: a field "
						  "longer than %u bytes",
						  c->line, PU_CSV_MAX_FIELD);
				goto done;
			}
		}
		if (!pu_text_utf8_valid(c->scratch ? c->scratch + start : "",
					len - start)) {
			rc = pu_error_set(PU_EINVAL, "line %zu, field %zu: "
					  "invalid UTF-8", c->line, nf + 1);
			goto done;
		}
		if ((rc = put(c, &len, '\0')) < 0)
			goto done;
		offs[nf++] = start;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->next_line++;
		break;
	}
	if (nf > c->cap) {
		char **n = realloc(c->fields, PU_CSV_MAX_FIELDS * sizeof(*n));

		if (n == NULL) {
			rc = pu_error_set(PU_ENOMEM, "out of memory");
			goto done;
		}
		c->fields = n;
		c->cap = PU_CSV_MAX_FIELDS;
	}
	for (size_t i = 0; i < nf; i++)
		c->fields[i] = c->scratch + offs[i];
	c->nfields = nf;
	rc = 1;
done:
	free(offs);
	return rc;
}
