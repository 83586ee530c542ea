/*
 * The SQLite store: opening, transactions, frameworks and standards written and
 * read back whole, replacement by key, search with filters, and statistics.
 * Each test gets a fresh database in its own temporary directory.
 */
#include "helpers.h"

#include "puente/buf.h"

#include <sqlite3.h>

static const char frameworks_json[] =
	"{\"format\": \"puente/1\", \"frameworks\": ["
	"{\"id\": \"mx-nqf\", \"type\": \"national\", \"country\": \"MX\", "
	"\"name\": {\"es\": \"Marco\", \"en\": \"Framework\"}, \"short_name\": "
	"\"MNC\", \"owner\": \"SEP\", \"source\": \"https://example.org\", "
	"\"domains\": [{\"id\": \"knowledge\", \"name\": {\"en\": "
	"\"Knowledge\", \"es\": \"Conocimientos\"}}, {\"id\": \"skills\", "
	"\"name\": {\"en\": \"Skills\"}}], \"levels\": ["
	"{\"code\": \"1\", \"name\": {\"es\": \"Uno\"}, \"descriptors\": "
	"{\"knowledge\": {\"en\": \"Basic\"}, \"skills\": {\"en\": \"Simple\", "
	"\"es\": \"Simples\"}}, \"notes\": {\"en\": \"entry\"}}, "
	"{\"code\": \"2\", \"name\": {\"es\": \"Dos\"}}, "
	"{\"code\": \"3\", \"name\": {\"es\": \"Tres\"}}]}, "
	"{\"id\": \"rq\", \"type\": \"regional\", \"country\": \"RQ\", "
	"\"name\": \"Regional\", \"levels\": [{\"code\": \"1\"}, {\"code\": "
	"\"2\"}, {\"code\": \"3\"}, {\"code\": \"4\"}]}], "
	"\"referencing\": [{\"from\": \"mx-nqf\", \"to\": \"rq\", \"status\": "
	"\"official\", \"source\": \"decree\", \"levels\": [{\"level\": \"1\", "
	"\"to\": [\"1\"]}, {\"level\": \"2\", \"to\": [\"2\", \"3\"]}]}]}";

/* A standard using every part of the record. */
static const char albanil_json[] =
	"{\"country\": \"MX\", \"code\": \"EC0001\", \"version\": \"2\", "
	"\"kind\": \"qualification\", \"body\": \"CONOCER\", \"status\": "
	"\"active\", \"valid_from\": \"2020-01-15\", \"valid_to\": "
	"\"2025-01-15\", \"superseded_by\": \"EC0002\", \"language\": \"es\", "
	"\"title\": {\"es\": \"Albañil\", \"en\": \"Bricklayer\"}, "
	"\"alt_titles\": {\"es\": [\"Maestro de obra\", \"Mampostero\"], "
	"\"en\": [\"Mason\"]}, \"description\": {\"es\": \"Levanta muros\"}, "
	"\"level\": {\"framework\": \"mx-nqf\", \"level\": \"2\"}, "
	"\"sector\": \"Construcción\", \"codes\": {\"isco08\": [\"7112\"], "
	"\"isic4\": [\"4100\"], \"iscedf2013\": [\"0732\"], \"national\": "
	"[{\"scheme\": \"SINCO\", \"code\": \"7121\"}]}, \"units\": ["
	"{\"code\": \"U1\", \"title\": {\"es\": \"Preparar mezcla\"}, "
	"\"hours\": 12.5, \"elements\": [{\"code\": \"E1\", \"title\": "
	"\"Medir\", \"criteria\": [{\"code\": \"C1\", \"text\": \"Mide\", "
	"\"type\": \"performance\"}, {\"code\": \"C2\", \"text\": "
	"\"Registra\", \"type\": \"product\"}]}, {\"code\": \"E2\", "
	"\"title\": \"Mezclar\", \"criteria\": [{\"code\": \"C1\", "
	"\"text\": \"Mezcla\", \"type\": \"knowledge\"}]}], \"knowledge\": "
	"[{\"es\": \"Tipos de cemento\"}, \"Proporciones\"], \"evidence\": "
	"[{\"type\": \"product\", \"text\": \"Muestra\"}]}, "
	"{\"code\": \"U2\", \"title\": \"Acabados\", \"type\": \"elective\"}, "
	"{\"code\": \"U3\", \"title\": \"Techos\", \"type\": \"elective\", "
	"\"hours\": 0}], \"elective_groups\": [{\"id\": \"G1\", \"name\": "
	"{\"es\": \"Optativas\"}, \"choose\": 1, \"units\": [\"U2\", "
	"\"U3\"]}], \"extra\": {\"committee\": \"Construcción\", \"n\": [1, "
	"2.5, null, true]}}";

