/*
 * Import: one file is one transaction. A bad file changes nothing in the
 * database and its message names the file and the record; good files of each
 * format land whole; export -> import -> export is byte-stable.
 */
#include "helpers.h"

#include "puente/buf.h"

/* In the database before every test: a framework and one standard. */
static const char base_json[] =
	"{\"format\": \"puente/1\", \"frameworks\": [{\"id\": \"xx-nqf\", "
	"\"type\": \"national\", \"country\": \"MX\", \"name\": \"NQF\", "
	"\"levels\": [{\"code\": \"1\"}, {\"code\": \"2\"}, {\"code\": "
	"\"3\"}]}, {\"id\": \"rq\", \"type\": \"regional\", \"country\": "
	"\"RQ\", \"name\": \"RQF\", \"levels\": [{\"code\": \"1\"}, {\"code\": "
	"\"2\"}]}], \"standards\": [{\"country\": \"MX\", \"code\": \"BASE1\", "
	"\"language\": \"es\", \"title\": \"Base\", \"level\": {\"framework\": "
	"\"xx-nqf\", \"level\": \"2\"}, \"superseded_by\": \"BASE2\"}]}";

/* A standard object, with extra members spliced in (e.g. ", \"x\": 1"). */
#define STD(code, more)                                                     \
	"{\"country\": \"MX\", \"code\": \"" code "\", \"language\": \"es\", " \
	"\"title\": \"T " code "\"" more "}"
#define DOC(stds) "{\"format\": \"puente/1\", \"standards\": [" stds "]}"

static int import_str(pu_store *st, const char *name, const char *data,
		      pu_import_result *res)
{
	return pu_io_import_buffer(st, data, strlen(data), name, NULL, res);
}

static void import_ok(pu_store *st, const char *name, const char *data,
		      pu_import_result *res)
{
	assert_ok(import_str(st, name, data, res));
}

static int import_setup(void **state)
{
	pu_import_result res;

	if (store_setup(state) != 0)
		return -1;
	import_ok(state_store(state), "base.json", base_json, &res);
	return 0;
}

#define IMPORT_TEST(f) \
	cmocka_unit_test_setup_teardown(f, import_setup, store_teardown)

static void assert_same_counts(const pu_store_counts *a,
			       const pu_store_counts *b)
{
	assert_int_equal(a->catalog_version, b->catalog_version);
	assert_int_equal(a->frameworks, b->frameworks);
	assert_int_equal(a->levels, b->levels);
	assert_int_equal(a->referencing, b->referencing);
	assert_int_equal(a->standards, b->standards);
	assert_int_equal(a->units, b->units);
	assert_int_equal(a->elements, b->elements);
	assert_int_equal(a->criteria, b->criteria);
}

/* Importing data as `name` fails with code; the message contains every
 * string of the NULL-terminated list that follows (the file name first);
 * and the database is exactly as before. */
static void assert_import_fails(void **state, const char *name,
				const char *data, int code, ...)
{
	pu_store *st = state_store(state);
	pu_store_counts before = counts_of(st), after;
	pu_import_result res;
	const char *want;
	va_list ap;

	assert_error(import_str(st, name, data, &res), code, name);
	va_start(ap, code);
	while ((want = va_arg(ap, const char *)) != NULL)
		if (strstr(pu_error_message(), want) == NULL)
			fail_msg("\"%s\" lacks \"%s\"", pu_error_message(), want);
	va_end(ap);
	assert_int_equal(res.standards + res.frameworks, 0);
	after = counts_of(st);
	assert_same_counts(&after, &before);
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
}

static void assert_no_standard(void **state, const char *code)
{
	pu_standard *s = NULL;

	assert_int_equal(pu_store_get_standard(state_store(state), "MX", code,
					       &s),
			 PU_ENOTFOUND);
}

/* --- bad input changes nothing --- */

static void test_malformed_json_names_line_and_column(void **state)
{
	assert_import_fails(state, "broken.json",
			    "{\"format\": \"puente/1\",\n\"standards\": [\n"
			    "{\"country\": }\n]}",
			    PU_EINVAL, "broken.json: line 3, column", NULL);
}

