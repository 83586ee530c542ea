/*
 * Internal to the SQLite backend: the accreditation and recognition rows of
 * sqlite_accredit.c, gathered with the case rows of sqlite_rpl.c into
 * pu_sq_rpl_ops (store_rpl.h).
 */
#ifndef PU_SQLITE_RPL_H
#define PU_SQLITE_RPL_H

#include "store_rpl.h"

int pu_sq_acc_org_insert(pu_store *st, const pu_org *o);
int pu_sq_acc_org_get(pu_store *st, const char *country, const char *id,
		      pu_org *out);
int pu_sq_acc_org_list(pu_store *st, const char *country, pu_org **out,
		       size_t *n);
int pu_sq_acc_org_withdraw(pu_store *st, const char *country, const char *id,
			   const char *reason, int64_t now);
int pu_sq_acc_scope_insert(pu_store *st, const pu_scope *g, int64_t *id);
int pu_sq_acc_scope_get(pu_store *st, int64_t id, pu_scope *out);
int pu_sq_acc_scope_withdraw(pu_store *st, int64_t id, const char *reason,
			     int64_t now);
int pu_sq_acc_scope_list(pu_store *st, const char *country, const char *org,
			 int64_t account_id, pu_scope **out, size_t *n);
int pu_sq_acc_recognition_insert(pu_store *st, pu_recognition *r);
int pu_sq_acc_recognition_get(pu_store *st, int64_t id, pu_recognition *out);
int pu_sq_acc_recognition_list(pu_store *st, const char *country,
			       pu_recognition **out, size_t *n);

#endif
