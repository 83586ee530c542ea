/*
 * Standards checked on their own: each bad record is refused with a message
 * that names the field path. Bad records are made by changing one member of a
 * good one, so that each test shows the one thing that is wrong.
 */
#include "helpers.h"

#include "puente/catalog.h"

#include <jansson.h>

static const char good_json[] =
	"{\"country\": \"CR\", \"code\": \"CSCO-01\", \"version\": \"1\", "
	"\"kind\": \"qualification\", \"body\": \"INA\", \"status\": "
	"\"active\", \"valid_from\": \"2021-03-01\", \"valid_to\": "
	"\"2026-03-01\", \"language\": \"es\", \"title\": {\"es\": \"Cocina "
	"básica\", \"en\": \"Basic cookery\"}, \"alt_titles\": {\"es\": "
	"[\"Cocinero\", \"Cocinera\"]}, \"level\": {\"framework\": "
	"\"cr-mnc-eftp\", \"level\": \"2\"}, \"sector\": \"Turismo\", "
	"\"codes\": {\"isco08\": [\"5120\"], \"national\": [{\"scheme\": "
	"\"CIUO-CR\", \"code\": \"5120.01\"}]}, \"units\": ["
	"{\"code\": \"U1\", \"title\": \"Higiene\", \"elements\": [{\"code\": "
	"\"E1\", \"title\": \"Lavar\", \"criteria\": [{\"code\": \"C1\", "
	"\"text\": \"Lava las manos\"}]}]}, "
	"{\"code\": \"U2\", \"title\": \"Cocción\", \"hours\": 40, "
	"\"elements\": [{\"code\": \"E1\", \"title\": \"Hervir\", "
	"\"criteria\": [{\"code\": \"C1\", \"text\": \"Hierve\"}, {\"code\": "
	"\"C2\", \"text\": \"Sirve\", \"type\": \"product\"}]}]}, "
	"{\"code\": \"U3\", \"title\": \"Repostería\", \"type\": \"elective\"}, "
	"{\"code\": \"U4\", \"title\": \"Panadería\", \"type\": \"elective\"}], "
	"\"elective_groups\": [{\"id\": \"G1\", \"choose\": 1, \"units\": "
	"[\"U3\", \"U4\"]}]}";

/* Follows a path such as "units[1].elements[0].code" to the object holding
 * the last member; key (n bytes) gets that member's name. */
static json_t *parent_of(json_t *root, const char *path, char *key, size_t n)
{
	json_t *cur = root;
	const char *p = path;

	for (;;) {
		size_t len = strcspn(p, ".[");

		assert_true(len > 0 && len < n);
		memcpy(key, p, len);
		key[len] = '\0';
		p += len;
		if (*p == '\0')
			return cur;
		cur = json_object_get(cur, key);
		while (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);

			cur = json_array_get(cur, (size_t)i);
			p = end + 1; /* past ']' */
		}
		assert_non_null(cur);
		if (*p == '.')
			p++;
		if (*p == '\0')
			fail_msg("path %s ends in an index", path);
	}
}

/* The good standard with the member at path set to value (taken), or
 * removed when value is NULL; as JSON text to free(). */
static char *good_with(const char *path, json_t *value)
{
	json_error_t err;
	json_t *root = json_loads(good_json, 0, &err);
	json_t *parent;
	char key[64];
	char *text;

	assert_non_null(root);
	parent = parent_of(root, path, key, sizeof(key));
	if (value == NULL)
		assert_int_equal(json_object_del(parent, key), 0);
	else
		assert_int_equal(json_object_set_new(parent, key, value), 0);
	text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	assert_non_null(text);
	return text;
}

/* Parsing the good standard changed at path gives code with want in the
 * message. */
static void assert_refused(const char *path, json_t *value, int code,
			   const char *want)
{
	char *json = good_with(path, value);
	pu_standard *s = NULL;

	assert_error(pu_io_parse_standard(&s, json, strlen(json)), code, want);
	assert_null(s);
	free(json);
}

static json_t *text_of(size_t len)
{
	char *big = malloc(len + 1);
	json_t *v;

	assert_non_null(big);
	memset(big, 'a', len);
	big[len] = '\0';
	v = json_string(big);
	free(big);
	return v;
}

