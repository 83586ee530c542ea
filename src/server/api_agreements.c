/*
 * Official homologation agreements over HTTP.
 */
#include "server.h"

#include <stdlib.h>

#include "puente/agreement.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

int api_agreements(srv_req *r)
{
	pu_store *st = srv_store();
	char **ids = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	if (st == NULL)
		return srv_fail(r, PU_ESTORE);
	if ((rc = pu_store_agreement_ids(st, &ids, &n)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		pu_agreement *a = NULL;

		if (rc == 0 && (rc = pu_store_get_agreement(st, ids[i], &a)) == 0)
			json_array_append_new(arr, pu_io_agreement_to_json(a));
		pu_agreement_free(a);
		free(ids[i]);
	}
	free(ids);
	if (rc < 0) {
		json_decref(arr);
		return srv_fail(r, rc);
	}
	return srv_json(r, 200, json_pack("{s:o}", "agreements", arr));
}

int api_agreement(srv_req *r)
{
	pu_store *st = srv_store();
	pu_agreement *a = NULL;
	int rc;

	if (st == NULL)
		return srv_fail(r, PU_ESTORE);
	if ((rc = pu_store_get_agreement(st, r->path.seg[3], &a)) < 0)
		return srv_fail(r, rc);
	rc = srv_json(r, 200, pu_io_agreement_to_json(a));
	pu_agreement_free(a);
	return rc;
}
