/*
 * Request parsing that does not belong to libmicrohttpd (see http.h).
 */
#include "http.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool http_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t need;
		unsigned int cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

/* Decodes %XX (and '+' when plus) from s[0..len) into out[0..n); the result is
 * NUL-terminated. Returns the decoded length, or -1. */
static long decode(const char *s, size_t len, bool plus, char *out, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= len)
				return -1;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (plus && c == '+') {
			c = ' ';
		}
		if (o + 1 >= n)
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return (long)o;
}

bool http_path_parse(http_path *p, const char *path, const char **why)
{
	size_t len, o = 0;
	const char *s;

	p->n = 0;
	*why = "bad path";
	if (path == NULL || path[0] != '/')
		return false;
	len = strlen(path);
	if (len > HTTP_MAX_PATH) {
		*why = "path too long";
		return false;
	}
	s = path + 1;
	while (*s != '\0') {
		const char *end = strchr(s, '/');
		size_t sl = end ? (size_t)(end - s) : strlen(s);
		long d;
		char *seg = p->buf + o;

		if (sl == 0) {
			*why = "empty path segment";
			return false;
		}
		if (p->n == HTTP_MAX_SEGMENTS) {
			*why = "too many path segments";
			return false;
		}
		d = decode(s, sl, false, seg, sizeof(p->buf) - o);
		if (d < 0) {
			*why = "bad percent-encoding in path";
			return false;
		}
		if (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0) {
			*why = "dot segment in path";
			return false;
		}
		for (long i = 0; i < d; i++) {
			unsigned char c = (unsigned char)seg[i];

			if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
				*why = "forbidden character in path";
				return false;
			}
		}
		if (!http_utf8_valid(seg, (size_t)d)) {
			*why = "path is not valid UTF-8";
			return false;
		}
		p->seg[p->n++] = seg;
		o += (size_t)d + 1;
		if (end == NULL)
			break;
		s = end + 1; /* a final slash ends the loop with *s == 0 */
	}
	return true;
}

int http_accept_language(const char *h, const char *const *langs, size_t n)
{
	int best = -1, entries = 0;
	double best_q = 0.0;

	if (h == NULL)
		return -1;
	while (*h != '\0' && entries < 32) {
		char tag[16];
		size_t tl = 0;
		double q = 1.0;

		entries++;
		while (*h == ' ' || *h == ',')
			h++;
		while (*h && *h != ',' && *h != ';' && *h != ' ' && *h != '-' &&
		       *h != '_') {
			if (tl + 1 < sizeof(tag))
				tag[tl++] = (char)(*h >= 'A' && *h <= 'Z'
							   ? *h + 32
							   : *h);
			h++;
		}
		tag[tl] = '\0';
		while (*h && *h != ',' && *h != ';')
			h++;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			const char *comma = strchr(h, ',');

			if (qs != NULL && (comma == NULL || qs < comma)) {
				/* q is 0, 1, or 0.ddd */
				double v = 0.0, scale = 1.0;
				const char *c = qs + 2;

				if (*c == '1')
					v = 1.0;
				else if (*c == '0' && c[1] == '.')
					for (c += 2; *c >= '0' && *c <= '9' &&
						     scale > 1e-3;
					     c++) {
						scale /= 10.0;
						v += (*c - '0') * scale;
					}
				q = v;
			}
			while (*h && *h != ',')
				h++;
		}
		if (q <= 0.0 || tl == 0)
			continue;
		for (size_t i = 0; i < n; i++)
			if (strcmp(tag, langs[i]) == 0 && q > best_q) {
				best = (int)i;
				best_q = q;
			}
	}
	return best;
}

bool http_form_get(const char *body, size_t len, const char *key, char *out,
		   size_t n)
{
	size_t kl = strlen(key), i = 0;

	while (i < len) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - body) : len;
		const char *eq = memchr(body + i, '=', end - i);

		if (eq != NULL && (size_t)(eq - (body + i)) == kl &&
		    memcmp(body + i, key, kl) == 0) {
			const char *v = eq + 1;
			long d = decode(v, (size_t)(body + end - v), true, out, n);

			if (d < 0 || memchr(out, '\0', (size_t)d) != NULL ||
			    !http_utf8_valid(out, (size_t)d))
				return false;
			return true;
		}
		i = end + 1;
	}
	return false;
}

bool http_cookie_get(const char *h, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);

	while (h != NULL && *h != '\0') {
		const char *semi;
		size_t vl;

		while (*h == ' ')
			h++;
		semi = strchr(h, ';');
		if (strncmp(h, name, nl) == 0 && h[nl] == '=') {
			const char *v = h + nl + 1;

			vl = semi ? (size_t)(semi - v) : strlen(v);
			if (vl + 1 > n)
				return false;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return true;
		}
		h = semi ? semi + 1 : NULL;
	}
	return false;
}

bool http_json_depth_ok(const char *s, size_t len, int max)
{
	int depth = 0;
	bool in_str = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}
