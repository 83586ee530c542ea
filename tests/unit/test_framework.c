/*
 * Frameworks: validation on their own, referencing against its frameworks, and
 * level comparison through a shared regional framework.
 */
#include "helpers.h"

#include "puente/framework.h"

#define LEVELS4 "[{\"code\": \"1\"}, {\"code\": \"2\"}, {\"code\": \"3\"}, " \
		"{\"code\": \"4\"}]"
#define LEVELS8 "[{\"code\": \"1\"}, {\"code\": \"2\"}, {\"code\": \"3\"}, " \
		"{\"code\": \"4\"}, {\"code\": \"5\"}, {\"code\": \"6\"}, "   \
		"{\"code\": \"7\"}, {\"code\": \"8\"}]"
#define FW(id, type, country, levels)                                    \
	"{\"id\": \"" id "\", \"type\": \"" type "\", \"country\": \"" country \
	"\", \"name\": {\"en\": \"" id "\"}, \"levels\": " levels "}"
#define REF(from, to, status, maps)                                     \
	"{\"from\": \"" from "\", \"to\": \"" to "\", \"status\": \"" status \
	"\", \"levels\": [" maps "]}"
#define MAP(level, to) "{\"level\": \"" level "\", \"to\": [" to "]}"

/*
 * rz (illustrative regional) comes before rq (official regional) so that the
 * comparison must prefer a later, better candidate. na's level 3 spans rq 3-4;
 * sa -> nc -> rq is a chain through an intermediate framework; nx has no
 * referencing at all.
 */
static const char registry_json[] =
	"{\"format\": \"puente/1\", \"frameworks\": ["
	FW("rz", "regional", "ZZ", LEVELS8) ","
	FW("rq", "regional", "EU", LEVELS8) ","
	FW("na", "national", "AA", LEVELS8) ","
	FW("nb", "national", "BB", LEVELS4) ","
	FW("nc", "national", "CC", LEVELS4) ","
	FW("sa", "scale", "CC",
	   "[{\"code\": \"A\"}, {\"code\": \"B\"}]") ","
	FW("nd", "national", "DD", LEVELS4) ","
	FW("ne", "national", "EE", LEVELS4) ","
	FW("nx", "national", "XX", LEVELS4) "],"
	"\"referencing\": ["
	REF("na", "rq", "official",
	    MAP("1", "\"1\"") "," MAP("2", "\"2\"") "," MAP("3", "\"3\", \"4\"")
	    "," MAP("4", "\"5\"") "," MAP("5", "\"6\"")) ","
	REF("nb", "rq", "official",
	    MAP("1", "\"1\"") "," MAP("2", "\"2\"") "," MAP("3", "\"4\"") ","
	    MAP("4", "\"6\"")) ","
	REF("sa", "nc", "official", MAP("A", "\"1\"") "," MAP("B", "\"2\"")) ","
	REF("nc", "rq", "official", MAP("1", "\"2\"") "," MAP("2", "\"5\"")) ","
	REF("nd", "rz", "illustrative", MAP("1", "\"1\"")) ","
	REF("na", "rz", "illustrative", MAP("1", "\"1\"")) ","
	REF("nd", "rq", "official", MAP("1", "\"3\"")) ","
	REF("ne", "rq", "illustrative", MAP("1", "\"1\"")) "]}";

/* The registry takes the document's records. */
static pu_registry *registry_of(const char *json)
{
	pu_doc *d = parse_doc(json);
	pu_registry *r = NULL;

	assert_ok(pu_registry_new(&r, d->frameworks, d->nframeworks,
				  d->referencing, d->nreferencing));
	d->nframeworks = d->nreferencing = 0;
	pu_doc_free(d);
	return r;
}

static int registry_setup(void **state)
{
	*state = registry_of(registry_json);
	return 0;
}

static int registry_teardown(void **state)
{
	pu_registry_free(*state);
	return 0;
}

/* Compares level "fw/code" a with b; the comparison must succeed. */
static pu_level_cmp compare(void **state, const char *a, const char *b)
{
	char fa[16], fb[16];
	const char *la = strchr(a, '/'), *lb = strchr(b, '/');
	pu_level_cmp c;

	snprintf(fa, sizeof(fa), "%.*s", (int)(la - a), a);
	snprintf(fb, sizeof(fb), "%.*s", (int)(lb - b), b);
	assert_ok(pu_level_compare(*state, fa, la + 1, fb, lb + 1, &c));
	assert_true(c.reason[0] != '\0');
	return c;
}