static void test_invalid_utf8_in_string(void **state)
{
	assert_import_fails(state, "latin1.json",
			    DOC(STD("OK1", "") ",\n"
				"{\"country\": \"MX\", \"code\": \"B\xf1\"}"),
			    PU_EINVAL, "latin1.json: line 2, column",
			    "unable to decode byte 0xf1", NULL);
}

/* A document whose first standard (MX/OK1) is good and whose second, bad,
 * fails as a whole: OK1 is not written either. */
static void assert_second_refused(void **state, const char *name,
				  const char *bad, int code, const char *want)
{
	pu_buf doc = PU_BUF_INIT;

	assert_ok(pu_buf_printf(&doc, DOC(STD("OK1", "") ", %s"), bad));
	assert_import_fails(state, name, doc.ptr, code, want, NULL);
	assert_no_standard(state, "OK1");
	pu_buf_free(&doc);
}

#define LEVEL(fw, code) \
	", \"level\": {\"framework\": \"" fw "\", \"level\": \"" code "\"}"

static void test_missing_field_names_record(void **state)
{
	assert_second_refused(state, "missing.json",
			      "{\"country\": \"MX\", \"code\": \"M2\", "
			      "\"title\": \"x\"}",
			      PU_EINVAL,
			      "missing.json: standards[1] (MX/M2): language: "
			      "missing");
}

static void test_unknown_framework_is_refused(void **state)
{
	assert_second_refused(state, "fw.json", STD("U2", LEVEL("zz-nqf", "1")),
			      PU_EINVAL,
			      "fw.json: standards[1] (MX/U2): level: unknown "
			      "framework \"zz-nqf\"");
}

static void test_unknown_level_is_refused(void **state)
{
	assert_second_refused(state, "level.json",
			      STD("U2", LEVEL("xx-nqf", "9")), PU_EINVAL,
			      "level.json: standards[1] (MX/U2): level: "
			      "framework xx-nqf has no level \"9\"");
}

static void test_duplicate_code_in_one_file(void **state)
{
	assert_import_fails(state, "dup.json",
			    DOC(STD("D1", "") "," STD("D2", "") ","
				STD("D1", "")),
			    PU_EINVAL,
			    "dup.json: standards[2] (MX/D1): code: MX/D1 "
			    "appears twice in the file",
			    NULL);
	assert_no_standard(state, "D1");
}

static void test_supersession_cycle_in_one_file(void **state)
{
	assert_import_fails(state, "cycle.json",
			    DOC(STD("A", ", \"superseded_by\": \"B\"") ","
				STD("B", ", \"superseded_by\": \"A\"")),
			    PU_ECONFLICT, "cycle.json: MX/A: superseded_by",
			    "loops: A -> B -> A", NULL);
	assert_no_standard(state, "A");
}

static void test_supersession_cycle_closed_against_database(void **state)
{
	/* BASE1 (in the database) is superseded by BASE2. */
	assert_import_fails(state, "closing.json",
			    DOC(STD("BASE2", ", \"superseded_by\": "
					     "\"BASE1\"")),
			    PU_ECONFLICT, "closing.json: MX/BASE2",
			    "BASE2 -> BASE1 -> BASE2", NULL);
	assert_no_standard(state, "BASE2");
}

static void test_supersession_chain_without_loop_is_fine(void **state)
{
	pu_import_result res;

	import_ok(state_store(state), "chain.json",
		  DOC(STD("BASE2", ", \"superseded_by\": \"BASE3\"") ","
		      STD("BASE3", "")),
		  &res);
	assert_int_equal(res.standards, 2);
}

static void test_oversized_field(void **state)
{
	pu_buf doc = PU_BUF_INIT;

	assert_ok(pu_buf_puts(&doc, "{\"format\": \"puente/1\", \"standards\": "
			      "[{\"country\": \"MX\", \"code\": \"BIG\", "
			      "\"language\": \"es\", \"title\": \"T\", "
			      "\"sector\": \""));
	for (int i = 0; i <= PU_CATALOG_MAX_TEXT; i++)
		assert_ok(pu_buf_putc(&doc, 's'));
	assert_ok(pu_buf_puts(&doc, "\"}]}"));
	assert_import_fails(state, "big.json", doc.ptr, PU_ELIMIT,
			    "big.json: standards[0] (MX/BIG): sector: longer "
			    "than 16384 bytes",
			    NULL);
	pu_buf_free(&doc);
}

