/*
 * Puente JSON -> frameworks and referencing, strictly (see read_json.c); the
 * records are then checked by pu_framework_validate.
 */
#include "io_internal.h"
#include "json_read.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdio.h>

int pu_io_framework_from_json(pu_framework **out, const json_t *o)
{
	static const char *const keys[] = {"id",    "type",   "country",
					   "name",  "short_name", "owner",
					   "source", "domains", "levels", NULL};
	const json_t *doms, *levels;
	const char *type = NULL;
	pu_framework *f;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = pu_jr_is_obj(o, "framework")) < 0 ||
	    (rc = pu_arena_new(&a)) < 0)
		return rc;
	f = pu_arena_alloc(a, sizeof(*f));
	if (f == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	f->arena = a;
	if ((rc = pu_jr_only_keys(o, keys, "")) < 0 ||
	    (rc = pu_jr_str(a, o, "id", "", true, &f->id)) < 0 ||
	    (rc = pu_jr_str(a, o, "type", "", true, &type)) < 0 ||
	    (rc = pu_jr_str(a, o, "country", "", true, &f->country)) < 0 ||
	    (rc = pu_jr_str(a, o, "short_name", "", false, &f->short_name)) <
		0 ||
	    (rc = pu_jr_str(a, o, "owner", "", false, &f->owner)) < 0 ||
	    (rc = pu_jr_str(a, o, "source", "", false, &f->source)) < 0 ||
	    (rc = pu_jr_mtext(a, o, "name", "", "en", &f->name)) < 0 ||
	    (rc = pu_jr_arr(o, "domains", "", &doms, &f->ndomains)) < 0 ||
	    (rc = pu_jr_arr(o, "levels", "", &levels, &f->nlevels)) < 0)
		goto fail;
	if ((rc = pu_framework_type_parse(type, &f->type)) < 0) {
		pu_error_prefix("type: ");
		goto fail;
	}
	f->domains = pu_jr_alloc_n(a, f->ndomains, sizeof(*f->domains));
	f->levels = pu_jr_alloc_n(a, f->nlevels, sizeof(*f->levels));
	if (f->domains == NULL || f->levels == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	for (size_t i = 0; i < f->ndomains; i++) {
		static const char *const dkeys[] = {"id", "name", NULL};
		const json_t *d = json_array_get(doms, i);
		char fd[32];

		snprintf(fd, sizeof(fd), "domains[%zu]", i);
		if ((rc = pu_jr_is_obj(d, fd)) < 0 ||
		    (rc = pu_jr_only_keys(d, dkeys, fd)) < 0 ||
		    (rc = pu_jr_str(a, d, "id", fd, true, &f->domains[i].id)) <
			0 ||
		    (rc = pu_jr_mtext(a, d, "name", fd, "en",
				      &f->domains[i].name)) < 0)
			goto fail;
	}
	for (size_t i = 0; i < f->nlevels; i++) {
		static const char *const lkeys[] = {"code", "name", "descriptors",
						    "notes", NULL};
		const json_t *l = json_array_get(levels, i), *desc;
		pu_level *lv = &f->levels[i];
		char fl[32];

		snprintf(fl, sizeof(fl), "levels[%zu]", i);
		lv->rank = (int)i + 1;
		if ((rc = pu_jr_is_obj(l, fl)) < 0 ||
		    (rc = pu_jr_only_keys(l, lkeys, fl)) < 0 ||
		    (rc = pu_jr_str(a, l, "code", fl, true, &lv->code)) < 0 ||
		    (rc = pu_jr_mtext(a, l, "name", fl, "en", &lv->name)) < 0 ||
		    (rc = pu_jr_mtext(a, l, "notes", fl, "en", &lv->notes)) < 0)
			goto fail;
		desc = json_object_get(l, "descriptors");
		if (desc != NULL && !json_is_null(desc)) {
			const char *dom;
			json_t *dv;
			char fdd[96];

			snprintf(fdd, sizeof(fdd), "%s.descriptors", fl);
			if ((rc = pu_jr_is_obj(desc, fdd)) < 0)
				goto fail;
			lv->descriptors =
			    pu_jr_alloc_n(a, json_object_size(desc),
					  sizeof(*lv->descriptors));
			if (lv->descriptors == NULL) {
				rc = pu_jr_oom();
				goto fail;
			}
			json_object_foreach((json_t *)desc, dom, dv)
			{
				pu_descriptor *d =
					&lv->descriptors[lv->ndescriptors++];
				char fx[160];

				snprintf(fx, sizeof(fx), "%s.%s", fdd, dom);
				d->domain = pu_arena_strdup(a, dom);
				rc = pu_jsonx_mtext(a, dv, "en", fx, &d->text);
				if (rc < 0)
					goto fail;
			}
		}
	}
	if ((rc = pu_framework_validate(f)) < 0)
		goto fail;
	*out = f;
	return 0;
fail:
	pu_arena_free(a);
	return rc;
}

int pu_io_referencing_from_json(pu_referencing **out, const json_t *o)
{
	static const char *const keys[] = {"from", "to", "status", "source",
					   "levels", NULL};
	const json_t *levels;
	const char *status = NULL;
	pu_referencing *r;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = pu_jr_is_obj(o, "referencing")) < 0 ||
	    (rc = pu_arena_new(&a)) < 0)
		return rc;
	r = pu_arena_alloc(a, sizeof(*r));
	if (r == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	r->arena = a;
	if ((rc = pu_jr_only_keys(o, keys, "")) < 0 ||
	    (rc = pu_jr_str(a, o, "from", "", true, &r->from)) < 0 ||
	    (rc = pu_jr_str(a, o, "to", "", true, &r->to)) < 0 ||
	    (rc = pu_jr_str(a, o, "status", "", true, &status)) < 0 ||
	    (rc = pu_jr_str(a, o, "source", "", false, &r->source)) < 0 ||
	    (rc = pu_jr_arr(o, "levels", "", &levels, &r->nlevels)) < 0)
		goto fail;
	if ((rc = pu_ref_status_parse(status, &r->status)) < 0) {
		pu_error_prefix("status: ");
		goto fail;
	}
	r->levels = pu_jr_alloc_n(a, r->nlevels, sizeof(*r->levels));
	if (r->levels == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	for (size_t i = 0; i < r->nlevels; i++) {
		static const char *const mkeys[] = {"level", "to", NULL};
		const json_t *m = json_array_get(levels, i), *to;
		pu_refmap *rm = &r->levels[i];
		char f[32];

		snprintf(f, sizeof(f), "levels[%zu]", i);
		if ((rc = pu_jr_is_obj(m, f)) < 0 ||
		    (rc = pu_jr_only_keys(m, mkeys, f)) < 0 ||
		    (rc = pu_jr_str(a, m, "level", f, true, &rm->level)) < 0 ||
		    (rc = pu_jr_arr(m, "to", f, &to, &rm->nto)) < 0)
			goto fail;
		rm->to = pu_jr_alloc_n(a, rm->nto, sizeof(*rm->to));
		if (rm->to == NULL) {
			rc = pu_jr_oom();
			goto fail;
		}
		for (size_t k = 0; k < rm->nto; k++) {
			json_t *t = json_array_get(to, k);

			if (!json_is_string(t)) {
				rc = pu_error_set(PU_EINVAL,
						  "%s.to[%zu]: expected a level "
						  "code",
						  f, k);
				goto fail;
			}
			rm->to[k] = pu_arena_strdup(a, json_string_value(t));
		}
	}
	*out = r;
	return 0;
fail:
	pu_arena_free(a);
	return rc;
}
