/*
 * The encodings of keys and signatures: base58btc, multibase ('z' base58btc
 * and 'u' base64url without padding), Ed25519 Multikeys (public 0xed01,
 * secret 0x8026) and did:key, resolved locally. Decoders take hostile text:
 * they bound the length first and name the first bad character and its
 * position.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char alphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Longest base58 text accepted: far above a 64-byte signature (88). */
#define MAX_B58 1024

int pu_cred_base58_encode(pu_buf *out, const unsigned char *in, size_t n)
{
	unsigned char digits[MAX_B58 * 2];
	size_t zeros = 0, len = 0, i, j;
	char text[MAX_B58 * 2 + 1];

	if (n > MAX_B58)
		return pu_error_set(PU_ELIMIT, "base58: %zu bytes is too long",
				    n);
	while (zeros < n && in[zeros] == 0)
		zeros++;
	/* digits holds the number in base 58, least significant first. */
	for (i = zeros; i < n; i++) {
		unsigned int carry = in[i];

		for (j = 0; j < len; j++) {
			carry += (unsigned int)digits[j] << 8;
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			digits[len++] = (unsigned char)(carry % 58);
			carry /= 58;
		}
	}
	for (i = 0; i < zeros; i++)
		text[i] = '1';
	for (j = 0; j < len; j++)
		text[zeros + j] = alphabet[digits[len - 1 - j]];
	return pu_buf_put(out, text, zeros + len);
}

/* Value of each ASCII character in base58, -1 when not in the alphabet. */
static const signed char b58_values[128] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0,  1,	2,  3,	4,  5,	6,  7,
    8,	-1, -1, -1, -1, -1, -1, -1, 9,	10, 11, 12, 13, 14, 15, 16, -1, 17, 18,
    19, 20, 21, -1, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, -1, -1, -1, -1,
    -1, -1, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, -1, 44, 45, 46, 47, 48,
    49, 50, 51, 52, 53, 54, 55, 56, 57, -1, -1, -1, -1, -1,
};

static int b58_value(unsigned char c)
{
	return c < 128 ? b58_values[c] : -1;
}

int pu_cred_base58_decode(unsigned char *out, size_t cap, size_t *n,
			  const char *in, size_t len)
{
	/* The number in base 2^32, least significant limb first, fed five
	 * digits at a time (58^5 < 2^32): a 64-byte signature costs about
	 * 300 multiplications instead of 5,600 byte by byte. */
	uint32_t limbs[MAX_B58 / 5 + 4];
	size_t zeros = 0, nl = 0, blen, i, j;

	*n = 0;
	if (len > MAX_B58)
		return pu_error_set(
		    PU_ELIMIT, "base58: text of %zu characters is too long",
		    len);
	if (len == 0)
		return pu_error_set(PU_EINVAL, "base58: empty text");
	for (i = 0; i < len; i++)
		if (b58_value((unsigned char)in[i]) < 0)
			return pu_error_set(PU_EINVAL,
					    "base58: bad character 0x%02x at "
					    "position %zu",
					    (unsigned char)in[i], i);
	while (zeros < len && in[zeros] == '1')
		zeros++;
	for (i = zeros; i < len;) {
		uint64_t mul = 1, add = 0;

		for (j = 0; j < 5 && i < len; j++, i++) {
			mul *= 58;
			add = add * 58 +
			      (uint64_t)b58_value((unsigned char)in[i]);
		}
		for (j = 0; j < nl; j++) {
			uint64_t t = (uint64_t)limbs[j] * mul + add;

			limbs[j] = (uint32_t)t;
			add = t >> 32;
		}
		while (add > 0) {
			limbs[nl++] = (uint32_t)add;
			add >>= 32;
		}
	}
	blen = nl * 4;
	while (blen > 0 &&
	       ((limbs[(blen - 1) / 4] >> (8 * ((blen - 1) % 4))) & 0xff) == 0)
		blen--;
	if (zeros + blen > cap)
		return pu_error_set(PU_ELIMIT,
				    "base58: decodes to %zu bytes, more than "
				    "%zu",
				    zeros + blen, cap);
	memset(out, 0, zeros);
	for (j = 0; j < blen; j++) {
		size_t k = blen - 1 - j; /* byte k from the least significant */

		out[zeros + j] = (unsigned char)(limbs[k / 4] >> (8 * (k % 4)));
	}
	*n = zeros + blen;
	sodium_memzero(limbs, sizeof(limbs));
	return 0;
}

