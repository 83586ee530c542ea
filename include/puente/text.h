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

/*
 * Analysis: text -> terms for matching. Folds case (NFC kept until stemming),
 * splits on anything that is not a letter or digit, drops stop words of the
 * language, stems with the Snowball stemmer of the language (es, en, fr, pt), and
 * finally strips accents from each stem. Spanish words are stemmed folded, with
 * the endings that always carry an accent ("-ión", "-ería", "-logía",
 * "-grafía") given it back, so that "instalacion" and "instalación" give one
 * term. Other languages are tokenised and
 * folded without stop words or stemming (pu_analyzer_stems says so).
 *
 * An analyzer is not thread-safe (the Snowball stemmer keeps state): use one
 * per thread. Analyzers are cheap to create.
 */
typedef struct pu_analyzer pu_analyzer;

/* Creates an analyzer for lang (a language tag; "es-MX" uses "es"). Never fails
 * for an unknown language: it then only tokenises and folds. Returns 0,
 * PU_EINVAL when lang is not a valid tag (pu_text_lang_valid), or PU_ENOMEM.
 * The caller frees *out with pu_analyzer_free. */
int pu_analyzer_new(pu_analyzer **out, const char *lang);
void pu_analyzer_free(pu_analyzer *a);

/* True when the analyzer stems and drops stop words for its language. */
bool pu_analyzer_stems(const pu_analyzer *a);

/* The primary language the analyzer works in ("es"), borrowed. */
const char *pu_analyzer_lang(const pu_analyzer *a);

/* Called for each term in order; term is NUL-terminated, valid for the call.
 * `word` is the original word (folded as by pu_text_fold: lowercase, no
 * accents; not stemmed) the term came from. A non-zero return stops the
 * analysis and is returned. */
typedef int (*pu_term_cb)(const char *term, const char *word, void *arg);

/* Analyses text[0..len). Returns 0, PU_EINVAL for invalid UTF-8 (checked before
 * any callback), PU_ENOMEM, or the callback's return. Words longer than 64 bytes
 * (after case folding) are skipped; words of digits only are kept unstemmed. */
int pu_analyzer_run(pu_analyzer *a, const char *text, size_t len, pu_term_cb cb,
		    void *arg);

/* Slash variants, before machine translation. A job title that names both
 * genders ("técnico de asistencia en carretera/técnica de asistencia en
 * carretera", "ingeniero/a", "mozo/moza de almacén") keeps its first form: the
 * second is dropped when its words are forms of the first's last words (the
 * same stem per the analyzer an, lengths within two bytes), or when it is a
 * short lowercase ending ("/a", "/as", "/ora") after a word of four letters or
 * more. Every other slash between letters ("entrada/salida", "TCP/IP") cuts
 * the text into parts, to be translated one by one. Appends the parts to out,
 * each followed by a NUL, and sets *nparts; a text without such a slash is one
 * part, unchanged byte for byte (an empty text: one empty part). an may be
 * NULL or a language it does not stem (only identical words are then
 * forms of one another). Returns 0, PU_EINVAL for invalid UTF-8, or
 * PU_ENOMEM / PU_ELIMIT from out. */
int pu_text_variants(struct pu_buf *out, size_t *nparts, pu_analyzer *an,
		     const char *text, size_t len);

/* True when folded_word (lowercase, no accents) is a stop word of lang. */
bool pu_text_stopword(const char *lang, const char *folded_word);

#endif