/* Compares a with b, which must give rel in framework via with status. */
static pu_level_cmp assert_compare(void **state, const char *a, const char *b,
				   pu_level_relation rel, const char *via,
				   pu_ref_status status)
{
	pu_level_cmp c = compare(state, a, b);

	if (c.relation != rel)
		fail_msg("%s against %s: %s, want %s (%s)", a, b,
			 pu_level_relation_name(c.relation),
			 pu_level_relation_name(rel), c.reason);
	assert_non_null(c.via);
	assert_string_equal(c.via, via);
	assert_int_equal(c.status, status);
	return c;
}

static void assert_ranks(const pu_level_cmp *c, int a_lo, int a_hi, int b_lo,
			 int b_hi)
{
	assert_int_equal(c->a_lo, a_lo);
	assert_int_equal(c->a_hi, a_hi);
	assert_int_equal(c->b_lo, b_lo);
	assert_int_equal(c->b_hi, b_hi);
}

static void test_compare_exact(void **state)
{
	pu_level_cmp c = assert_compare(state, "na/1", "nb/1", PU_LEVEL_EXACT,
					"rq", PU_REF_OFFICIAL);

	assert_ranks(&c, 1, 1, 1, 1);
	assert_non_null(strstr(c.reason, "official"));
}

static void test_compare_higher(void **state)
{
	pu_level_cmp c = assert_compare(state, "na/5", "nb/3", PU_LEVEL_HIGHER,
					"rq", PU_REF_OFFICIAL);

	assert_ranks(&c, 6, 6, 4, 4);
}

static void test_compare_lower(void **state)
{
	assert_compare(state, "na/2", "nb/4", PU_LEVEL_LOWER, "rq",
		       PU_REF_OFFICIAL);
}

static void test_compare_range_overlapping(void **state)
{
	pu_level_cmp c = assert_compare(state, "na/3", "nb/3",
					PU_LEVEL_OVERLAPPING, "rq",
					PU_REF_OFFICIAL);

	assert_ranks(&c, 3, 4, 4, 4);
	assert_non_null(strstr(c.reason, "rq levels 3-4"));
}

static void test_compare_same_level_same_framework_is_exact(void **state)
{
	/* Within one framework levels compare by rank, not through the
	 * range na 3 has in rq. */
	assert_compare(state, "na/3", "na/3", PU_LEVEL_EXACT, "na",
		       PU_REF_OFFICIAL);
}

static void test_compare_same_framework_by_rank(void **state)
{
	pu_level_cmp c = assert_compare(state, "na/4", "na/2", PU_LEVEL_HIGHER,
					"na", PU_REF_OFFICIAL);

	assert_non_null(strstr(c.reason, "same framework"));
	assert_compare(state, "nb/1", "nb/4", PU_LEVEL_LOWER, "nb",
		       PU_REF_OFFICIAL);
}

static void test_compare_with_the_regional_framework_itself(void **state)
{
	assert_compare(state, "na/4", "rq/5", PU_LEVEL_EXACT, "rq",
		       PU_REF_OFFICIAL);
}

static void test_compare_through_chained_framework(void **state)
{
	/* sa B -> nc 2 -> rq 5, and na 4 -> rq 5 */
	pu_level_cmp c = assert_compare(state, "sa/B", "na/4", PU_LEVEL_EXACT,
					"rq", PU_REF_OFFICIAL);

	assert_ranks(&c, 5, 5, 5, 5);
	/* sa A -> nc 1 -> rq 2 */
	assert_compare(state, "sa/A", "na/4", PU_LEVEL_LOWER, "rq",
		       PU_REF_OFFICIAL);
}

static void test_compare_prefers_official_over_illustrative(void **state)
{
	/* Via rz (illustrative) both are level 1: exact. Via rq (official)
	 * nd 1 is rq 3 and na 1 is rq 1: higher. */
	assert_compare(state, "nd/1", "na/1", PU_LEVEL_HIGHER, "rq",
		       PU_REF_OFFICIAL);
}

static void test_compare_reports_weakest_status(void **state)
{
	pu_level_cmp c = assert_compare(state, "ne/1", "na/1", PU_LEVEL_EXACT,
					"rq", PU_REF_ILLUSTRATIVE);

	assert_non_null(strstr(c.reason, "illustrative"));
	assert_compare(state, "na/1", "ne/1", PU_LEVEL_EXACT, "rq",
		       PU_REF_ILLUSTRATIVE);
}

static void test_compare_unknown_names_framework_without_referencing(
	void **state)
{
	pu_level_cmp c = compare(state, "nx/1", "na/1");

	assert_int_equal(c.relation, PU_LEVEL_UNKNOWN);
	assert_null(c.via);
	assert_non_null(strstr(c.reason, "no referencing of nx (XX)"));
	c = compare(state, "na/1", "nx/2");
	assert_int_equal(c.relation, PU_LEVEL_UNKNOWN);
	assert_non_null(strstr(c.reason, "nx"));
}