int pu_cred_multibase_encode(pu_buf *out, char base, const unsigned char *in,
			     size_t n)
{
	char *b64 = NULL;
	size_t blen;
	int rc;

	if (base == 'z') {
		rc = pu_buf_putc(out, 'z');
		return rc < 0 ? rc : pu_cred_base58_encode(out, in, n);
	}
	if (base != 'u')
		return pu_error_set(PU_EINVAL,
				    "multibase: unsupported base '%c'", base);
	if (n > (size_t)1 << 30)
		return pu_error_set(PU_ELIMIT, "multibase: input too long");
	blen = sodium_base64_encoded_len(
	    n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	b64 = malloc(blen);
	if (b64 == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	sodium_bin2base64(b64, blen, in, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	rc = pu_buf_putc(out, 'u');
	if (rc == 0)
		rc = pu_buf_puts(out, b64);
	free(b64);
	return rc;
}

int pu_cred_multibase_decode(unsigned char *out, size_t cap, size_t *n,
			     const char *in)
{
	const char *end = NULL;
	size_t len;

	*n = 0;
	if (in == NULL || in[0] == '\0')
		return pu_error_set(PU_EINVAL, "multibase: empty text");
	len = strlen(in + 1);
	if (in[0] == 'z')
		return pu_cred_base58_decode(out, cap, n, in + 1, len);
	if (in[0] != 'u')
		return pu_error_set(PU_EINVAL,
				    "multibase: unsupported prefix '%c' "
				    "(expected 'z' or 'u')",
				    (unsigned char)in[0] >= 0x20 &&
					    (unsigned char)in[0] < 0x7f
					? in[0]
					: '?');
	if (len / 4 * 3 + 3 > cap)
		return pu_error_set(PU_ELIMIT,
				    "multibase: base64url text of %zu "
				    "characters is too long",
				    len);
	if (sodium_base642bin(out, cap, in + 1, len, NULL, n, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    end != in + 1 + len) {
		size_t pos = end ? (size_t)(end - in) : 1;

		*n = 0;
		return pu_error_set(PU_EINVAL,
				    "multibase: bad base64url near position "
				    "%zu",
				    pos);
	}
	return 0;
}

int pu_cred_multikey_encode_public(pu_buf *out, const unsigned char pk[32])
{
	unsigned char raw[34] = {0xed, 0x01};

	memcpy(raw + 2, pk, 32);
	return pu_cred_multibase_encode(out, 'z', raw, sizeof(raw));
}

int pu_cred_multikey_decode_public(unsigned char pk[32], const char *mb)
{
	unsigned char raw[64];
	size_t n;
	int rc;

	if (mb == NULL || mb[0] != 'z')
		return pu_error_set(PU_EINVAL,
				    "public key: not a base58btc multibase "
				    "('z') Multikey");
	if (strncmp(mb, "z6Mk", 4) != 0)
		return pu_error_set(PU_EINVAL,
				    "public key: not an Ed25519 Multikey "
				    "(must start with z6Mk)");
	rc = pu_cred_multibase_decode(raw, sizeof(raw), &n, mb);
	if (rc < 0)
		return pu_error_prefix("public key: ");
	if (n != 34 || raw[0] != 0xed || raw[1] != 0x01)
		return pu_error_set(PU_EINVAL,
				    "public key: not an Ed25519 Multikey "
				    "(header 0xed01 and 32 bytes)");
	memcpy(pk, raw + 2, 32);
	return 0;
}

int pu_cred_multikey_encode_secret(pu_buf *out, const unsigned char seed[32])
{
	unsigned char raw[34] = {0x80, 0x26};
	int rc;

	memcpy(raw + 2, seed, 32);
	rc = pu_cred_multibase_encode(out, 'z', raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

int pu_cred_multikey_decode_secret(unsigned char seed[32], const char *mb)
{
	unsigned char raw[80], pk[32], sk[64];
	size_t n;
	int rc = 0;

	if (mb == NULL || mb[0] != 'z')
		return pu_error_set(PU_EINVAL,
				    "secret key: not a base58btc multibase "
				    "('z') Multikey");
	rc = pu_cred_multibase_decode(raw, sizeof(raw), &n, mb);
	if (rc < 0) {
		rc = pu_error_prefix("secret key: ");
		goto done;
	}
	if ((n != 34 && n != 66) || raw[0] != 0x80 || raw[1] != 0x26) {
		rc = pu_error_set(PU_EINVAL,
				  "secret key: not an Ed25519 secret Multikey "
				  "(header 0x8026 and 32 or 64 bytes)");
		goto done;
	}
	if (n == 66) {
		crypto_sign_seed_keypair(pk, sk, raw + 2);
		if (sodium_memcmp(pk, raw + 34, 32) != 0) {
			rc = pu_error_set(
			    PU_EINVAL, "secret key: the public half does not "
				       "match the seed");
			goto done;
		}
	}
	memcpy(seed, raw + 2, 32);
done:
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

int pu_cred_didkey_from_public(pu_buf *out, const unsigned char pk[32])
{
	int rc = pu_buf_puts(out, "did:key:");

	return rc < 0 ? rc : pu_cred_multikey_encode_public(out, pk);
}

int pu_cred_didkey_vm(pu_buf *out, const unsigned char pk[32])
{
	pu_buf mb = PU_BUF_INIT;
	int rc;

	rc = pu_cred_multikey_encode_public(&mb, pk);
	if (rc == 0)
		rc = pu_buf_printf(out, "did:key:%s#%s", mb.ptr, mb.ptr);
	pu_buf_free(&mb);
	return rc;
}

int pu_cred_didkey_resolve(unsigned char pk[32], const char *did)
{
	char mb[128];
	const char *hash;
	size_t n;

	if (did == NULL || strncmp(did, "did:key:", 8) != 0)
		return pu_error_set(PU_EINVAL,
				    "verification method is not a did:key");
	hash = strchr(did + 8, '#');
	n = hash ? (size_t)(hash - (did + 8)) : strlen(did + 8);
	if (n == 0 || n >= sizeof(mb))
		return pu_error_set(PU_EINVAL, "did:key: bad key length");
	memcpy(mb, did + 8, n);
	mb[n] = '\0';
	if (hash && strcmp(hash + 1, mb) != 0)
		return pu_error_set(PU_EINVAL,
				    "did:key: the fragment does not repeat the "
				    "key");
	if (pu_cred_multikey_decode_public(pk, mb) < 0)
		return pu_error_prefix("did:key: ");
	return 0;
}
