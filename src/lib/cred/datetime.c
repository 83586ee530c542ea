/*
 * XML Schema dateTime values of credentials (validFrom, validUntil, created,
 * expires) to and from Unix seconds. Only the forms with a time zone are
 * accepted (VC 2.0 uses dateTimeStamp): an instant without a zone is
 * ambiguous across the countries a certificate travels to.
 */
#include "puente/cred.h"
#include "puente/error.h"

#include <stdio.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int num(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30,
				 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

int pu_cred_time_parse(int64_t *out, const char *s)
{
	int y, mo, d, h, mi, se, zh = 0, zm = 0, sign = 0;
	const char *p;

	*out = 0;
	if (s == NULL || strlen(s) < 20 || strlen(s) > 64)
		goto bad;
	if (num(s, 4, &y) < 0 || s[4] != '-' || num(s + 5, 2, &mo) < 0 ||
	    s[7] != '-' || num(s + 8, 2, &d) < 0 || s[10] != 'T' ||
	    num(s + 11, 2, &h) < 0 || s[13] != ':' || num(s + 14, 2, &mi) < 0 ||
	    s[16] != ':' || num(s + 17, 2, &se) < 0)
		goto bad;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || se > 59)
		goto bad;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			goto bad;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (p[0] == 'Z' && p[1] == '\0') {
		sign = 0;
	} else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 &&
		   num(p + 1, 2, &zh) == 0 && p[3] == ':' &&
		   num(p + 4, 2, &zm) == 0 && zh <= 14 && zm <= 59) {
		sign = p[0] == '+' ? 1 : -1;
	} else {
		goto bad;
	}
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	       (int64_t)sign * (zh * 3600 + zm * 60);
	return 0;
bad:
	return pu_error_set(PU_EINVAL,
			    "not a dateTime with a time zone "
			    "(YYYY-MM-DDThh:mm:ssZ): \"%.40s\"",
			    s ? s : "");
}

int pu_cred_time_format(char *buf, size_t len, int64_t t)
{
	int64_t z, era, doe, yoe, doy, mp, y, secs;
	int m, d;

	if (len < 21)
		return pu_error_set(PU_ELIMIT, "time buffer too small");
	/* civil_from_days (H. Hinnant). */
	secs = t % 86400;
	z = t / 86400;
	if (secs < 0) {
		secs += 86400;
		z--;
	}
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y += m <= 2;
	if (y < 1 || y > 9999)
		return pu_error_set(PU_EINVAL, "time out of range");
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return 0;
}
