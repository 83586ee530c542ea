/*
 * Thread-local error messages. Messages are truncated at 1 KiB, never overflowed.
 */
#include "puente/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char message[1024];
static _Thread_local int last_code;

int pu_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

int pu_error_prefix(const char *fmt, ...)
{
	char old[sizeof(message)];
	size_t n;
	va_list ap;

	memcpy(old, message, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	n = strlen(message);
	if (n < sizeof(message) - 1)
		snprintf(message + n, sizeof(message) - n, "%s", old);
	return last_code;
}

const char *pu_error_message(void)
{
	return message;
}

int pu_error_code(void)
{
	return last_code;
}

void pu_error_clear(void)
{
	message[0] = '\0';
	last_code = PU_OK;
}

const char *pu_error_name(int code)
{
	switch (code) {
	case PU_OK: return "ok";
	case PU_EINVAL: return "invalid input";
	case PU_ENOTFOUND: return "not found";
	case PU_ENOMEM: return "out of memory";
	case PU_EIO: return "input/output error";
	case PU_ESTORE: return "database error";
	case PU_ELIMIT: return "limit exceeded";
	case PU_ECONFLICT: return "conflict";
	case PU_EDENIED: return "not allowed";
	case PU_EAUTH: return "not authenticated";
	default: return "error";
	}
}