static const char electricista_json[] =
	"{\"country\": \"CR\", \"code\": \"CR-EL-01\", \"language\": \"es-CR\", "
	"\"title\": \"Electricista residencial\", \"sector\": \"Electricidad\", "
	"\"codes\": {\"isco08\": [\"7411\"]}}";

static const char cook_json[] =
	"{\"country\": \"JM\", \"code\": \"JM-COOK\", \"language\": \"en\", "
	"\"title\": \"Cook\", \"description\": \"Prepares food in "
	"kitchens\", \"sector\": \"Hospitality\", \"codes\": {\"isco08\": "
	"[\"5120\"]}}";

static void put_standard_json(pu_store *st, const char *json)
{
	pu_standard *s = parse_std(json);

	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_put_standard(st, s));
	assert_ok(pu_store_commit(st));
	pu_standard_free(s);
}

/* A store with the frameworks and three standards. */
static int catalog_setup(void **state)
{
	pu_store *st;

	if (store_setup(state) != 0)
		return -1;
	st = state_store(state);
	put_json(st, frameworks_json);
	put_standard_json(st, albanil_json);
	put_standard_json(st, electricista_json);
	put_standard_json(st, cook_json);
	return 0;
}

#define STORE_TEST(f) \
	cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)
#define CATALOG_TEST(f) \
	cmocka_unit_test_setup_teardown(f, catalog_setup, store_teardown)

/* --- deep comparison of records --- */

static void assert_str_equal_or_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_mtext_equal(const pu_mtext *a, const pu_mtext *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].lang, b->v[i].lang);
		assert_string_equal(a->v[i].text, b->v[i].text);
	}
}

static void assert_unit_equal(const pu_unit *a, const pu_unit *b)
{
	assert_string_equal(a->code, b->code);
	assert_mtext_equal(&a->title, &b->title);
	assert_int_equal(a->elective, b->elective);
	assert_true(a->hours == b->hours);
	assert_int_equal(a->nelements, b->nelements);
	for (size_t e = 0; e < a->nelements; e++) {
		const pu_element *x = &a->elements[e], *y = &b->elements[e];

		assert_string_equal(x->code, y->code);
		assert_mtext_equal(&x->title, &y->title);
		assert_int_equal(x->ncriteria, y->ncriteria);
		for (size_t c = 0; c < x->ncriteria; c++) {
			assert_string_equal(x->criteria[c].code,
					    y->criteria[c].code);
			assert_int_equal(x->criteria[c].type, y->criteria[c].type);
			assert_mtext_equal(&x->criteria[c].text,
					   &y->criteria[c].text);
		}
	}
	assert_int_equal(a->nknowledge, b->nknowledge);
	for (size_t k = 0; k < a->nknowledge; k++)
		assert_mtext_equal(&a->knowledge[k], &b->knowledge[k]);
	assert_int_equal(a->nevidence, b->nevidence);
	for (size_t k = 0; k < a->nevidence; k++) {
		assert_int_equal(a->evidence[k].type, b->evidence[k].type);
		assert_mtext_equal(&a->evidence[k].text, &b->evidence[k].text);
	}
}

