/*
 * Errors: every library function returns 0 on success or a negative PU_E* code, and
 * sets a thread-local message once, where the failure is detected. Callers up the
 * stack may prefix context ("file: record: ") but never reword the message.
 */
#ifndef PUENTE_ERROR_H
#define PUENTE_ERROR_H

enum {
	PU_OK = 0,
	PU_EINVAL = -1,   /* bad input: malformed, missing or out-of-range data */
	PU_ENOTFOUND = -2,/* the thing asked for does not exist */
	PU_ENOMEM = -3,   /* out of memory */
	PU_EIO = -4,      /* a file could not be read or written */
	PU_ESTORE = -5,   /* the database failed or is not a Puente database */
	PU_ELIMIT = -6,   /* input exceeds a documented limit */
	PU_ECONFLICT = -7,/* input contradicts what is stored (cycle, level in use) */
	PU_EDENIED = -8,  /* the actor is not allowed to do this (role or scope) */
	PU_EAUTH = -9     /* not authenticated: bad password, expired session */
};

/* Sets the message of the calling thread and returns code, so that
 * `return pu_error_set(PU_EINVAL, "...")` reads naturally. */
int pu_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the current message with context, e.g. "data/x.json: standards[3]: ".
 * Returns the current code. */
int pu_error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The last message of the calling thread ("" when none); borrowed. */
const char *pu_error_message(void);

/* The last code set on the calling thread (PU_OK when none). */
int pu_error_code(void);

void pu_error_clear(void);

/* A short name for a code: "invalid input", "not found", ... */
const char *pu_error_name(int code);

#endif
