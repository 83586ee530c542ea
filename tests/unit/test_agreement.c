/*
 * Agreements: the record's checks (messages with field paths), the choice of
 * the entry that applies (destination standard, dates, precedence), the JSON
 * round trip through import and export, a reviewer's confirmation, and imports
 * that fail leaving the database as it was.
 */
#include "helpers.h"

#include "puente/agreement.h"
#include "puente/buf.h"

/* --- fixtures and helpers --- */

/* Two standards: NI/NI-C (units U1, U2) and CR/CR-C (units U1, U2, U3). */
static const char standards_json[] =
	"{\"format\": \"puente/1\", \"standards\": ["
	"{\"country\": \"NI\", \"code\": \"NI-C\", \"language\": \"es\", "
	"\"title\": \"Cocinero\", \"units\": [{\"code\": \"U1\", \"title\": "
	"\"Higiene\"}, {\"code\": \"U2\", \"title\": \"Cocina\"}]}, "
	"{\"country\": \"CR\", \"code\": \"CR-C\", \"language\": \"es\", "
	"\"title\": \"Cocina\", \"units\": [{\"code\": \"U1\", \"title\": "
	"\"Higiene\"}, {\"code\": \"U2\", \"title\": \"Cocina\"}, {\"code\": "
	"\"U3\", \"title\": \"Costos\"}]}, "
	"{\"country\": \"CR\", \"code\": \"CR-D\", \"language\": \"es\", "
	"\"title\": \"Cocina dos\", \"units\": [{\"code\": \"U1\", \"title\": "
	"\"Higiene\"}]}]}";

static int standards_setup(void **state)
{
	if (store_setup(state) != 0)
		return -1;
	put_json(state_store(state), standards_json);
	return 0;
}

#define STORE_TEST(f) \
	cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)
#define STANDARDS_TEST(f) \
	cmocka_unit_test_setup_teardown(f, standards_setup, store_teardown)

/* A document with the agreements given as JSON text. */
static char *agreements_doc(const char *agreements)
{
	pu_buf b = PU_BUF_INIT;

	assert_int_equal(pu_buf_printf(&b, "{\"format\": \"puente/1\", "
				       "\"agreements\": [%s]}",
				       agreements),
			 0);
	return pu_buf_detach(&b);
}

/* An agreement between CR and NI with the given entries (JSON text) and extra
 * members (", \"valid_from\": ..."). */
static char *agreement(const char *id, const char *more, const char *entries)
{
	pu_buf b = PU_BUF_INIT;

	assert_int_equal(pu_buf_printf(&b, "{\"id\": \"%s\", \"title\": "
				       "\"Test\", \"parties\": [\"CR\", "
				       "\"NI\"]%s, \"entries\": [%s]}",
				       id, more, entries),
			 0);
	return pu_buf_detach(&b);
}

/* Parsing the document must fail with code and a message containing want. */
static void refuse(const char *agreements, int code, const char *want)
{
	char *doc = agreements_doc(agreements);
	pu_doc *d = NULL;
	int rc = pu_io_parse_document(&d, doc, strlen(doc), "t.json");

	assert_error(rc, code, want);
	assert_null(d);
	free(doc);
}

static void refuse_entries(const char *entries, int code, const char *want)
{
	char *a = agreement("cr-ni", "", entries);

	refuse(a, code, want);
	free(a);
}

#define ENTRY(src, dst, rest)                                                 \
	"{\"source\": {\"country\": \"NI\", \"code\": \"" src "\"}, "        \
	"\"destination\": {\"country\": \"CR\", \"code\": \"" dst "\"}" rest \
	"}"

/* The export of the store, in memory. */
static char *export_text(pu_store *st, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	assert_non_null(f);
	assert_ok(pu_io_export(st, NULL, f));
	assert_int_equal(fclose(f), 0);
	return text;
}

static int import_text(pu_store *st, const char *text)
{
	pu_import_result res;

	return pu_io_import_buffer(st, text, strlen(text), "t.json", NULL, &res);
}

/* --- equivalence names --- */

static void test_equivalence_names_round_trip(void **state)
{
	pu_equivalence e;

	(void)state;
	for (int i = PU_EQUIV_NONE; i <= PU_EQUIV_FULL; i++) {
		assert_ok(pu_equivalence_parse(
			pu_equivalence_name((pu_equivalence)i), &e));
		assert_int_equal(e, i);
	}
	assert_string_equal(pu_equivalence_name(PU_EQUIV_PARTIAL), "partial");
	assert_error(pu_equivalence_parse("Full", &e), PU_EINVAL,
		     "unknown equivalence \"Full\" (full, partial, none)");
}