static void assert_std_equal(const pu_standard *a, const pu_standard *b)
{
	assert_string_equal(a->country, b->country);
	assert_string_equal(a->code, b->code);
	assert_str_equal_or_null(a->version, b->version);
	assert_int_equal(a->kind, b->kind);
	assert_str_equal_or_null(a->body, b->body);
	assert_int_equal(a->status, b->status);
	assert_str_equal_or_null(a->valid_from, b->valid_from);
	assert_str_equal_or_null(a->valid_to, b->valid_to);
	assert_str_equal_or_null(a->superseded_by, b->superseded_by);
	assert_string_equal(a->language, b->language);
	assert_mtext_equal(&a->title, &b->title);
	assert_mtext_equal(&a->alt_titles, &b->alt_titles);
	assert_mtext_equal(&a->description, &b->description);
	assert_str_equal_or_null(a->level_framework, b->level_framework);
	assert_str_equal_or_null(a->level_code, b->level_code);
	assert_str_equal_or_null(a->sector, b->sector);
	assert_int_equal(a->ncodes, b->ncodes);
	for (size_t i = 0; i < a->ncodes; i++) {
		assert_string_equal(a->codes[i].scheme, b->codes[i].scheme);
		assert_string_equal(a->codes[i].code, b->codes[i].code);
		assert_int_equal(a->codes[i].national, b->codes[i].national);
	}
	assert_int_equal(a->nunits, b->nunits);
	for (size_t i = 0; i < a->nunits; i++)
		assert_unit_equal(&a->units[i], &b->units[i]);
	assert_int_equal(a->ngroups, b->ngroups);
	for (size_t g = 0; g < a->ngroups; g++) {
		const pu_elective_group *x = &a->groups[g], *y = &b->groups[g];

		assert_string_equal(x->id, y->id);
		assert_mtext_equal(&x->name, &y->name);
		assert_int_equal(x->choose, y->choose);
		assert_int_equal(x->nunits, y->nunits);
		for (size_t i = 0; i < x->nunits; i++)
			assert_string_equal(x->units[i], y->units[i]);
	}
	assert_str_equal_or_null(a->extra, b->extra);
}

/* --- opening --- */

static void test_open_missing_without_create_is_enotfound(void **state)
{
	struct tmpdb *t = tmpdb_new();

	(void)state;
	assert_error(pu_store_open(&t->st, t->path, 0), PU_ENOTFOUND,
		     "no database here");
	assert_null(t->st);
	assert_int_equal(access(t->path, F_OK), -1); /* not created */
	tmpdb_free(t);
}