static void test_unknown_field_in_document(void **state)
{
	assert_import_fails(state, "typo.json",
			    "{\"format\": \"puente/1\", \"standard\": []}",
			    PU_EINVAL, "typo.json: \"standard\": unknown field",
			    NULL);
}

static void test_referencing_unknown_framework(void **state)
{
	assert_import_fails(state, "ref.json",
			    "{\"format\": \"puente/1\", \"referencing\": "
			    "[{\"from\": \"xx-nqf\", \"to\": \"zz\", "
			    "\"status\": \"official\", \"levels\": "
			    "[{\"level\": \"1\", \"to\": [\"1\"]}]}]}",
			    PU_EINVAL,
			    "ref.json: referencing[0] (xx-nqf -> zz): to: "
			    "unknown framework \"zz\"",
			    NULL);
}

static void test_framework_dropping_used_level(void **state)
{
	assert_import_fails(state, "shrink.json",
			    "{\"format\": \"puente/1\", \"frameworks\": "
			    "[{\"id\": \"xx-nqf\", \"type\": \"national\", "
			    "\"country\": \"MX\", \"name\": \"NQF\", "
			    "\"levels\": [{\"code\": \"1\"}]}]}",
			    PU_ECONFLICT,
			    "shrink.json: frameworks[0] (xx-nqf): levels: "
			    "level \"2\"",
			    NULL);
}

static void test_jsonl_bad_line_names_line(void **state)
{
	assert_import_fails(state, "cat.jsonl",
			    STD("L1", "") "\n" STD("L2", "") "\n"
			    "{\"country\": \"MX\", \"code\": \"L3\"}\n"
			    STD("L4", "") "\n",
			    PU_EINVAL, "cat.jsonl: line 3: language: missing",
			    NULL);
	assert_no_standard(state, "L1");
}

static void test_csv_bad_row_names_line(void **state)
{
	assert_import_fails(state, "cat.csv",
			    "country,code,title,language,isco08\n"
			    "MX,C1,Uno,es,7112\n"
			    "MX,C2,Dos,es,71120\n",
			    PU_EINVAL, "cat.csv: line 3 (C2): codes.isco08",
			    NULL);
}

static void test_csv_unknown_column(void **state)
{
	assert_import_fails(state, "cols.csv",
			    "country,code,title,language,colour\n",
			    PU_EINVAL,
			    "cols.csv: line 1: unknown column \"colour\"", NULL);
}

/* --- good input --- */

static const char good_json[] =
	"{\"format\": \"puente/1\", \"frameworks\": [{\"id\": \"yy-nqf\", "
	"\"type\": \"national\", \"country\": \"YY\", \"name\": {\"en\": "
	"\"Y\"}, \"domains\": [{\"id\": \"skills\", \"name\": \"Skills\"}], "
	"\"levels\": [{\"code\": \"A\", \"descriptors\": {\"skills\": "
	"\"basic\"}}, {\"code\": \"B\"}]}], \"referencing\": [{\"from\": "
	"\"yy-nqf\", \"to\": \"rq\", \"status\": \"proposed\", \"levels\": "
	"[{\"level\": \"A\", \"to\": [\"1\"]}, {\"level\": \"B\", \"to\": "
	"[\"1\", \"2\"]}]}], \"standards\": ["
	"{\"country\": \"YY\", \"code\": \"Y1\", \"language\": \"en\", "
	"\"title\": {\"en\": \"Welder\", \"es\": \"Soldador\"}, \"level\": "
	"{\"framework\": \"yy-nqf\", \"level\": \"B\"}, \"codes\": "
	"{\"isco08\": [\"7212\"]}, \"units\": [{\"code\": \"U1\", \"title\": "
	"\"Weld\", \"elements\": [{\"code\": \"E1\", \"title\": \"Prepare\", "
	"\"criteria\": [{\"code\": \"C1\", \"text\": \"Cleans\"}, {\"code\": "
	"\"C2\", \"text\": \"Clamps\"}]}]}, {\"code\": \"U2\", \"title\": "
	"\"Cut\", \"type\": \"elective\"}], \"extra\": {\"k\": [1, 2]}}, "
	"{\"country\": \"YY\", \"code\": \"Y0\", \"language\": \"en\", "
	"\"title\": \"Helper\", \"superseded_by\": \"Y1\", \"status\": "
	"\"superseded\"}]}";