/* --- validation: each error names its field --- */

static void test_validate_names_the_field(void **state)
{
	char *a;

	(void)state;
	refuse("{\"id\": \"CR-NI\", \"title\": \"T\", \"parties\": [\"CR\", "
	       "\"NI\"]}",
	       PU_EINVAL,
	       "t.json: agreements[0] (CR-NI): id: \"CR-NI\" must be lowercase");
	refuse("{\"title\": \"T\", \"parties\": [\"CR\", \"NI\"]}", PU_EINVAL,
	       "agreements[0] (?): id: missing");
	refuse("{\"id\": \"x\", \"parties\": [\"CR\", \"NI\"]}", PU_EINVAL,
	       "agreements[0] (x): title: missing");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\"]}",
	       PU_EINVAL, "agreements[0] (x): parties: an agreement needs at "
			  "least two");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\", "
	       "\"CR\"]}",
	       PU_EINVAL, "parties[1]: \"CR\" listed twice");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\", 7]}",
	       PU_EINVAL, "parties[1]: expected a string");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\", "
	       "\"NI\"], \"signed\": \"2020-01-01\"}",
	       PU_EINVAL, "agreements[0] (x): \"signed\": unknown field");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\", "
	       "\"NI\"], \"valid_from\": \"2024-01-01\", \"valid_to\": "
	       "\"2020-01-01\"}",
	       PU_EINVAL, "valid_to: 2020-01-01 is before valid_from 2024-01-01");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\", "
	       "\"NI\"], \"valid_from\": \"2023-02-29\"}",
	       PU_EINVAL, "valid_from: \"2023-02-29\" is not a date");
	refuse("{\"id\": \"x\", \"title\": \"T\", \"parties\": [\"CR\", "
	       "\"NI\"], \"entries\": {}}",
	       PU_EINVAL, "entries: expected a list");

	refuse_entries("{\"source\": {\"country\": \"NI\", \"code\": \"A\"}, "
		       "\"equivalence\": \"full\"}",
		       PU_EINVAL, "agreements[0] (cr-ni): entries[0]."
				  "destination: missing");
	refuse_entries("{\"source\": {\"country\": \"NI\", \"code\": \"A\"}, "
		       "\"destination\": {\"country\": \"CR\"}, "
		       "\"equivalence\": \"full\"}",
		       PU_EINVAL, "entries[0].destination.code: missing");
	refuse_entries("{\"source\": {\"country\": \"NI\", \"code\": \"A\", "
		       "\"title\": \"x\"}, \"destination\": {\"country\": "
		       "\"CR\", \"code\": \"B\"}, \"equivalence\": \"full\"}",
		       PU_EINVAL, "entries[0].source.\"title\": unknown field");
	refuse_entries(ENTRY("A", "B", ""), PU_EINVAL,
		       "entries[0].equivalence: missing");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"total\""),
		       PU_EINVAL,
		       "entries[0].equivalence: unknown equivalence \"total\"");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"full\", "
					"\"note\": \"x\""),
		       PU_EINVAL, "entries[0].\"note\": unknown field");
	refuse_entries("{\"source\": {\"country\": \"CR\", \"code\": \"A\"}, "
		       "\"destination\": {\"country\": \"CR\", \"code\": "
		       "\"B\"}, \"equivalence\": \"full\"}",
		       PU_EINVAL, "entries[0].destination.country: CR is also "
				  "the source country");
	refuse_entries("{\"source\": {\"country\": \"ni\", \"code\": \"A\"}, "
		       "\"destination\": {\"country\": \"CR\", \"code\": "
		       "\"B\"}, \"equivalence\": \"full\"}",
		       PU_EINVAL, "entries[0].source.country: \"ni\" is not");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"full\", "
					"\"extra_units\": [\"U1\"]"),
		       PU_EINVAL, "entries[0].extra_units: only a partial "
				  "equivalence has extra units (this one is "
				  "full)");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"partial\", "
					"\"extra_units\": [\"U1\", \"U1\"]"),
		       PU_EINVAL, "entries[0].extra_units[1]: \"U1\" listed twice");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"full\"") ", " ENTRY(
			       "A", "C", ", \"equivalence\": \"full\", "
					 "\"valid_from\": \"2024-13-01\""),
		       PU_EINVAL, "entries[1].valid_from: \"2024-13-01\" is not "
				  "a date");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"full\", "
					"\"confirmed_by\": \"Ana\""),
		       PU_EINVAL, "entries[0].confirmed_at: missing (confirmed_by "
				  "and confirmed_at go together)");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"full\", "
					"\"confirmed_by\": \"Ana\", "
					"\"confirmed_at\": \"2024-01-01 10:00\""),
		       PU_EINVAL, "entries[0].confirmed_at: \"2024-01-01 10:00\" "
				  "is not a UTC time");
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"full\", "
					"\"conditions\": {\"xx-!\": \"a\"}"),
		       PU_EINVAL, "entries[0].conditions: \"xx-!\" is not a "
				  "language tag");

	/* A code longer than 64 bytes is over a limit. */
	refuse_entries(ENTRY("A", "B123456789012345678901234567890123456789012345"
				  "67890123456789012345",
			     ", \"equivalence\": \"full\""),
		       PU_ELIMIT, "entries[0].destination.code: longer than 64 "
				  "bytes");

	/* One pair twice: refused when the periods overlap (here through the
	 * agreement's open end), accepted when they do not. */
	refuse_entries(ENTRY("A", "B", ", \"equivalence\": \"partial\", "
					"\"valid_to\": \"2024-06-30\"") ", " ENTRY(
			       "A", "C", ", \"equivalence\": \"full\"") ", " ENTRY(
			       "A", "B", ", \"equivalence\": \"full\", "
					 "\"valid_from\": \"2024-06-30\""),
		       PU_EINVAL, "entries[2]: NI/A -> CR/B is already in "
				  "entries[0] for an overlapping period");
	a = agreement("cr-ni", "",
		      ENTRY("A", "B", ", \"equivalence\": \"partial\", "
				      "\"valid_to\": \"2024-06-30\"") ", " ENTRY(
			      "A", "B", ", \"equivalence\": \"full\", "
					"\"valid_from\": \"2024-07-01\""));
	{
		char *doc = agreements_doc(a);
		pu_doc *d = parse_doc(doc);

		assert_int_equal(d->nagreements, 1);
		assert_int_equal(d->agreements[0]->nentries, 2);
		pu_doc_free(d);
		free(doc);
	}
	free(a);
}