static void test_compare_unknown_without_common_framework(void **state)
{
	/* a and b are each referenced, but to different regional ones. */
	pu_registry *r = registry_of(
		"{\"format\": \"puente/1\", \"frameworks\": ["
		FW("r1", "regional", "R1", LEVELS4) ","
		FW("r2", "regional", "R2", LEVELS4) ","
		FW("a", "national", "AA", LEVELS4) ","
		FW("b", "national", "BB", LEVELS4) "], \"referencing\": ["
		REF("a", "r1", "official", MAP("1", "\"1\"")) ","
		REF("b", "r2", "official", MAP("1", "\"1\"")) "]}");
	pu_level_cmp c;

	(void)state;
	assert_ok(pu_level_compare(r, "a", "1", "b", "1", &c));
	assert_int_equal(c.relation, PU_LEVEL_UNKNOWN);
	assert_non_null(strstr(c.reason, "common regional framework"));
	pu_registry_free(r);
}

static void test_compare_unknown_framework_or_level_is_enotfound(
	void **state)
{
	pu_level_cmp c;

	assert_error(pu_level_compare(*state, "zz", "1", "na", "1", &c),
		     PU_ENOTFOUND, "zz");
	assert_error(pu_level_compare(*state, "na", "1", "zz", "1", &c),
		     PU_ENOTFOUND, "zz");
	assert_error(pu_level_compare(*state, "na", "9", "nb", "1", &c),
		     PU_ENOTFOUND, "no level \"9\" in na");
	assert_error(pu_level_compare(*state, "na", "1", "nb", "5", &c),
		     PU_ENOTFOUND, "no level \"5\" in nb");
}

static void test_registry_lookups(void **state)
{
	const pu_registry *r = *state;

	assert_int_equal(pu_registry_count(r), 9);
	assert_int_equal(pu_registry_ref_count(r), 8);
	assert_string_equal(pu_registry_find(r, "nb")->id, "nb");
	assert_null(pu_registry_find(r, "zz"));
	/* national before scale, whatever the order */
	assert_string_equal(pu_registry_of_country(r, "CC")->id, "nc");
	assert_null(pu_registry_of_country(r, "QQ"));
}

/* One framework with domains and descriptors, for validation. */
static const char one_fw_json[] =
	"{\"format\": \"puente/1\", \"frameworks\": [{\"id\": \"xx-nqf\", "
	"\"type\": \"national\", \"country\": \"XX\", \"name\": {\"en\": "
	"\"X\"}, \"domains\": [{\"id\": \"knowledge\", \"name\": \"Knowledge\"}, "
	"{\"id\": \"skills\", \"name\": \"Skills\"}], \"levels\": [{\"code\": "
	"\"1\", \"descriptors\": {\"knowledge\": \"basic\"}}, {\"code\": \"2\", "
	"\"descriptors\": {\"skills\": \"more\"}}, {\"code\": \"3\"}]}, "
	"{\"id\": \"rr\", \"type\": \"regional\", \"country\": \"RR\", "
	"\"name\": \"R\", \"levels\": " LEVELS4 "}], \"referencing\": ["
	REF("xx-nqf", "rr", "proposed",
	    MAP("1", "\"1\"") "," MAP("2", "\"2\", \"3\"")) "]}";

static int doc_setup(void **state)
{
	*state = parse_doc(one_fw_json);
	return 0;
}

static int doc_teardown(void **state)
{
	pu_doc_free(*state);
	return 0;
}

static pu_framework *doc_fw(void **state)
{
	return ((pu_doc *)*state)->frameworks[0];
}

static pu_referencing *doc_ref(void **state)
{
	return ((pu_doc *)*state)->referencing[0];
}

static void test_framework_validate_accepts_good(void **state)
{
	pu_framework *f = doc_fw(state);

	assert_ok(pu_framework_validate(f));
	assert_int_equal(f->nlevels, 3);
	assert_int_equal(f->levels[2].rank, 3);
	assert_string_equal(pu_framework_level(f, "2")->code, "2");
	assert_null(pu_framework_level(f, "4"));
}

static void test_framework_validate_rejects_duplicate_level_code(
	void **state)
{
	pu_framework *f = doc_fw(state);

	f->levels[2].code = "1";
	assert_error(pu_framework_validate(f), PU_EINVAL,
		     "levels[2].code: \"1\" twice");
}

