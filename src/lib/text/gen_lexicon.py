#!/usr/bin/python3
"""Learns Puente's Spanish-English term lexicon from the ISCO-08 group titles.

    src/lib/text/gen_lexicon.py [DATA_DIR] > src/lib/text/lexicon_data.c

DATA_DIR is ../shared/data next to the repository (or $PU_SHARED_DATA); it reads
esco/isco08_groups_es.csv and esco/isco08_groups_en.csv: the 619 ISCO-08 groups
with their Spanish and English titles (ESCO v1.0 export; ESCO (c) European
Union, reuse with attribution under Commission Decision 2011/833/EU; ISCO-08
(c) ILO). Only these titles are read: never ESCO occupation or skill labels,
which are the answers of the quality benchmark (bench/quality).

The titles are parallel phrases ("Carniceros, pescaderos y afines" /
"Butchers, fishmongers and related food preparers"). Word links are learnt with
IBM Model 1 in both directions (EM over the distinct title pairs, a small prior
for words in the same relative position and for spellings alike); a pair is
kept when each word is the other's best translation (the intersection of the
two directions) and the link is probable enough. The output is a C file of
(Spanish word, English word) pairs in their surface forms, as in the titles;
the library stems them with its own analyzers when it loads them
(src/lib/text/lexicon.c), so "carnicero" meets "carniceros".

Standard library only; the output is deterministic (sorted).
"""
import csv
import os
import sys
import unicodedata
from collections import defaultdict

ES_STOP = set("""a al algo con contra de del desde e el en entre hacia la las
lo los o otros otras para por que se sin sobre su sus u un una unos unas y
bajo epigrafes clasificados no""".split())
EN_STOP = set("""a an and as at by for from in into of on or other the to with
not elsewhere classified""".split())

MIN_PROB = 0.30    # t(f|e) and t(e|f) both at least this
ITERATIONS = 12


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def words(s):
    out, cur = [], []
    for c in s.lower():
        if c.isalnum():
            cur.append(c)
        else:
            if cur:
                out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def key(w, lang):
    """A crude stem for counting only: folded, plural endings cut."""
    w = fold(w)
    if lang == "es":
        for suf in ("ores", "oras", "es", "as", "os", "s"):
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                return w[: len(w) - len(suf)] + ("or" if suf in ("ores", "oras") else "")
        for suf in ("a", "o"):
            if w.endswith(suf) and len(w) > 4:
                return w[:-1]
        return w
    for suf in ("ies", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
            return w[: len(w) - len(suf)] + ("y" if suf == "ies" else "")
    return w


def content(title, lang):
    stop = ES_STOP if lang == "es" else EN_STOP
    return [w for w in words(title)
            if fold(w) not in stop and not w.isdigit() and len(w) > 2]


def alike(a, b):
    """Spelling similarity 0..1: shared character trigrams (Dice)."""
    def grams(w):
        w = "_" + w + "_"
        return {w[i:i + 3] for i in range(len(w) - 2)}
    ga, gb = grams(a), grams(b)
    return 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0


def model1(pairs, iters=ITERATIONS):
    """t[f][e] = p(f | e) over pairs of (e words, f words), with NULL."""
    t = defaultdict(dict)
    for es, fs in pairs:
        for e in es + [None]:
            for f in fs:
                t[f][e] = 1.0
    for _ in range(iters):
        count = defaultdict(lambda: defaultdict(float))
        total = defaultdict(float)
        for es, fs in pairs:
            for j, f in enumerate(fs):
                scores = []
                for i, e in enumerate(es + [None]):
                    p = t[f][e]
                    if e is not None:
                        # Relative position and spelling: small priors.
                        pos = 1 - abs(i / max(len(es), 1) - j / max(len(fs), 1))
                        p *= 0.6 + 0.4 * pos + alike(e, f)
                    scores.append(p)
                z = sum(scores)
                for e, p in zip(es + [None], scores):
                    count[e][f] += p / z
                    total[e] += p / z
        t = defaultdict(dict)
        for e, fc in count.items():
            for f, c in fc.items():
                t[f][e] = c / total[e]
    return t


def best(t):
    """For each e, its most probable f under t[f][e]."""
    out = {}
    for f, es in t.items():
        for e, p in es.items():
            if e is None:
                continue
            if e not in out or p > out[e][1] or (p == out[e][1] and f < out[e][0]):
                out[e] = (f, p)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.normpath(os.path.join(here, "..", "..", ".."))
    data = (sys.argv[1] if len(sys.argv) > 1 else
            os.environ.get("PU_SHARED_DATA") or
            os.path.join(repo, "..", "shared", "data"))
    rows = {}
    for lang in ("es", "en"):
        path = os.path.join(data, "esco", "isco08_groups_%s.csv" % lang)
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows.setdefault(r["code"], {})[lang] = r["preferredLabel"]
    pairs, seen = [], set()
    surface = {"es": defaultdict(lambda: defaultdict(int)),
               "en": defaultdict(lambda: defaultdict(int))}
    for code in sorted(rows):
        r = rows[code]
        if "es" not in r or "en" not in r:
            continue
        es = content(r["es"], "es")
        en = content(r["en"], "en")
        if not es or not en or (r["es"], r["en"]) in seen:
            continue
        seen.add((r["es"], r["en"]))
        for w in es:
            surface["es"][key(w, "es")][w] += 1
        for w in en:
            surface["en"][key(w, "en")][w] += 1
        pairs.append(([key(w, "es") for w in es], [key(w, "en") for w in en]))
    en_given_es = best(model1(pairs))                             # e -> f
    es_given_en = best(model1([(f, e) for e, f in pairs]))        # f -> e
    out = []
    for e, (f, p) in en_given_es.items():
        back = es_given_en.get(f)
        if back is None or back[0] != e or p < MIN_PROB or back[1] < MIN_PROB:
            continue
        if e == f:  # same spelling: the character n-grams already meet
            continue
        sw = max(sorted(surface["es"][e]), key=lambda w: surface["es"][e][w])
        fw = max(sorted(surface["en"][f]), key=lambda w: surface["en"][f][w])
        out.append((sw, fw))
    out.sort()
    w = sys.stdout.write
    w("/*\n * Generated by src/lib/text/gen_lexicon.py: do not edit.\n"
      " *\n * Spanish-English word pairs learnt from the titles of the ISCO-08\n"
      " * groups in Spanish and English (ESCO v1.0 export; ESCO (c) European\n"
      " * Union, reused with attribution under Commission Decision\n"
      " * 2011/833/EU; ISCO-08 (c) International Labour Organization).\n"
      " * %d title pairs, %d word pairs.\n */\n" % (len(pairs), len(out)))
    w('#include "lexicon.h"\n\n')
    w("const char *const pu_lexicon_es_en[][2] = {\n")
    for a, b in out:
        w('\t{"%s", "%s"},\n' % (a, b))
    w("};\n\nconst size_t pu_lexicon_es_en_len =\n"
      "    sizeof(pu_lexicon_es_en) / sizeof(pu_lexicon_es_en[0]);\n")


if __name__ == "__main__":
    main()