/* The entry limit, on a record built in memory; the duplicate check stays
 * fast at the limit. */
static void test_validate_entry_limit(void **state)
{
	size_t n = PU_AGREEMENT_MAX_ENTRIES + 1;
	pu_agreement a = {0};
	const char *parties[] = {"CR", "NI"};
	pu_tr title = {"en", "Many"};
	char (*codes)[16] = calloc(n, sizeof(*codes));

	(void)state;
	assert_non_null(codes);
	a.id = "many";
	a.title.n = 1;
	a.title.v = &title;
	a.nparties = 2;
	a.parties = parties;
	a.entries = calloc(n, sizeof(*a.entries));
	assert_non_null(a.entries);
	for (size_t i = 0; i < n; i++) {
		snprintf(codes[i], sizeof(codes[i]), "C%zu", n - i);
		a.entries[i].source_country = "NI";
		a.entries[i].source_code = codes[i];
		a.entries[i].dest_country = "CR";
		a.entries[i].dest_code = "CR-C";
		a.entries[i].equivalence = PU_EQUIV_FULL;
	}
	a.nentries = PU_AGREEMENT_MAX_ENTRIES;
	assert_ok(pu_agreement_validate(&a));
	a.nentries = n;
	assert_error(pu_agreement_validate(&a), PU_ELIMIT,
		     "entries: more than 10000");
	/* The last two with the same pair. */
	a.nentries = PU_AGREEMENT_MAX_ENTRIES;
	a.entries[PU_AGREEMENT_MAX_ENTRIES - 1].source_code = codes[3];
	assert_error(pu_agreement_validate(&a), PU_EINVAL,
		     "entries[9999]: NI/C9998 -> CR/CR-C is already in "
		     "entries[3]");
	free(a.entries);
	free(codes);
}

/* --- find --- */

