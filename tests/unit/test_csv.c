/*
 * The RFC 4180 reader behind the CSV importers (io/csv.c): quoting, line
 * numbers, line ends, byte-order mark, and the errors and limits.
 */
#include "helpers.h"

#include "io/io_internal.h"
#include "puente/buf.h"

static void open_csv(pu_csv *c, const char *data)
{
	pu_csv_init(c, data, strlen(data));
}

/* Reads the next record, which must exist and start on line `line`, and
 * checks its fields against the NULL-terminated list that follows. */
static void assert_record(pu_csv *c, size_t line, ...)
{
	va_list ap;
	const char *want;
	size_t i = 0;

	assert_int_equal(pu_csv_next(c), 1);
	assert_int_equal(c->line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < c->nfields);
		assert_string_equal(c->fields[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(c->nfields, i);
}

static void assert_end(pu_csv *c)
{
	assert_int_equal(pu_csv_next(c), 0);
	pu_csv_free(c);
}

/* Reads records until one fails, which it must, with code and want. */
static void assert_fails(const char *data, int code, const char *want)
{
	pu_csv c;
	int rc;

	open_csv(&c, data);
	while ((rc = pu_csv_next(&c)) == 1)
		;
	assert_error(rc, code, want);
	pu_csv_free(&c);
}

static void test_plain_records(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "a,b,c\n1,2,3\n");
	assert_record(&c, 1, "a", "b", "c", NULL);
	assert_record(&c, 2, "1", "2", "3", NULL);
	assert_end(&c);
}

static void test_last_record_without_newline(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "a,b\nc,d");
	assert_record(&c, 1, "a", "b", NULL);
	assert_record(&c, 2, "c", "d", NULL);
	assert_end(&c);
}

static void test_empty_fields(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, ",,\n\"\",x\n");
	assert_record(&c, 1, "", "", "", NULL);
	assert_record(&c, 2, "", "x", NULL);
	assert_end(&c);
}

static void test_quoted_commas(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "a,\"b, c\",d\n");
	assert_record(&c, 1, "a", "b, c", "d", NULL);
	assert_end(&c);
}

static void test_doubled_quotes(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "\"say \"\"hi\"\"\",\"\"\"\"\n");
	assert_record(&c, 1, "say \"hi\"", "\"", NULL);
	assert_end(&c);
}

static void test_newlines_in_quotes_keep_line_numbers(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "code,labels\n"
		     "A,\"one\ntwo\nthree\"\n"
		     "B,x\n"
		     "C,\"\n\"\n"
		     "D,y\n");
	assert_record(&c, 1, "code", "labels", NULL);
	assert_record(&c, 2, "A", "one\ntwo\nthree", NULL);
	assert_record(&c, 5, "B", "x", NULL);
	assert_record(&c, 6, "C", "\n", NULL);
	assert_record(&c, 8, "D", "y", NULL);
	assert_end(&c);
}

static void test_crlf_line_ends(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "a,b\r\n\"c\",d\r\n\"x\r\ny\",z\r\nlast,1\r\n");
	assert_record(&c, 1, "a", "b", NULL);
	assert_record(&c, 2, "c", "d", NULL);
	assert_record(&c, 3, "x\r\ny", "z", NULL);
	assert_record(&c, 5, "last", "1", NULL);
	assert_end(&c);
}

static void test_byte_order_mark_is_skipped(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "\xef\xbb\xbf" "country,code\nMX,EC0217\n");
	assert_record(&c, 1, "country", "code", NULL);
	assert_record(&c, 2, "MX", "EC0217", NULL);
	assert_end(&c);
}

static void test_utf8_text_is_kept(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "Albañil,\"Técnico, nivel 2\"\n");
	assert_record(&c, 1, "Albañil", "Técnico, nivel 2", NULL);
	assert_end(&c);
}

static void test_unterminated_quote_names_line(void **state)
{
	(void)state;
	assert_fails("a,b\nc,d\ne,\"never closed\nmore\n", PU_EINVAL,
		     "line 3: a quoted field is not closed");
}

static void test_quote_inside_unquoted_field(void **state)
{
	(void)state;
	assert_fails("a,b\nsay \"hi\",c\n", PU_EINVAL,
		     "line 2: a quote inside an unquoted field");
}

static void test_text_after_closing_quote(void **state)
{
	(void)state;
	assert_fails("a\n\"b\"c,d\n", PU_EINVAL,
		     "line 2: text after a closing quote");
}

static void test_invalid_utf8_names_line_and_field(void **state)
{
	(void)state;
	assert_fails("a,b\nok,ok\nok,bad\xff\n", PU_EINVAL,
		     "line 3, field 2: invalid UTF-8");
	assert_fails("\"x\ny\",\"\xc0\xaf\"\n", PU_EINVAL,
		     "line 1, field 2: invalid UTF-8");
}

static void test_nul_byte_is_invalid(void **state)
{
	static const char data[] = "a,b\0c\n";
	pu_csv c;

	(void)state;
	pu_csv_init(&c, data, sizeof(data) - 1);
	assert_error(pu_csv_next(&c), PU_EINVAL, "line 1, field 2");
	pu_csv_free(&c);
}

/* n fields "0,1,2,...". */
static char *fields(size_t n)
{
	pu_buf b = PU_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		assert_ok(pu_buf_printf(&b, "%s%zu", i ? "," : "", i));
	assert_ok(pu_buf_putc(&b, '\n'));
	return pu_buf_detach(&b);
}

static void test_field_count_limit(void **state)
{
	char *most = fields(PU_CSV_MAX_FIELDS);
	char *over = fields(PU_CSV_MAX_FIELDS + 1);
	pu_csv c;

	(void)state;
	open_csv(&c, most);
	assert_int_equal(pu_csv_next(&c), 1);
	assert_int_equal(c.nfields, PU_CSV_MAX_FIELDS);
	assert_string_equal(c.fields[PU_CSV_MAX_FIELDS - 1], "255");
	assert_end(&c);
	assert_fails(over, PU_ELIMIT, "line 1: more than 256 fields");
	free(most);
	free(over);
}

static void test_field_length_limit(void **state)
{
	size_t n = PU_CSV_MAX_FIELD + 1;
	char *big = malloc(n + 3);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', n);
	memcpy(big + n, "\n", 2);
	assert_fails(big, PU_ELIMIT, "line 1: a field longer than");
	free(big);
}

static void test_empty_input_has_no_records(void **state)
{
	pu_csv c;

	(void)state;
	open_csv(&c, "");
	assert_end(&c);
	open_csv(&c, "\xef\xbb\xbf");
	assert_end(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_records),
		cmocka_unit_test(test_last_record_without_newline),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_quoted_commas),
		cmocka_unit_test(test_doubled_quotes),
		cmocka_unit_test(test_newlines_in_quotes_keep_line_numbers),
		cmocka_unit_test(test_crlf_line_ends),
		cmocka_unit_test(test_byte_order_mark_is_skipped),
		cmocka_unit_test(test_utf8_text_is_kept),
		cmocka_unit_test(test_unterminated_quote_names_line),
		cmocka_unit_test(test_quote_inside_unquoted_field),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_invalid_utf8_names_line_and_field),
		cmocka_unit_test(test_nul_byte_is_invalid),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_field_length_limit),
		cmocka_unit_test(test_empty_input_has_no_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