static void test_good_document_imports_with_counts(void **state)
{
	pu_store *st = state_store(state);
	pu_store_counts before = counts_of(st), after;
	pu_import_result res;

	import_ok(st, "good.json", good_json, &res);
	assert_int_equal(res.format, PU_FORMAT_JSON);
	assert_int_equal(res.frameworks, 1);
	assert_int_equal(res.referencing, 1);
	assert_int_equal(res.standards, 2);
	assert_int_equal(res.units, 2);
	assert_int_equal(res.criteria, 2);
	after = counts_of(st);
	assert_int_equal(after.catalog_version, before.catalog_version + 1);
	assert_int_equal(after.frameworks, before.frameworks + 1);
	assert_int_equal(after.levels, before.levels + 2);
	assert_int_equal(after.referencing, before.referencing + 1);
	assert_int_equal(after.standards, before.standards + 2);
	assert_int_equal(after.units, before.units + 2);
	assert_int_equal(after.elements, before.elements + 1);
	assert_int_equal(after.criteria, before.criteria + 2);
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
}

static void test_importing_twice_is_harmless(void **state)
{
	pu_store *st = state_store(state);
	pu_store_counts once, twice;
	pu_import_result res;

	import_ok(st, "good.json", good_json, &res);
	once = counts_of(st);
	import_ok(st, "good.json", good_json, &res);
	twice = counts_of(st);
	twice.catalog_version = once.catalog_version;
	assert_same_counts(&twice, &once);
	pu_store_counts_free(&once);
	pu_store_counts_free(&twice);
}

static void test_csv_flat_catalogue(void **state)
{
	pu_store *st = state_store(state);
	pu_import_result res;
	pu_standard *s = NULL;

	import_ok(st, "catalogue.csv",
		  "\xef\xbb\xbf" "country,code,title,language,isco08,sector,"
		  "level,framework,description\r\n"
		  "MX,CSV1,\"Albañil, oficial\",es,7112; 7113,Construcción,2,"
		  "xx-nqf,\"Línea 1\nLínea 2\"\r\n"
		  "CR,CSV2,Cocinero,es,,,,,\r\n",
		  &res);
	assert_int_equal(res.format, PU_FORMAT_CSV);
	assert_int_equal(res.standards, 2);
	assert_ok(pu_store_get_standard(st, "MX", "CSV1", &s));
	assert_string_equal(pu_mtext_exact(&s->title, "es"), "Albañil, oficial");
	assert_string_equal(pu_mtext_exact(&s->description, "es"),
			    "Línea 1\nLínea 2");
	assert_int_equal(s->ncodes, 2);
	assert_string_equal(s->codes[1].code, "7113");
	assert_string_equal(s->level_code, "2");
	assert_string_equal(s->sector, "Construcción");
	assert_int_equal(s->nunits, 0);
	pu_standard_free(s);
	assert_ok(pu_store_get_standard(st, "CR", "CSV2", &s));
	assert_null(s->sector);
	assert_int_equal(s->ncodes, 0);
	pu_standard_free(s);
}

static void test_jsonl_imports_every_line(void **state)
{
	pu_import_result res;

	import_ok(state_store(state), "cat.jsonl",
		  STD("L1", "") "\n\n" STD("L2", "") "\r\n" STD("L3", ""),
		  &res);
	assert_int_equal(res.format, PU_FORMAT_JSONL);
	assert_int_equal(res.standards, 3);
}

#define ESCO_HEADER \
	"conceptType,conceptUri,iscoGroup,preferredLabel,altLabels," \
	"status,description,code\n"
#define ESCO_URI "http://data.europa.eu/esco/occupation/"