static const char find_json[] =
	"{\"format\": \"puente/1\", \"agreements\": ["
	/* b: newer, in force 2023-2030; its entry for Z starts later. */
	"{\"id\": \"b-new\", \"title\": \"New\", \"parties\": [\"CR\", "
	"\"NI\"], \"valid_from\": \"2023-01-01\", \"valid_to\": "
	"\"2030-12-31\", \"entries\": ["
	"{\"source\": {\"country\": \"NI\", \"code\": \"X\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"Y\"}, "
	"\"equivalence\": \"full\"}, "
	"{\"source\": {\"country\": \"NI\", \"code\": \"X\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"Z\"}, "
	"\"equivalence\": \"none\", \"valid_from\": \"2025-06-01\"}]}, "
	/* a: older, open-ended. */
	"{\"id\": \"a-old\", \"title\": \"Old\", \"parties\": [\"CR\", "
	"\"NI\"], \"valid_from\": \"2020-01-01\", \"entries\": ["
	"{\"source\": {\"country\": \"NI\", \"code\": \"X\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"Y\"}, "
	"\"equivalence\": \"partial\", \"extra_units\": [\"U3\"]}, "
	"{\"source\": {\"country\": \"NI\", \"code\": \"X\"}, "
	"\"destination\": {\"country\": \"PA\", \"code\": \"P\"}, "
	"\"equivalence\": \"full\", \"valid_to\": \"2021-12-31\"}]}, "
	/* c: a reviewer's confirmation, without dates. */
	"{\"id\": \"confirmed-ni-cr\", \"title\": \"Confirmed\", \"parties\": "
	"[\"NI\", \"CR\"], \"entries\": ["
	"{\"source\": {\"country\": \"NI\", \"code\": \"X\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"Y\"}, "
	"\"equivalence\": \"none\", \"confirmed_by\": \"Ana\", "
	"\"confirmed_at\": \"2024-05-01T10:00:00Z\"}, "
	"{\"source\": {\"country\": \"NI\", \"code\": \"W\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"Y\"}, "
	"\"equivalence\": \"full\", \"confirmed_by\": \"Ana\", "
	"\"confirmed_at\": \"2024-05-01T10:00:00Z\"}]}]}";

/* find on the set: "agreement-id/entry-index", or "-" when none applies. */
static const char *found(const pu_doc *d, const char *code, const char *dc,
			 const char *dcode, const char *date)
{
	static char buf[96];
	const pu_agreement *a = (const pu_agreement *)1;
	const pu_agreement_entry *e = (const pu_agreement_entry *)1;
	int r = pu_agreement_find((const pu_agreement *const *)d->agreements,
				  d->nagreements, "NI", code, dc, dcode, date,
				  &a, &e);

	if (r == 0) {
		assert_null(a);
		assert_null(e);
		return "-";
	}
	assert_int_equal(r, 1);
	snprintf(buf, sizeof(buf), "%s/%zu", a->id, (size_t)(e - a->entries));
	return buf;
}

static void test_find_prefers_latest_in_force(void **state)
{
	pu_doc *d = parse_doc(find_json);

	(void)state;
	/* Before b starts, a applies; while b is in force, b (newer); after
	 * b ends, a again. Bounds are inclusive. */
	assert_string_equal(found(d, "X", "CR", "Y", "2022-05-01"), "a-old/0");
	assert_string_equal(found(d, "X", "CR", "Y", "2023-01-01"), "b-new/0");
	assert_string_equal(found(d, "X", "CR", "Y", "2030-12-31"), "b-new/0");
	assert_string_equal(found(d, "X", "CR", "Y", "2031-01-01"), "a-old/0");
	/* Before any instrument: only the reviewer's confirmation. */
	assert_string_equal(found(d, "X", "CR", "Y", "2019-12-31"),
			    "confirmed-ni-cr/0");
	/* An entry's own start overrides the agreement's. */
	assert_string_equal(found(d, "X", "CR", "Z", "2024-01-01"), "-");
	assert_string_equal(found(d, "X", "CR", "Z", "2025-06-01"), "b-new/1");
	/* ... and its own end. */
	assert_string_equal(found(d, "X", "PA", "P", "2021-12-31"), "a-old/1");
	assert_string_equal(found(d, "X", "PA", "P", "2022-01-01"), "-");
	/* Without a destination standard, any standard of the country: the
	 * latest start wins (b's Z entry once it starts). */
	assert_string_equal(found(d, "X", "CR", NULL, "2024-01-01"), "b-new/0");
	assert_string_equal(found(d, "X", "CR", NULL, "2026-01-01"), "b-new/1");
	assert_string_equal(found(d, "X", "PA", NULL, "2021-01-01"), "a-old/1");
	/* Nothing for another source, destination country or standard. */
	assert_string_equal(found(d, "V", "CR", NULL, "2024-01-01"), "-");
	assert_string_equal(found(d, "X", "MX", NULL, "2024-01-01"), "-");
	assert_string_equal(found(d, "X", "CR", "Q", "2024-01-01"), "-");
	/* A confirmation alone applies; NULL date means today. */
	assert_string_equal(found(d, "W", "CR", "Y", NULL), "confirmed-ni-cr/1");
	assert_int_equal(pu_agreement_find(NULL, 0, "NI", "X", "CR", NULL, NULL,
					   NULL, NULL),
			 0);
	pu_doc_free(d);
}