static void test_open_creates_then_reopens(void **state)
{
	struct tmpdb *t = tmpdb_new();
	char location[128];
	pu_store_counts c;

	(void)state;
	assert_ok(pu_store_open(&t->st, t->path, PU_STORE_CREATE));
	put_json(t->st, frameworks_json);
	pu_store_close(t->st);
	snprintf(location, sizeof(location), "sqlite:%s", t->path);
	assert_ok(pu_store_open(&t->st, location, 0));
	c = counts_of(t->st);
	assert_string_equal(c.backend, "sqlite");
	assert_true(c.schema_version >= 1);
	assert_int_equal(c.frameworks, 2);
	pu_store_counts_free(&c);
	tmpdb_free(t);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_open_random_file_is_not_puente_database(void **state)
{
	struct tmpdb *t = tmpdb_new();
	unsigned char junk[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 131 + 7);
	write_file(t->path, junk, sizeof(junk));
	assert_error(pu_store_open(&t->st, t->path, 0), PU_ESTORE,
		     "not a Puente database");
	assert_null(t->st);
	tmpdb_free(t);
}

static void test_open_sqlite_file_with_other_tables_is_refused(void **state)
{
	struct tmpdb *t = tmpdb_new();
	sqlite3 *db = NULL;

	(void)state;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE orders (id INTEGER)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_error(pu_store_open(&t->st, t->path, PU_STORE_CREATE),
		     PU_ESTORE, "not a Puente database");
	assert_null(t->st);
	tmpdb_free(t);
}

static void test_readonly_store_refuses_writes(void **state)
{
	struct tmpdb *t = *state;
	pu_store *ro = NULL;

	assert_ok(pu_store_open(&ro, t->path, PU_STORE_READONLY));
	assert_error(pu_store_begin(ro), PU_ESTORE, "read-only");
	pu_store_close(ro);
}

/* --- transactions --- */

static void test_writes_outside_transaction_are_refused(void **state)
{
	pu_store *st = state_store(state);
	pu_doc *d = parse_doc(frameworks_json);
	pu_standard *s = parse_std(cook_json);
	pu_store_counts c;

	assert_error(pu_store_put_framework(st, d->frameworks[0]), PU_ESTORE,
		     "transaction");
	assert_error(pu_store_put_standard(st, s), PU_ESTORE, "transaction");
	assert_error(pu_store_note_import(st, "x", 1), PU_ESTORE,
		     "transaction");
	assert_error(pu_store_commit(st), PU_ESTORE, "no transaction");
	c = counts_of(st);
	assert_int_equal(c.frameworks, 0);
	assert_int_equal(c.standards, 0);
	pu_store_counts_free(&c);
	pu_standard_free(s);
	pu_doc_free(d);
}

static void test_nested_begin_is_refused(void **state)
{
	pu_store *st = state_store(state);

	assert_ok(pu_store_begin(st));
	assert_error(pu_store_begin(st), PU_ESTORE, "already open");
	assert_ok(pu_store_rollback(st));
	assert_ok(pu_store_rollback(st)); /* none open: harmless */
}

static void test_rollback_leaves_nothing(void **state)
{
	pu_store *st = state_store(state);
	pu_doc *d = parse_doc(frameworks_json);
	pu_standard *s = parse_std(albanil_json), *got = NULL;
	pu_store_counts c;

	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_put_framework(st, d->frameworks[0]));
	assert_ok(pu_store_put_standard(st, s));
	assert_ok(pu_store_rollback(st));
	assert_error(pu_store_get_standard(st, "MX", "EC0001", &got),
		     PU_ENOTFOUND, "no standard MX/EC0001");
	c = counts_of(st);
	assert_int_equal(c.frameworks + c.levels + c.standards + c.units, 0);
	assert_int_equal(c.catalog_version, 0);
	pu_store_counts_free(&c);
	pu_standard_free(s);
	pu_doc_free(d);
}

static void test_commit_bumps_catalog_version(void **state)
{
	pu_store *st = state_store(state);
	pu_store_counts before = counts_of(st), after;

	int64_t v;

	put_standard_json(st, cook_json);
	after = counts_of(st);
	assert_int_equal(after.catalog_version, before.catalog_version + 1);
	assert_ok(pu_store_catalog_version(st, &v));
	assert_int_equal(v, after.catalog_version);
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
	/* an empty transaction changes nothing */
	before = counts_of(st);
	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_commit(st));
	after = counts_of(st);
	assert_int_equal(after.catalog_version, before.catalog_version);
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
}

/* --- frameworks and referencing --- */

static void test_framework_round_trip(void **state)
{
	pu_store *st = state_store(state);
	pu_doc *d = parse_doc(frameworks_json);
	const pu_framework *want = d->frameworks[0];
	pu_framework *got = NULL;

	put_doc(st, d);
	assert_ok(pu_store_get_framework(st, "mx-nqf", &got));
	assert_string_equal(got->id, "mx-nqf");
	assert_int_equal(got->type, PU_FW_NATIONAL);
	assert_string_equal(got->country, "MX");
	assert_string_equal(got->short_name, "MNC");
	assert_string_equal(got->owner, "SEP");
	assert_string_equal(got->source, "https://example.org");
	assert_mtext_equal(&got->name, &want->name);
	assert_int_equal(got->ndomains, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(got->domains[i].id, want->domains[i].id);
		assert_mtext_equal(&got->domains[i].name, &want->domains[i].name);
	}
	assert_int_equal(got->nlevels, 3);
	for (size_t i = 0; i < 3; i++) {
		const pu_level *g = &got->levels[i], *w = &want->levels[i];

		assert_string_equal(g->code, w->code);
		assert_int_equal(g->rank, (int)i + 1);
		assert_mtext_equal(&g->name, &w->name);
		assert_mtext_equal(&g->notes, &w->notes);
		assert_int_equal(g->ndescriptors, w->ndescriptors);
		for (size_t k = 0; k < g->ndescriptors; k++) {
			assert_string_equal(g->descriptors[k].domain,
					    w->descriptors[k].domain);
			assert_mtext_equal(&g->descriptors[k].text,
					   &w->descriptors[k].text);
		}
	}
	assert_ok(pu_framework_validate(got));
	pu_framework_free(got);
	pu_doc_free(d);
}