static void test_esco_second_language_merges_titles(void **state)
{
	pu_store *st = state_store(state);
	pu_import_result res;
	pu_standard *s = NULL;
	pu_store_counts c;

	import_ok(st, "occupations_en.csv",
		  ESCO_HEADER
		  "Occupation," ESCO_URI "0001-aa,7112,bricklayer,\"mason\n"
		  "brick mason\",released,Lays bricks.,7112.1\n"
		  "Occupation," ESCO_URI "0002-bb,5120,cook,,released,,5120.1\n",
		  &res);
	assert_int_equal(res.format, PU_FORMAT_ESCO);
	assert_int_equal(res.standards, 2);
	import_ok(st, "occupations_es.csv",
		  ESCO_HEADER
		  "Occupation," ESCO_URI "0001-aa,7112,albañil,mampostero,"
		  "released,Coloca ladrillos.,7112.1\n",
		  &res);
	c = counts_of(st);
	assert_int_equal(c.standards, 3); /* BASE1 and two occupations */
	pu_store_counts_free(&c);
	assert_ok(pu_store_get_standard(st, "EU", "0001-aa", &s));
	assert_int_equal(s->kind, PU_KIND_OCCUPATION);
	assert_string_equal(s->language, "en");
	assert_string_equal(pu_mtext_exact(&s->title, "en"), "bricklayer");
	assert_string_equal(pu_mtext_exact(&s->title, "es"), "albañil");
	assert_string_equal(pu_mtext_exact(&s->description, "es"),
			    "Coloca ladrillos.");
	assert_string_equal(pu_mtext_exact(&s->description, "en"),
			    "Lays bricks.");
	assert_int_equal(s->alt_titles.n, 3);
	assert_string_equal(pu_mtext_get(&s->alt_titles, "es", NULL),
			    "mampostero");
	assert_string_equal(pu_standard_code_of(s, "isco08"), "7112");
	pu_standard_free(s);
}

static void test_esco_language_must_be_known(void **state)
{
	assert_import_fails(state, "occupations.csv",
			    ESCO_HEADER "Occupation," ESCO_URI
			    "0001-aa,7112,x,,released,,7112.1\n",
			    PU_EINVAL, "occupations.csv: cannot tell the "
				       "language",
			    NULL);
}

/* Exports the whole store into a malloc'd string. */
static char *export_all(pu_store *st, size_t *len)
{
	char *data = NULL;
	FILE *f = open_memstream(&data, len);

	assert_non_null(f);
	assert_ok(pu_io_export(st, NULL, f));
	assert_int_equal(fclose(f), 0);
	return data;
}

static void test_export_import_export_is_byte_identical(void **state)
{
	struct tmpdb *fresh = NULL;
	pu_import_result res;
	char *first, *second;
	size_t n1, n2;

	import_ok(state_store(state), "good.json", good_json, &res);
	first = export_all(state_store(state), &n1);
	assert_true(store_setup((void **)&fresh) == 0);
	assert_ok(pu_io_import_buffer(fresh->st, first, n1, "export.json",
				      NULL, &res));
	assert_int_equal(res.standards, 3);
	second = export_all(fresh->st, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(first, second, n1);
	assert_non_null(strstr(first, "\"Soldador\""));
	tmpdb_free(fresh);
	free(first);
	free(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		IMPORT_TEST(test_malformed_json_names_line_and_column),
		IMPORT_TEST(test_invalid_utf8_in_string),
		IMPORT_TEST(test_missing_field_names_record),
		IMPORT_TEST(test_unknown_framework_is_refused),
		IMPORT_TEST(test_unknown_level_is_refused),
		IMPORT_TEST(test_duplicate_code_in_one_file),
		IMPORT_TEST(test_supersession_cycle_in_one_file),
		IMPORT_TEST(test_supersession_cycle_closed_against_database),
		IMPORT_TEST(test_supersession_chain_without_loop_is_fine),
		IMPORT_TEST(test_oversized_field),
		IMPORT_TEST(test_unknown_field_in_document),
		IMPORT_TEST(test_referencing_unknown_framework),
		IMPORT_TEST(test_framework_dropping_used_level),
		IMPORT_TEST(test_jsonl_bad_line_names_line),
		IMPORT_TEST(test_csv_bad_row_names_line),
		IMPORT_TEST(test_csv_unknown_column),
		IMPORT_TEST(test_good_document_imports_with_counts),
		IMPORT_TEST(test_importing_twice_is_harmless),
		IMPORT_TEST(test_csv_flat_catalogue),
		IMPORT_TEST(test_jsonl_imports_every_line),
		IMPORT_TEST(test_esco_second_language_merges_titles),
		IMPORT_TEST(test_esco_language_must_be_known),
		IMPORT_TEST(test_export_import_export_is_byte_identical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