/* Two instruments in force with the same start: the first of the set (as
 * loaded, by id) stays; a later confirmation beats an earlier one. */
static void test_find_ties(void **state)
{
	char *one = agreement("one", ", \"valid_from\": \"2020-01-01\"",
			      ENTRY("X", "Y", ", \"equivalence\": \"full\""));
	char *two = agreement("two", ", \"valid_from\": \"2020-01-01\"",
			      ENTRY("X", "Y", ", \"equivalence\": \"none\""));
	char *c1 = agreement(
		"c1", "",
		ENTRY("X", "Z", ", \"equivalence\": \"none\", \"confirmed_by\": "
				"\"A\", \"confirmed_at\": "
				"\"2024-01-01T00:00:00Z\""));
	char *c2 = agreement(
		"c2", "",
		ENTRY("X", "Z", ", \"equivalence\": \"full\", \"confirmed_by\": "
				"\"B\", \"confirmed_at\": "
				"\"2024-02-01T00:00:00Z\""));
	pu_buf b = PU_BUF_INIT;
	char *doc;
	pu_doc *d;

	(void)state;
	pu_buf_printf(&b, "%s, %s, %s, %s", one, two, c1, c2);
	doc = agreements_doc(b.ptr);
	d = parse_doc(doc);
	assert_string_equal(found(d, "X", "CR", "Y", "2024-01-01"), "one/0");
	assert_string_equal(found(d, "X", "CR", "Z", "2024-01-01"), "c2/0");
	pu_doc_free(d);
	free(doc);
	pu_buf_free(&b);
	free(one);
	free(two);
	free(c1);
	free(c2);
}

/* --- import, export, store --- */

static const char full_json[] =
	"{\"format\": \"puente/1\", \"agreements\": ["
	"{\"id\": \"z-last\", \"title\": {\"es\": \"Último\", \"en\": "
	"\"Last\"}, \"parties\": [\"NI\", \"CR\", \"INA\"], \"scope\": "
	"\"Cooks\", \"legal_reference\": \"Decreto 1\", \"source\": "
	"\"https://example.org/d1\", \"valid_from\": \"2024-01-01\", "
	"\"valid_to\": \"2028-12-31\", \"entries\": ["
	"{\"source\": {\"country\": \"NI\", \"code\": \"NI-C\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"CR-C\"}, "
	"\"equivalence\": \"partial\", \"extra_units\": [\"U3\", \"U2\"], "
	"\"conditions\": {\"es\": \"Evaluar U3\", \"en\": \"Assess U3\"}, "
	"\"valid_from\": \"2024-02-01\", \"valid_to\": \"2025-01-31\", "
	"\"confirmed_by\": \"Ana Pérez\", \"confirmed_at\": "
	"\"2024-01-15T09:30:00Z\"}, "
	"{\"source\": {\"country\": \"CR\", \"code\": \"CR-C\"}, "
	"\"destination\": {\"country\": \"NI\", \"code\": \"NI-C\"}, "
	"\"equivalence\": \"full\"}, "
	"{\"source\": {\"country\": \"GT\", \"code\": \"GT-NOT-HERE\"}, "
	"\"destination\": {\"country\": \"CR\", \"code\": \"CR-NOT-HERE\"}, "
	"\"equivalence\": \"partial\", \"extra_units\": [\"U9\"]}]}, "
	"{\"id\": \"a-first\", \"title\": \"First\", \"parties\": [\"MX\", "
	"\"CL\"], \"entries\": []}]}";

