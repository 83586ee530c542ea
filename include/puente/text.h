/*
 * Text utilities shared by the catalogue and search: UTF-8 validation and the
 * folding used for accent- and case-insensitive matching (NFKC, case folding,
 * combining marks removed), so that "ALBAÑIL", "albañil" and "albanil" meet.
 * The full text pipeline (stemming, translation) builds on this.
 */
#ifndef PUENTE_TEXT_H
#define PUENTE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct pu_buf;

/* True when s[0..len) is well-formed UTF-8 without NUL bytes. */
bool pu_text_utf8_valid(const char *s, size_t len);

/* Appends the folded form of s[0..len) to out. Returns 0, PU_EINVAL on invalid
 * UTF-8, PU_ENOMEM or PU_ELIMIT. */
int pu_text_fold(struct pu_buf *out, const char *s, size_t len);

/* True for language tags Puente accepts: 2-3 lowercase letters, then optional
 * "-" subtags of 2-8 letters or digits (es, en, fr, pt, ht, es-MX). */
bool pu_text_lang_valid(const char *tag);

#endif