static void test_missing_framework_is_enotfound(void **state)
{
	pu_framework *f = NULL;

	assert_error(pu_store_get_framework(state_store(state), "nope", &f),
		     PU_ENOTFOUND, "nope");
	assert_null(f);
}

static void test_framework_ids_are_sorted(void **state)
{
	char **ids = NULL;
	size_t n = 0;

	assert_ok(pu_store_framework_ids(state_store(state), &ids, &n));
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], "mx-nqf");
	assert_string_equal(ids[1], "rq");
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static void test_referencing_round_trip(void **state)
{
	pu_referencing **refs = NULL;
	size_t n = 0;

	assert_ok(pu_store_all_referencing(state_store(state), &refs, &n));
	assert_int_equal(n, 1);
	assert_string_equal(refs[0]->from, "mx-nqf");
	assert_string_equal(refs[0]->to, "rq");
	assert_int_equal(refs[0]->status, PU_REF_OFFICIAL);
	assert_string_equal(refs[0]->source, "decree");
	assert_int_equal(refs[0]->nlevels, 2);
	assert_string_equal(refs[0]->levels[1].level, "2");
	assert_int_equal(refs[0]->levels[1].nto, 2);
	assert_string_equal(refs[0]->levels[1].to[0], "2");
	assert_string_equal(refs[0]->levels[1].to[1], "3");
	pu_referencing_free(refs[0]);
	free(refs);
}

/* The mx-nqf framework of frameworks_json with only the given levels. */
static pu_framework *framework_with_levels(pu_doc *d, size_t keep)
{
	pu_framework *f = d->frameworks[0];

	f->nlevels = keep;
	return f;
}

static void test_removing_a_used_level_is_conflict(void **state)
{
	pu_store *st = state_store(state);
	pu_doc *d = parse_doc(frameworks_json);
	pu_framework *got = NULL;
	pu_standard *s = NULL;
	pu_store_counts before = counts_of(st), after;

	/* EC0001 uses level 2; keep only level 1. */
	assert_ok(pu_store_begin(st));
	assert_error(pu_store_put_framework(st, framework_with_levels(d, 1)),
		     PU_ECONFLICT, "level \"2\"");
	assert_ok(pu_store_rollback(st));
	after = counts_of(st);
	assert_int_equal(after.levels, before.levels);
	assert_int_equal(after.catalog_version, before.catalog_version);
	assert_ok(pu_store_get_framework(st, "mx-nqf", &got));
	assert_int_equal(got->nlevels, 3);
	assert_ok(pu_store_get_standard(st, "MX", "EC0001", &s));
	assert_string_equal(s->level_code, "2");
	pu_standard_free(s);
	pu_framework_free(got);
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
	pu_doc_free(d);
}

static void test_removing_an_unused_level_is_allowed(void **state)
{
	pu_store *st = state_store(state);
	pu_doc *d = parse_doc(frameworks_json);
	pu_framework *got = NULL;
	pu_standard *s = NULL;

	/* Level 3 is used by nothing. */
	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_put_framework(st, framework_with_levels(d, 2)));
	assert_ok(pu_store_commit(st));
	assert_ok(pu_store_get_framework(st, "mx-nqf", &got));
	assert_int_equal(got->nlevels, 2);
	assert_ok(pu_store_get_standard(st, "MX", "EC0001", &s));
	assert_string_equal(s->level_code, "2");
	pu_standard_free(s);
	pu_framework_free(got);
	pu_doc_free(d);
}

static void test_referencing_unknown_level_is_einval(void **state)
{
	pu_store *st = state_store(state);
	pu_doc *d = parse_doc(frameworks_json);

	d->referencing[0]->levels[0].to[0] = "9";
	assert_ok(pu_store_begin(st));
	assert_error(pu_store_put_referencing(st, d->referencing[0]), PU_EINVAL,
		     "levels[0].to: rq has no level \"9\"");
	assert_ok(pu_store_rollback(st));
	pu_doc_free(d);
}