static void test_round_trip_is_byte_identical(void **state)
{
	pu_store *st = state_store(state);
	struct tmpdb *two = tmpdb_new();
	char *one_text, *two_text;
	size_t one_len, two_len;
	pu_import_result res;
	pu_agreement *a = NULL;
	char **ids = NULL;
	size_t nids = 0;

	assert_ok(pu_io_import_buffer(st, full_json, strlen(full_json),
				      "full.json", NULL, &res));
	assert_int_equal(res.agreements, 2);
	/* Read back whole, from the store. */
	assert_ok(pu_store_agreement_ids(st, &ids, &nids));
	assert_int_equal(nids, 2);
	assert_string_equal(ids[0], "a-first");
	assert_string_equal(ids[1], "z-last");
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	assert_ok(pu_store_get_agreement(st, "z-last", &a));
	assert_int_equal(a->nparties, 3);
	assert_string_equal(a->parties[2], "INA");
	assert_string_equal(pu_mtext_get(&a->title, "es", NULL), "Último");
	assert_string_equal(a->legal_reference, "Decreto 1");
	assert_int_equal(a->nentries, 3);
	assert_int_equal(a->entries[0].equivalence, PU_EQUIV_PARTIAL);
	assert_int_equal(a->entries[0].nextra_units, 2);
	assert_string_equal(a->entries[0].extra_units[1], "U2");
	assert_string_equal(a->entries[0].confirmed_by, "Ana Pérez");
	assert_string_equal(a->entries[0].valid_to, "2025-01-31");
	assert_null(a->entries[1].valid_from);
	assert_int_equal(a->entries[1].conditions.n, 0);
	assert_string_equal(a->entries[2].source_country, "GT");
	pu_agreement_free(a);
	assert_error(pu_store_get_agreement(st, "nope", &a), PU_ENOTFOUND,
		     "no agreement \"nope\"");
	assert_null(a);

	/* import -> export -> import -> export: same bytes. */
	one_text = export_text(st, &one_len);
	assert_non_null(strstr(one_text, "\"agreements\": [\n    {\n      "
					 "\"id\": \"a-first\""));
	assert_ok(pu_store_open(&two->st, two->path, PU_STORE_CREATE));
	assert_ok(import_text(two->st, one_text));
	two_text = export_text(two->st, &two_len);
	assert_int_equal(one_len, two_len);
	assert_memory_equal(one_text, two_text, one_len);
	/* Importing the export over its own database changes nothing. */
	free(two_text);
	assert_ok(import_text(st, one_text));
	two_text = export_text(st, &two_len);
	assert_int_equal(one_len, two_len);
	assert_memory_equal(one_text, two_text, one_len);
	free(one_text);
	free(two_text);
	tmpdb_free(two);
}

static void test_export_of_no_agreements(void **state)
{
	static const char empty[] = "{\n  \"format\": \"puente/1\",\n"
				    "  \"frameworks\": [],\n"
				    "  \"referencing\": [],\n"
				    "  \"standards\": [],\n"
				    "  \"agreements\": []\n}\n";
	size_t len;
	char *text = export_text(state_store(state), &len);

	assert_int_equal(len, strlen(empty));
	assert_string_equal(text, empty);
	free(text);
}

static void test_write_bumps_catalog_version(void **state)
{
	pu_store *st = state_store(state);
	pu_store_counts c = counts_of(st);
	int64_t before = c.catalog_version;
	pu_agreement *a = NULL;
	pu_doc *d = parse_doc(full_json);

	pu_store_counts_free(&c);
	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_put_agreement(st, d->agreements[1]));
	assert_ok(pu_store_commit(st));
	c = counts_of(st);
	assert_int_equal(c.catalog_version, before + 1);
	pu_store_counts_free(&c);
	/* Writes need a transaction. */
	assert_error(pu_store_put_agreement(st, d->agreements[0]), PU_ESTORE,
		     "transaction");
	/* Replacing by id keeps one agreement, with the new entries. */
	assert_ok(pu_store_begin(st));
	d->agreements[0]->nentries = 1;
	assert_ok(pu_store_put_agreement(st, d->agreements[0]));
	assert_ok(pu_store_commit(st));
	d->agreements[0]->nentries = 2;
	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_put_agreement(st, d->agreements[0]));
	assert_ok(pu_store_commit(st));
	assert_ok(pu_store_get_agreement(st, "z-last", &a));
	assert_int_equal(a->nentries, 2);
	pu_agreement_free(a);
	pu_doc_free(d);
}

