/*
 * puente audit verify|list: checks the hash chain of the audit log (exit 0
 * when intact, 1 when broken, saying where) and prints its latest entries.
 */
#include "cli_auth.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "puente/audit.h"
#include "puente/error.h"
#include "puente/store.h"

/* "SEQ:HASH" into its parts; false when malformed. */
static bool parse_head(const char *s, int64_t *seq, const char **hash)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != ':' || v <= 0)
		return false;
	*seq = (int64_t)v;
	*hash = end + 1;
	return true;
}

static int verify(cli *c, int argc, char **argv)
{
	const char *head = NULL, *as = NULL, *hash = NULL;
	cli_opt opts[] = {{"--head", &head, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	pu_audit_report r;
	pu_store *st = NULL;
	pu_actor by;
	int64_t seq = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1)
		return cli_usage(c, "expected: audit verify [--head SEQ:HASH]");
	if (head != NULL && !parse_head(head, &seq, &hash))
		return cli_usage(c, "--head: SEQ:HASH, as `audit verify` "
				 "printed it");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	rc = pu_audit_verify(st, &by, seq, hash, &r);
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	rc = r.problem == PU_AUDIT_INTACT ? EXIT_OK : EXIT_DATA;
	if (c->json) {
		json_t *v = json_pack("{s:b, s:I, s:{s:I, s:s?}}", "intact",
				      r.problem == PU_AUDIT_INTACT, "checked",
				      (json_int_t)r.checked, "head", "seq",
				      (json_int_t)r.head_seq, "hash",
				      r.head_hash[0] ? r.head_hash : NULL);

		if (v != NULL && r.problem != PU_AUDIT_INTACT) {
			json_object_set_new(
				v, "problem",
				json_string(pu_audit_problem_name(r.problem)));
			json_object_set_new(v, "broken_seq",
					    json_integer(r.broken_seq));
			json_object_set_new(v, "detail", json_string(r.detail));
		}
		cli_print_json(v);
		goto done;
	}
	if (r.problem == PU_AUDIT_INTACT)
		printf("audit log intact: %zu entries\n", r.checked);
	else
		printf("audit log BROKEN at entry %" PRId64 " (%s): %s\n",
		       r.broken_seq, pu_audit_problem_name(r.problem),
		       r.detail);
	if (r.head_seq > 0)
		printf("head %" PRId64 ":%s\n", r.head_seq, r.head_hash);
	else
		printf("head: the log is empty\n");
done:
	pu_store_close(st);
	return rc;
}

static int list(cli *c, int argc, char **argv)
{
	const char *limit = NULL, *country = NULL, *as = NULL;
	cli_opt opts[] = {{"--limit", &limit, NULL},
			  {"--country", &country, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	pu_audit_entry *v = NULL;
	pu_store *st = NULL;
	pu_actor by;
	size_t n = 0, max = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1)
		return cli_usage(c, "expected: audit list [--limit N]");
	if (limit != NULL) {
		char *end = NULL;
		unsigned long long l;

		errno = 0;
		l = strtoull(limit, &end, 10);
		if (errno != 0 || *end != '\0' || limit[0] == '-' || l == 0)
			return cli_usage(c, "--limit: a positive number");
		max = (size_t)l;
	}
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	rc = pu_audit_list(st, &by, country, max, &v, &n);
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *arr = json_array();

		for (size_t i = 0; arr != NULL && i < n; i++) {
			const pu_audit_entry *e = &v[i];

			json_t *o = json_pack(
				"{s:I, s:s, s:s, s:s, s:s?, s:s, s:s, s:s, "
				"s:s}",
				"seq", (json_int_t)e->seq, "at", e->at, "actor",
				e->actor, "action", e->action, "country",
				e->country[0] ? e->country : NULL, "subject",
				e->subject, "digest", e->digest, "prev",
				e->prev, "hash", e->hash);

			if (o != NULL && e->actor_id != 0)
				json_object_set_new(o, "actor_id",
						    json_integer(e->actor_id));
			json_array_append_new(arr, o);
		}
		rc = cli_print_json(arr);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		printf("%6" PRId64 "  %s  %-20s %-18s %-8s %s\n", v[i].seq,
		       v[i].at, v[i].actor, v[i].action,
		       v[i].country[0] ? v[i].country : "-", v[i].subject);
	rc = EXIT_OK;
done:
	free(v);
	pu_store_close(st);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"verify", verify},
	    {"list", list},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: audit verify|list");
}