/* --- standards --- */

static void test_standard_round_trip_is_deep_equal(void **state)
{
	pu_standard *want = parse_std(albanil_json), *got = NULL;

	assert_ok(pu_store_get_standard(state_store(state), "MX", "EC0001",
					&got));
	assert_std_equal(got, want);
	/* spot checks, in case both sides lost the same thing */
	assert_int_equal(got->nunits, 3);
	assert_int_equal(got->units[0].elements[1].criteria[0].type,
			 PU_EV_KNOWLEDGE);
	assert_true(got->units[0].hours == 12.5);
	assert_true(got->units[1].hours < 0);
	assert_true(got->units[2].hours == 0);
	assert_int_equal(got->alt_titles.n, 3);
	assert_int_equal(got->ncodes, 4);
	assert_true(got->codes[3].national);
	assert_non_null(strstr(got->extra, "\"committee\""));
	assert_ok(pu_standard_validate(got));
	pu_standard_free(got);
	pu_standard_free(want);
}

static void test_minimal_standard_round_trip(void **state)
{
	pu_standard *want = parse_std(cook_json), *got = NULL;

	assert_ok(pu_store_get_standard(state_store(state), "JM", "JM-COOK",
					&got));
	assert_std_equal(got, want);
	assert_null(got->level_framework);
	assert_null(got->extra);
	pu_standard_free(got);
	pu_standard_free(want);
}

static void test_missing_standard_is_enotfound(void **state)
{
	pu_standard *s = NULL;

	assert_error(pu_store_get_standard(state_store(state), "MX", "NOPE",
					   &s),
		     PU_ENOTFOUND, "MX/NOPE");
	assert_null(s);
}

static void test_replace_keeps_count_stable(void **state)
{
	pu_store *st = state_store(state);
	pu_standard *s = parse_std(albanil_json), *got = NULL;
	pu_store_counts before = counts_of(st), after;

	s->units[0].title.v[0].text = "Preparar mortero";
	s->nunits = 1;
	s->ngroups = 0;
	assert_ok(pu_store_begin(st));
	assert_ok(pu_store_put_standard(st, s));
	assert_ok(pu_store_commit(st));
	after = counts_of(st);
	assert_int_equal(after.standards, before.standards);
	assert_int_equal(after.units, before.units - 2);
	assert_int_equal(after.criteria, before.criteria);
	assert_ok(pu_store_get_standard(st, "MX", "EC0001", &got));
	assert_std_equal(got, s);
	pu_standard_free(got);
	pu_standard_free(s);
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
}

static void test_standard_with_unknown_level_is_einval(void **state)
{
	pu_store *st = state_store(state);
	pu_standard *s = parse_std(albanil_json);

	assert_ok(pu_store_begin(st));
	s->level_code = "7";
	assert_error(pu_store_put_standard(st, s), PU_EINVAL,
		     "level: framework mx-nqf has no level \"7\"");
	s->level_framework = "zz-nqf";
	assert_error(pu_store_put_standard(st, s), PU_EINVAL,
		     "level: unknown framework \"zz-nqf\"");
	assert_ok(pu_store_rollback(st));
	pu_standard_free(s);
}

static int collect_key(const pu_standard *s, void *arg)
{
	pu_buf *b = arg;

	return pu_buf_printf(b, "%s/%s ", s->country, s->code);
}

static void test_each_standard_is_sorted_and_filtered(void **state)
{
	pu_buf b = PU_BUF_INIT;

	assert_ok(pu_store_each_standard(state_store(state), NULL, collect_key,
					 &b));
	assert_string_equal(b.ptr, "CR/CR-EL-01 JM/JM-COOK MX/EC0001 ");
	pu_buf_clear(&b);
	assert_ok(pu_store_each_standard(state_store(state), "JM", collect_key,
					 &b));
	assert_string_equal(b.ptr, "JM/JM-COOK ");
	pu_buf_free(&b);
}