/* A file with one bad record imports nothing, and the message names it. */
static void test_failed_import_leaves_the_database(void **state)
{
	pu_store *st = state_store(state);
	char *before, *after, *bad;
	size_t blen, alen;
	pu_store_counts c;
	int64_t version;

	assert_ok(import_text(st, full_json));
	before = export_text(st, &blen);
	c = counts_of(st);
	version = c.catalog_version;
	pu_store_counts_free(&c);

	/* A good standard, a good agreement that would replace a-first, and
	 * an extra unit the destination standard (in the database) lacks. */
	bad = agreements_doc(
		"{\"id\": \"a-first\", \"title\": \"Changed\", \"parties\": "
		"[\"MX\", \"CL\"]}, "
		"{\"id\": \"bad\", \"title\": \"Bad\", \"parties\": [\"CR\", "
		"\"NI\"], \"entries\": [" ENTRY(
			"NI-C", "CR-C", ", \"equivalence\": \"partial\", "
					"\"extra_units\": [\"U3\", \"U9\"]") "]}");
	assert_error(import_text(st, bad), PU_EINVAL,
		     "t.json: agreements[1] (bad): entries[0].extra_units[1]: "
		     "CR/CR-C has no unit \"U9\"");
	free(bad);
	/* The same id twice in one file. */
	bad = agreements_doc("{\"id\": \"dup\", \"title\": \"1\", \"parties\": "
			     "[\"CR\", \"NI\"]}, {\"id\": \"dup\", \"title\": "
			     "\"2\", \"parties\": [\"CR\", \"NI\"]}");
	assert_error(import_text(st, bad), PU_EINVAL,
		     "agreements[1] (dup): id: \"dup\" appears twice in the "
		     "file");
	free(bad);
	/* A shape error after a good standard. */
	bad = "{\"format\": \"puente/1\", \"standards\": [{\"country\": "
	      "\"CR\", \"code\": \"CR-NEW\", \"language\": \"es\", "
	      "\"title\": \"Nueva\"}], \"agreements\": [{\"id\": \"x\", "
	      "\"title\": \"X\", \"parties\": [\"CR\", \"NI\"], "
	      "\"entries\": [" ENTRY("A", "B", ", \"equivalence\": \"full\", "
					       "\"extra_units\": [\"U1\"]") "]}]}";
	assert_error(import_text(st, bad), PU_EINVAL,
		     "t.json: agreements[0] (x): entries[0].extra_units: only");

	after = export_text(st, &alen);
	assert_int_equal(blen, alen);
	assert_memory_equal(before, after, blen);
	c = counts_of(st);
	assert_int_equal(c.catalog_version, version);
	pu_store_counts_free(&c);
	free(before);
	free(after);
}

/* --- confirm --- */

static void test_confirm_creates_then_replaces(void **state)
{
	pu_store *st = state_store(state);
	const char *const extra[] = {"U3"};
	pu_agreement *a = NULL;
	pu_store_counts c = counts_of(st);
	int64_t version = c.catalog_version;
	const pu_agreement_entry *e;

	pu_store_counts_free(&c);
	assert_ok(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
				       PU_EQUIV_PARTIAL, extra, 1, "Ana Pérez",
				       "es", "Evaluar los costos"));
	assert_ok(pu_store_get_agreement(st, "confirmed-ni-cr", &a));
	assert_int_equal(a->nparties, 2);
	assert_string_equal(a->parties[0], "NI");
	assert_string_equal(a->parties[1], "CR");
	assert_true(a->title.n > 0);
	assert_int_equal(a->nentries, 1);
	e = &a->entries[0];
	assert_string_equal(e->source_code, "NI-C");
	assert_string_equal(e->dest_code, "CR-C");
	assert_int_equal(e->equivalence, PU_EQUIV_PARTIAL);
	assert_int_equal(e->nextra_units, 1);
	assert_string_equal(e->extra_units[0], "U3");
	assert_string_equal(e->confirmed_by, "Ana Pérez");
	assert_non_null(e->confirmed_at);
	assert_int_equal(strlen(e->confirmed_at), 20);
	assert_int_equal(e->confirmed_at[10], 'T');
	assert_int_equal(e->confirmed_at[19], 'Z');
	assert_string_equal(pu_mtext_exact(&e->conditions, "es"),
			    "Evaluar los costos");
	assert_ok(pu_agreement_validate(a));
	pu_agreement_free(a);
	c = counts_of(st);
	assert_int_equal(c.catalog_version, version + 1);
	pu_store_counts_free(&c);

	/* Another pair is added; the same pair again replaces its entry. */
	assert_ok(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-D",
				       PU_EQUIV_NONE, NULL, 0, "Ana Pérez",
				       NULL, NULL));
	assert_ok(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
				       PU_EQUIV_FULL, NULL, 0, "Bo", NULL,
				       "ok"));
	assert_ok(pu_store_get_agreement(st, "confirmed-ni-cr", &a));
	assert_int_equal(a->nentries, 2);
	assert_string_equal(a->entries[0].dest_code, "CR-D");
	assert_int_equal(a->entries[0].equivalence, PU_EQUIV_NONE);
	assert_string_equal(a->entries[0].confirmed_by, "Ana Pérez");
	assert_int_equal(a->entries[0].conditions.n, 0);
	e = &a->entries[1];
	assert_string_equal(e->dest_code, "CR-C");
	assert_int_equal(e->equivalence, PU_EQUIV_FULL);
	assert_int_equal(e->nextra_units, 0);
	assert_string_equal(e->confirmed_by, "Bo");
	assert_string_equal(pu_mtext_exact(&e->conditions, "en"), "ok");
	pu_agreement_free(a);

	/* The other direction is its own agreement. */
	assert_ok(pu_agreement_confirm(st, "CR", "CR-D", "NI", "NI-C",
				       PU_EQUIV_FULL, NULL, 0, "Bo", NULL,
				       NULL));
	assert_ok(pu_store_get_agreement(st, "confirmed-cr-ni", &a));
	assert_int_equal(a->nentries, 1);
	pu_agreement_free(a);
}