static void test_good_standard_is_valid(void **state)
{
	pu_standard *s = parse_std(good_json);

	(void)state;
	assert_ok(pu_standard_validate(s));
	assert_int_equal(s->kind, PU_KIND_QUALIFICATION);
	assert_int_equal(s->nunits, 4);
	assert_true(s->units[2].elective);
	assert_false(s->units[0].elective);
	assert_true(s->units[0].hours < 0);
	assert_int_equal(s->units[1].hours, 40);
	assert_int_equal(s->units[1].elements[0].criteria[1].type,
			 PU_EV_PRODUCT);
	assert_int_equal(pu_standard_count_criteria(s), 3);
	assert_string_equal(pu_standard_code_of(s, "isco08"), "5120");
	assert_null(pu_standard_code_of(s, "isic4"));
	assert_string_equal(pu_standard_unit(s, "U2")->code, "U2");
	/* a plain-string title means the standard's language */
	assert_string_equal(pu_mtext_exact(&s->units[0].title, "es"),
			    "Higiene");
	pu_standard_free(s);
}

static void test_missing_title(void **state)
{
	(void)state;
	assert_refused("title", NULL, PU_EINVAL, "title: missing");
}

static void test_title_lacking_standard_language(void **state)
{
	(void)state;
	assert_refused("title", json_pack("{s:s}", "en", "Basic cookery"),
		       PU_EINVAL, "title: no title in the standard's language");
}

static void test_empty_unit_title(void **state)
{
	(void)state;
	assert_refused("units[2].title", json_pack("{s:s}", "es", ""),
		       PU_EINVAL, "units[2].title.es: empty text");
}

static void test_duplicate_unit_code(void **state)
{
	(void)state;
	assert_refused("units[1].code", json_string("U1"), PU_EINVAL,
		       "units[1].code: \"U1\" used twice");
}

static void test_duplicate_criterion_code(void **state)
{
	(void)state;
	assert_refused("units[1].elements[0].criteria[1].code",
		       json_string("C1"), PU_EINVAL,
		       "units[1].elements[0].criteria[1].code: \"C1\" used twice");
}

static void test_bad_criterion_code_names_full_path(void **state)
{
	(void)state;
	assert_refused("units[1].elements[0].criteria[0].code",
		       json_string(" C1"), PU_EINVAL,
		       "units[1].elements[0].criteria[0].code");
	assert_refused("units[1].elements[0].criteria[0].code", NULL,
		       PU_EINVAL, "units[1].elements[0].criteria[0].code: missing");
}

static void test_impossible_date(void **state)
{
	(void)state;
	assert_refused("valid_from", json_string("2021-02-30"), PU_EINVAL,
		       "valid_from: \"2021-02-30\" is not a date");
	assert_refused("valid_from", json_string("2021-13-01"), PU_EINVAL,
		       "valid_from");
	assert_refused("valid_to", json_string("1 March 2026"), PU_EINVAL,
		       "valid_to");
}

static void test_february_29_only_in_leap_years(void **state)
{
	char *json = good_with("valid_from", json_string("2024-02-29"));
	pu_standard *s = parse_std(json);

	(void)state;
	pu_standard_free(s);
	free(json);
	assert_refused("valid_from", json_string("2021-02-29"), PU_EINVAL,
		       "valid_from: \"2021-02-29\"");
	assert_refused("valid_from", json_string("1900-02-29"), PU_EINVAL,
		       "valid_from: \"1900-02-29\"");
}

static void test_valid_to_before_valid_from(void **state)
{
	(void)state;
	assert_refused("valid_to", json_string("2020-12-31"), PU_EINVAL,
		       "valid_to: 2020-12-31 is before valid_from 2021-03-01");
}

static void test_isco_code_with_five_digits(void **state)
{
	(void)state;
	assert_refused("codes.isco08", json_pack("[s]", "51200"), PU_EINVAL,
		       "codes.isco08: \"51200\" is not an ISCO-08 code");
	assert_refused("codes.isco08", json_pack("[s]", "51a"), PU_EINVAL,
		       "codes.isco08");
}

static void test_elective_group_choosing_too_many(void **state)
{
	(void)state;
	assert_refused("elective_groups[0].choose", json_integer(3), PU_EINVAL,
		       "elective_groups[0].choose: 3, but the group has 2 units");
}

static void test_elective_group_with_core_unit(void **state)
{
	(void)state;
	assert_refused("elective_groups[0].units", json_pack("[s,s]", "U3", "U1"),
		       PU_EINVAL,
		       "elective_groups[0].units: unit \"U1\" is not elective");
}

static void test_elective_group_with_missing_unit(void **state)
{
	(void)state;
	assert_refused("elective_groups[0].units", json_pack("[s,s]", "U3", "U9"),
		       PU_EINVAL, "elective_groups[0].units: no unit \"U9\"");
}