static void test_superseded_by_lookup(void **state)
{
	char *next = NULL;

	assert_ok(pu_store_superseded_by(state_store(state), "MX", "EC0001",
					 &next));
	assert_string_equal(next, "EC0002");
	free(next);
	assert_ok(pu_store_superseded_by(state_store(state), "JM", "JM-COOK",
					 &next));
	assert_null(next);
}

static void test_stats_counts(void **state)
{
	pu_store_counts c = counts_of(state_store(state));

	assert_int_equal(c.frameworks, 2);
	assert_int_equal(c.levels, 3 + 4);
	assert_int_equal(c.referencing, 1);
	assert_int_equal(c.standards, 3);
	assert_int_equal(c.units, 3);
	assert_int_equal(c.elements, 2);
	assert_int_equal(c.criteria, 3);
	assert_int_equal(c.catalog_version, 4); /* four commits */
	assert_true(c.bytes > 0);
	assert_int_equal(c.ncountries, 3);
	assert_string_equal(c.countries[0].country, "CR");
	assert_int_equal(c.countries[0].units, 0);
	assert_string_equal(c.countries[2].country, "MX");
	assert_int_equal(c.countries[2].standards, 1);
	assert_int_equal(c.countries[2].units, 3);
	pu_store_counts_free(&c);
}

/* --- search --- */

/* Runs q and checks the hits' codes, best first, against want ("A B"). */
static void assert_hits(void **state, const pu_search_query *q,
			const char *want, bool relaxed)
{
	pu_search_result *r = NULL;
	pu_buf got = PU_BUF_INIT;

	assert_ok(pu_store_search(state_store(state), q, &r));
	for (size_t i = 0; i < r->n; i++)
		assert_ok(pu_buf_printf(&got, "%s%s", i ? " " : "",
					r->hits[i].code));
	assert_string_equal(got.ptr ? got.ptr : "", want);
	assert_int_equal(r->relaxed, relaxed);
	pu_buf_free(&got);
	pu_search_result_free(r);
}

static void assert_text_hits(void **state, const char *text, const char *want)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.text = text;
	assert_hits(state, &q, want, false);
}

static void test_search_is_accent_and_case_insensitive(void **state)
{
	assert_text_hits(state, "albanil", "EC0001");
	assert_text_hits(state, "ALBAÑIL", "EC0001");
	assert_text_hits(state, "Albañil", "EC0001");
}

static void test_search_matches_prefixes_and_other_texts(void **state)
{
	assert_text_hits(state, "electri", "CR-EL-01");
	assert_text_hits(state, "bricklayer", "EC0001");  /* other language */
	assert_text_hits(state, "mampostero", "EC0001");  /* alternative */
	assert_text_hits(state, "mortero", "");
	assert_text_hits(state, "kitchens", "JM-COOK");   /* description */
	assert_text_hits(state, "cemento", "EC0001");     /* knowledge */
}

static void test_search_every_word_must_match(void **state)
{
	assert_text_hits(state, "albanil mezcla", "EC0001");
}

static void test_search_relaxes_to_any_word(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.text = "albanil zzzzz";
	assert_hits(state, &q, "EC0001", true);
	q.text = "zzzzz yyyyy";
	assert_hits(state, &q, "", false);
}

static void test_search_filter_country(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.country = "JM";
	assert_hits(state, &q, "JM-COOK", false);
	q.text = "albanil";
	assert_hits(state, &q, "", false);
}

static void test_search_filter_language_matches_regional_variant(
	void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.language = "es";
	assert_hits(state, &q, "CR-EL-01 EC0001", false);
	q.language = "es-CR";
	assert_hits(state, &q, "CR-EL-01", false);
	q.language = "en";
	assert_hits(state, &q, "JM-COOK", false);
}

static void test_search_filter_level(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.framework = "mx-nqf";
	q.level = "2";
	assert_hits(state, &q, "EC0001", false);
	q.level = "1";
	assert_hits(state, &q, "", false);
}