static void test_confirm_refuses_and_writes_nothing(void **state)
{
	pu_store *st = state_store(state);
	const char *const bad_unit[] = {"U9"};
	const char *const unit[] = {"U1"};
	pu_store_counts c = counts_of(st);
	int64_t version = c.catalog_version;
	pu_agreement *a = NULL;

	pu_store_counts_free(&c);
	assert_error(pu_agreement_confirm(st, "NI", "NI-X", "CR", "CR-C",
					  PU_EQUIV_FULL, NULL, 0, "Ana", NULL,
					  NULL),
		     PU_ENOTFOUND, "source: no standard NI/NI-X");
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-X",
					  PU_EQUIV_FULL, NULL, 0, "Ana", NULL,
					  NULL),
		     PU_ENOTFOUND, "destination: no standard CR/CR-X");
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
					  PU_EQUIV_PARTIAL, bad_unit, 1, "Ana",
					  NULL, NULL),
		     PU_EINVAL, "extra_units[0]: CR/CR-C has no unit \"U9\"");
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
					  PU_EQUIV_FULL, unit, 1, "Ana", NULL,
					  NULL),
		     PU_EINVAL, "extra_units: only a partial equivalence");
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
					  PU_EQUIV_FULL, NULL, 0, "", NULL,
					  NULL),
		     PU_EINVAL, "reviewer: missing");
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "NI", "NI-C",
					  PU_EQUIV_FULL, NULL, 0, "Ana", NULL,
					  NULL),
		     PU_EINVAL, "destination.country: NI is also the source");
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
					  PU_EQUIV_FULL, NULL, 0, "Ana", "??",
					  "nota"),
		     PU_EINVAL, "note: \"??\" is not a language tag");
	/* Not inside someone else's transaction. */
	assert_ok(pu_store_begin(st));
	assert_error(pu_agreement_confirm(st, "NI", "NI-C", "CR", "CR-C",
					  PU_EQUIV_FULL, NULL, 0, "Ana", NULL,
					  NULL),
		     PU_ESTORE, "already open");
	assert_ok(pu_store_rollback(st));

	assert_error(pu_store_get_agreement(st, "confirmed-ni-cr", &a),
		     PU_ENOTFOUND, "no agreement");
	c = counts_of(st);
	assert_int_equal(c.catalog_version, version);
	pu_store_counts_free(&c);
}

/* load_all: every agreement, sorted by id, usable by find. */
static void test_load_all_feeds_find(void **state)
{
	pu_store *st = state_store(state);
	pu_agreement **v = NULL;
	const pu_agreement *a;
	const pu_agreement_entry *e;
	size_t n = 0;

	assert_ok(pu_agreement_load_all(st, &v, &n));
	assert_int_equal(n, 0);
	free(v);
	assert_ok(import_text(st, find_json));
	assert_ok(pu_agreement_load_all(st, &v, &n));
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->id, "a-old");
	assert_string_equal(v[1]->id, "b-new");
	assert_string_equal(v[2]->id, "confirmed-ni-cr");
	assert_int_equal(pu_agreement_find((const pu_agreement *const *)v, n,
					   "NI", "X", "CR", "Y", "2024-01-01",
					   &a, &e),
			 1);
	assert_string_equal(a->id, "b-new");
	assert_int_equal(e->equivalence, PU_EQUIV_FULL);
	for (size_t i = 0; i < n; i++)
		pu_agreement_free(v[i]);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equivalence_names_round_trip),
		cmocka_unit_test(test_validate_names_the_field),
		cmocka_unit_test(test_validate_entry_limit),
		cmocka_unit_test(test_find_prefers_latest_in_force),
		cmocka_unit_test(test_find_ties),
		STANDARDS_TEST(test_round_trip_is_byte_identical),
		STORE_TEST(test_export_of_no_agreements),
		STORE_TEST(test_write_bumps_catalog_version),
		STANDARDS_TEST(test_failed_import_leaves_the_database),
		STANDARDS_TEST(test_confirm_creates_then_replaces),
		STANDARDS_TEST(test_confirm_refuses_and_writes_nothing),
		STORE_TEST(test_load_all_feeds_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
