/*
 * Helpers shared by the recognition files: the store's table, days, the
 * checks of identifiers and free texts, and the audit entry of a change.
 */
#include "rpl_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "puente/audit.h"
#include "puente/error.h"
#include "puente/store.h"

const pu_store_rpl_ops *pu_rpl_ops(struct pu_store *st)
{
	if (st == NULL || st->ops->rpl == NULL) {
		pu_error_set(PU_ESTORE,
			     "this store keeps no recognition cases");
		return NULL;
	}
	return st->ops->rpl;
}

void pu_rpl_day(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL) {
		snprintf(out, 11, "0000-00-00");
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
}

bool pu_rpl_date_ok(const char *s)
{
	int m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool pu_rpl_id_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		      ch == '-'))
			return false;
	}
	return true;
}

bool pu_rpl_text_ok(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	while (*p != '\0') {
		int len;
		uint32_t cp;

		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\n' && *p != '\t') ||
			    *p == 0x7f)
				return false;
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			len = 2;
			cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			len = 3;
			cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			len = 4;
			cp = *p & 0x07;
		} else {
			return false;
		}
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		p += len;
	}
	return true;
}

int pu_rpl_audit(struct pu_store *st, const pu_actor *by, const char *action,
		 const char *country, const char *subject, const void *what,
		 size_t len)
{
	unsigned char digest[32];

	pu_audit_digest(what, len, digest);
	return pu_audit_append(st, by, action, country, subject, digest);
}

const char *pu_rpl_actor_name(const pu_actor *by)
{
	return by != NULL ? by->name : "system";
}