static void test_unknown_field(void **state)
{
	(void)state;
	assert_refused("titel", json_string("x"), PU_EINVAL,
		       "\"titel\": unknown field");
	assert_refused("units[0].elements[0].criteria[0].txt", json_string("x"),
		       PU_EINVAL,
		       "units[0].elements[0].criteria[0].\"txt\": unknown field");
}

static void test_oversized_text(void **state)
{
	(void)state;
	assert_refused("title", json_pack("{s:o}", "es", text_of(16385)),
		       PU_ELIMIT, "title.es: text longer than 16384");
	assert_refused("units[1].elements[0].criteria[0].text",
		       json_pack("{s:o}", "es", text_of(16385)), PU_ELIMIT,
		       "units[1].elements[0].criteria[0].text.es");
	assert_refused("sector", text_of(16385), PU_ELIMIT, "sector");
}

static void test_text_of_exactly_the_limit_is_accepted(void **state)
{
	char *json = good_with("sector", text_of(16384));
	pu_standard *s = parse_std(json);

	(void)state;
	assert_int_equal(strlen(s->sector), 16384);
	pu_standard_free(s);
	free(json);
}

static void test_bad_language_tag(void **state)
{
	(void)state;
	assert_refused("language", json_string("ES"), PU_EINVAL,
		       "language: \"ES\" is not a language tag");
	assert_refused("title", json_pack("{s:s,s:s}", "es", "Cocina",
					  "english", "Cookery"),
		       PU_EINVAL, "title: \"english\" is not a language tag");
}

static void test_superseded_by_itself(void **state)
{
	(void)state;
	assert_refused("superseded_by", json_string("CSCO-01"), PU_EINVAL,
		       "superseded_by: a standard cannot supersede itself");
}

static void test_bad_enum_values(void **state)
{
	(void)state;
	assert_refused("kind", json_string("course"), PU_EINVAL, "kind: ");
	assert_refused("status", json_string("old"), PU_EINVAL, "status: ");
	assert_refused("units[3].type", json_string("optional"), PU_EINVAL,
		       "units[3].type");
}

static void test_bad_country(void **state)
{
	(void)state;
	assert_refused("country", json_string("cr"), PU_EINVAL, "country: \"cr\"");
	assert_refused("country", NULL, PU_EINVAL, "country: missing");
}

static void test_level_needs_framework(void **state)
{
	(void)state;
	assert_refused("level", json_pack("{s:s}", "level", "2"), PU_EINVAL,
		       "level.framework: missing");
}

static void test_validate_checks_records_built_in_memory(void **state)
{
	pu_standard *s = parse_std(good_json);

	(void)state;
	s->units[1].elements[0].title.n = 0;
	assert_error(pu_standard_validate(s), PU_EINVAL,
		     "units[1].elements[0].title: missing");
	s->units[1].elements[0].title.n = 1;
	s->level_code = NULL;
	assert_error(pu_standard_validate(s), PU_EINVAL,
		     "level: needs both framework and level");
	pu_standard_free(s);
}

static void test_too_many_units(void **state)
{
	json_t *units = json_array();

	(void)state;
	for (int i = 0; i <= PU_CATALOG_MAX_ITEMS; i++)
		json_array_append_new(units,
				      json_pack("{s:s,s:s}", "code", "U",
						"title", "t"));
	assert_refused("units", units, PU_ELIMIT, "units: more than 1000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_standard_is_valid),
		cmocka_unit_test(test_missing_title),
		cmocka_unit_test(test_title_lacking_standard_language),
		cmocka_unit_test(test_empty_unit_title),
		cmocka_unit_test(test_duplicate_unit_code),
		cmocka_unit_test(test_duplicate_criterion_code),
		cmocka_unit_test(test_bad_criterion_code_names_full_path),
		cmocka_unit_test(test_impossible_date),
		cmocka_unit_test(test_february_29_only_in_leap_years),
		cmocka_unit_test(test_valid_to_before_valid_from),
		cmocka_unit_test(test_isco_code_with_five_digits),
		cmocka_unit_test(test_elective_group_choosing_too_many),
		cmocka_unit_test(test_elective_group_with_core_unit),
		cmocka_unit_test(test_elective_group_with_missing_unit),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_oversized_text),
		cmocka_unit_test(test_text_of_exactly_the_limit_is_accepted),
		cmocka_unit_test(test_bad_language_tag),
		cmocka_unit_test(test_superseded_by_itself),
		cmocka_unit_test(test_bad_enum_values),
		cmocka_unit_test(test_bad_country),
		cmocka_unit_test(test_level_needs_framework),
		cmocka_unit_test(test_validate_checks_records_built_in_memory),
		cmocka_unit_test(test_too_many_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