static void test_search_filter_isco_prefix(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.isco = "7";
	assert_hits(state, &q, "CR-EL-01 EC0001", false);
	q.isco = "711";
	assert_hits(state, &q, "EC0001", false);
	q.isco = "5120";
	assert_hits(state, &q, "JM-COOK", false);
	q.isco = "1";
	assert_hits(state, &q, "", false);
}

static void test_search_rejects_bad_isco(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;
	pu_search_result *r = NULL;

	q.isco = "71a";
	assert_error(pu_store_search(state_store(state), &q, &r), PU_EINVAL,
		     "isco");
	assert_null(r);
}

static void test_search_filter_sector_accent_insensitive(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.sector = "construccion";
	assert_hits(state, &q, "EC0001", false);
	q.sector = "HOSPITAL";
	assert_hits(state, &q, "JM-COOK", false);
}

static void test_search_hit_carries_summary(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;
	pu_search_result *r = NULL;
	const pu_search_hit *h;

	q.text = "albanil";
	assert_ok(pu_store_search(state_store(state), &q, &r));
	assert_int_equal(r->n, 1);
	h = &r->hits[0];
	assert_string_equal(h->country, "MX");
	assert_string_equal(h->isco, "7112");
	assert_string_equal(h->level_framework, "mx-nqf");
	assert_string_equal(h->level_code, "2");
	assert_int_equal(h->nunits, 3);
	assert_int_equal(h->kind, PU_KIND_QUALIFICATION);
	assert_string_equal(pu_mtext_exact(&h->title, "es"), "Albañil");
	pu_search_result_free(r);
}

static void test_search_limit_and_offset(void **state)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;

	q.limit = 2;
	assert_hits(state, &q, "CR-EL-01 JM-COOK", false);
	q.offset = 2;
	assert_hits(state, &q, "EC0001", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_missing_without_create_is_enotfound),
		cmocka_unit_test(test_open_creates_then_reopens),
		cmocka_unit_test(test_open_random_file_is_not_puente_database),
		cmocka_unit_test(
			test_open_sqlite_file_with_other_tables_is_refused),
		STORE_TEST(test_readonly_store_refuses_writes),
		STORE_TEST(test_writes_outside_transaction_are_refused),
		STORE_TEST(test_nested_begin_is_refused),
		STORE_TEST(test_rollback_leaves_nothing),
		STORE_TEST(test_commit_bumps_catalog_version),
		STORE_TEST(test_framework_round_trip),
		STORE_TEST(test_missing_framework_is_enotfound),
		CATALOG_TEST(test_framework_ids_are_sorted),
		CATALOG_TEST(test_referencing_round_trip),
		CATALOG_TEST(test_removing_a_used_level_is_conflict),
		CATALOG_TEST(test_removing_an_unused_level_is_allowed),
		CATALOG_TEST(test_referencing_unknown_level_is_einval),
		CATALOG_TEST(test_standard_round_trip_is_deep_equal),
		CATALOG_TEST(test_minimal_standard_round_trip),
		CATALOG_TEST(test_missing_standard_is_enotfound),
		CATALOG_TEST(test_replace_keeps_count_stable),
		CATALOG_TEST(test_standard_with_unknown_level_is_einval),
		CATALOG_TEST(test_each_standard_is_sorted_and_filtered),
		CATALOG_TEST(test_superseded_by_lookup),
		CATALOG_TEST(test_stats_counts),
		CATALOG_TEST(test_search_is_accent_and_case_insensitive),
		CATALOG_TEST(test_search_matches_prefixes_and_other_texts),
		CATALOG_TEST(test_search_every_word_must_match),
		CATALOG_TEST(test_search_relaxes_to_any_word),
		CATALOG_TEST(test_search_filter_country),
		CATALOG_TEST(test_search_filter_language_matches_regional_variant),
		CATALOG_TEST(test_search_filter_level),
		CATALOG_TEST(test_search_filter_isco_prefix),
		CATALOG_TEST(test_search_rejects_bad_isco),
		CATALOG_TEST(test_search_filter_sector_accent_insensitive),
		CATALOG_TEST(test_search_hit_carries_summary),
		CATALOG_TEST(test_search_limit_and_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