static void test_framework_validate_rejects_unknown_domain(void **state)
{
	pu_framework *f = doc_fw(state);

	f->levels[1].descriptors[0].domain = "attitudes";
	assert_error(pu_framework_validate(f), PU_EINVAL,
		     "levels[1].descriptors: \"attitudes\" is not a domain");
}

static void test_framework_validate_rejects_bad_id(void **state)
{
	pu_framework *f = doc_fw(state);

	f->id = "XX_NQF";
	assert_error(pu_framework_validate(f), PU_EINVAL, "id: \"XX_NQF\"");
}

static void test_framework_parse_rejects_duplicate_level_code(void **state)
{
	static const char json[] =
		"{\"format\": \"puente/1\", \"frameworks\": ["
		FW("dup", "national", "DD",
		   "[{\"code\": \"1\"}, {\"code\": \"1\"}]") "]}";
	pu_doc *d = NULL;

	(void)state;
	assert_error(pu_io_parse_document(&d, json, strlen(json), "fw.json"),
		     PU_EINVAL, "fw.json: frameworks[0] (dup): levels[1].code");
	assert_null(d);
}

static void test_referencing_validate_accepts_good(void **state)
{
	pu_doc *d = *state;

	assert_ok(pu_referencing_validate(doc_ref(state), d->frameworks[0],
					  d->frameworks[1]));
	assert_int_equal(doc_ref(state)->status, PU_REF_PROPOSED);
}

static void test_referencing_validate_rejects_unknown_from_level(
	void **state)
{
	pu_doc *d = *state;

	doc_ref(state)->levels[1].level = "7";
	assert_error(pu_referencing_validate(doc_ref(state), d->frameworks[0],
					     d->frameworks[1]),
		     PU_EINVAL, "levels[1].level: \"7\" is not a level of xx-nqf");
}

static void test_referencing_validate_rejects_unknown_to_level(void **state)
{
	pu_doc *d = *state;

	doc_ref(state)->levels[1].to[1] = "9";
	assert_error(pu_referencing_validate(doc_ref(state), d->frameworks[0],
					     d->frameworks[1]),
		     PU_EINVAL, "levels[1].to: \"9\" is not a level of rr");
}

static void test_referencing_validate_rejects_repeated_level(void **state)
{
	pu_doc *d = *state;

	doc_ref(state)->levels[1].level = "1";
	assert_error(pu_referencing_validate(doc_ref(state), d->frameworks[0],
					     d->frameworks[1]),
		     PU_EINVAL, "levels[1].level: \"1\" twice");
}

static void test_referencing_validate_rejects_self_reference(void **state)
{
	pu_doc *d = *state;

	doc_ref(state)->to = "xx-nqf";
	assert_error(pu_referencing_validate(doc_ref(state), d->frameworks[0],
					     d->frameworks[0]),
		     PU_EINVAL, "cannot reference itself");
}

#define REGISTRY_TEST(f) \
	cmocka_unit_test_setup_teardown(f, registry_setup, registry_teardown)
#define DOC_TEST(f) cmocka_unit_test_setup_teardown(f, doc_setup, doc_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		REGISTRY_TEST(test_compare_exact),
		REGISTRY_TEST(test_compare_higher),
		REGISTRY_TEST(test_compare_lower),
		REGISTRY_TEST(test_compare_range_overlapping),
		REGISTRY_TEST(test_compare_same_level_same_framework_is_exact),
		REGISTRY_TEST(test_compare_same_framework_by_rank),
		REGISTRY_TEST(test_compare_with_the_regional_framework_itself),
		REGISTRY_TEST(test_compare_through_chained_framework),
		REGISTRY_TEST(test_compare_prefers_official_over_illustrative),
		REGISTRY_TEST(test_compare_reports_weakest_status),
		REGISTRY_TEST(
			test_compare_unknown_names_framework_without_referencing),
		cmocka_unit_test(test_compare_unknown_without_common_framework),
		REGISTRY_TEST(test_compare_unknown_framework_or_level_is_enotfound),
		REGISTRY_TEST(test_registry_lookups),
		DOC_TEST(test_framework_validate_accepts_good),
		DOC_TEST(test_framework_validate_rejects_duplicate_level_code),
		DOC_TEST(test_framework_validate_rejects_unknown_domain),
		DOC_TEST(test_framework_validate_rejects_bad_id),
		cmocka_unit_test(test_framework_parse_rejects_duplicate_level_code),
		DOC_TEST(test_referencing_validate_accepts_good),
		DOC_TEST(test_referencing_validate_rejects_unknown_from_level),
		DOC_TEST(test_referencing_validate_rejects_unknown_to_level),
		DOC_TEST(test_referencing_validate_rejects_repeated_level),
		DOC_TEST(test_referencing_validate_rejects_self_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
