/*
 * Internal to src/lib/cred/: a read-only JSON tree for the verifier, parsed
 * strictly (I-JSON: no duplicate keys, numbers as doubles, no NUL, valid
 * UTF-8 without lone surrogates) into an arena, with object members kept in
 * RFC 8785 order (UTF-16 code units), so canonicalising is a straight walk.
 * jansson costs about 35 us to parse a 2.8 KB credential, more than half the
 * Ed25519 verification it precedes; this tree takes a few (bench/RESULTS.md).
 */
#ifndef PU_CRED_TREE_H
#define PU_CRED_TREE_H

#include <stddef.h>

struct pu_arena;
struct pu_buf;

typedef enum pu_jv_type {
	PU_JV_NULL,
	PU_JV_FALSE,
	PU_JV_TRUE,
	PU_JV_NUMBER,
	PU_JV_STRING,
	PU_JV_ARRAY,
	PU_JV_OBJECT
} pu_jv_type;

typedef struct pu_jv pu_jv;
typedef struct pu_jv_member pu_jv_member;

struct pu_jv {
	pu_jv_type type;
	unsigned char plain; /* a string with nothing to escape in JCS */
	size_t n;	     /* string bytes, array items or object members */
	union {
		double num;
		const char *str; /* NUL-terminated, no NUL inside */
		pu_jv *items;
		pu_jv_member *members; /* sorted, unique keys */
	} u;
};

struct pu_jv_member {
	const char *key;
	size_t klen;
	unsigned char plain; /* as pu_jv.plain, for the key */
	pu_jv value;
};

/* Parses text (len bytes, not necessarily NUL-terminated; at most max_len,
 * 0 meaning PU_CRED_MAX_DOC) into the arena. The root must be an object or an
 * array unless any_root. PU_EINVAL "LINE:COLUMN: what", PU_ELIMIT for size
 * or depth (PU_CRED_MAX_DEPTH), PU_ENOMEM. */
int pu_jv_parse(struct pu_arena *a, const pu_jv **out, const char *text,
		size_t len, size_t max_len, int any_root);

/* Member of an object (NULL when v is not an object or has no such key). */
const pu_jv *pu_jv_get(const pu_jv *v, const char *key);
/* The string of v, NULL unless v is a string. */
const char *pu_jv_str(const pu_jv *v);
/* pu_jv_str(pu_jv_get(v, key)). */
const char *pu_jv_get_str(const pu_jv *v, const char *key);
int pu_jv_is(const pu_jv *v, pu_jv_type t);

/* Appends the RFC 8785 form of v. */
int pu_jv_jcs(struct pu_buf *out, const pu_jv *v);
/* The same for an object without its member skip (may be NULL), and with
 * member key (may be NULL) set to value (added when absent). */
int pu_jv_jcs_edit(struct pu_buf *out, const pu_jv *obj, const char *skip,
		   const char *key, const pu_jv *value);

#endif
