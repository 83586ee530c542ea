#!/usr/bin/python3
"""Learns Puente's Spanish-English term lexicon from parallel ESCO/ISCO labels.

    src/lib/text/gen_lexicon.py [DATA_DIR] > src/lib/text/lexicon_data.c
    src/lib/text/gen_lexicon.py --report [DATA_DIR] > pairs.tsv

DATA_DIR is ../shared/data next to the repository (or $PU_SHARED_DATA). What it
reads (ESCO v1.0 export; ESCO (c) European Union, reuse with attribution under
Commission Decision 2011/833/EU; ISCO-08 (c) ILO):

- esco/isco08_groups_es.csv, esco/isco08_groups_en.csv: the Spanish and English
  titles of the ISCO-08 groups ("Carniceros, pescaderos y afines" / "Butchers,
  fishmongers and related food preparers"). The English definitions are not
  read: the Spanish file has none, so they are not parallel text.
- esco/skills_v1.0_es.csv, esco/skills_v1.0_en-us.csv: ESCO skills, joined by
  conceptUri. Each Spanish label of a skill (preferred and alternative) paired
  with its English preferred label is one parallel phrase ("garantizar la
  seguridad en la tienda" / "ensure store security"). Descriptions are not
  read: the Spanish file has none, so they are not parallel text. The English
  labels are American; their words are given British spelling (organize ->
  organise, behavior -> behaviour), as in ESCO's English and ISCO's titles.
- bench/esco_units_es_en.json, only to exclude skills: its unit titles are ESCO
  skill labels (Spanish source units, English destination units) and are the
  answers of the unit benchmark (bench/quality, figure 3). A skill is left out,
  all its labels with it, when any of its Spanish labels is a source unit title
  or its English preferred label is a destination unit title, compared after
  folding British and American spelling ("organise" / "organize": the benchmark
  is in British English, the skills file in American). 9,890 of the 13,485
  skills are left out; learning from them would only measure itself.

Never read: ESCO occupation labels and descriptions (the queries and answers of
figures 1, 2 and 4 of the benchmark).

Word links are learnt with IBM Model 1 in both directions (EM over the distinct
phrase pairs, a small prior for words in the same relative position and for
spellings alike), over crude stems (folded, plural and gender endings cut).
With p = t(en | es) and q = t(es | en), a pair (Spanish word, English word) is
kept when:

- each is the other's most probable translation and min(p, q) >= MIN_PROB
  when seen together in an ISCO title or in the labels of two skills or more,
  >= MIN_PROB_ONCE when seen in one skill's labels only (its alternative labels
  repeat the same English words, so one skill is weak evidence);
- or one is the other's most probable translation with a probability of at
  least MIN_LEAD and the way back at least MIN_BACK (acuícola and acuicultura
  both translate to aquaculture, which can be the best of only one), with the
  same evidence;
- or neither is the other's best (a second sense) and both p and q reach
  MIN_PROB_MORE, seen in an ISCO title or two skills;
- and the two words are not spelt the same (the character n-grams of the
  index meet them already).

The cut-offs were chosen on the learnt links, not on the benchmark: for each
band of min(p, q), the share of links that Apertium confirms when it translates
each word alone (a lower bound: it disagrees on many right pairs, tienda ->
shop), and a reading of 25 to 40 links of the band by hand; a band is kept
when about four links in five read right (docs/design.md, "Term lexicon").

The output is a C file of (Spanish word, English word) pairs, each word in the
spelling it most often has beside the other ("seguros" / insurance, "seguro"
/ safe); the library stems them with its own analyzers when it loads them
(src/lib/text/lexicon.c), so "carnicero" meets "carniceros", and of the pairs
of one stem it uses those spelt most like the text's word. With --report, a
tab-separated table of every candidate link (probabilities, evidence, kept or
not) is written instead.

Standard library only; the output is deterministic (sorted, no hashing order).
"""
import csv
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

ES_STOP = set("""a al algo ante con contra cual cuando de del desde donde
durante e el ella ellas ellos en entre esa ese eso esta este esto hacia la las
le les lo los mas muy ni o otro otra otros otras para pero por que se segun si
sin sobre su sus tal tanto tras u un una uno unos unas y ya bajo epigrafes
clasificados no como""".split())
EN_STOP = set("""a an and are as at be by for from how in into is it its of on
or other others such than that the their them these this those to via what
when where which while who with within without not elsewhere
classified""".split())

# t(f|e) and t(e|f) must both reach a cut-off that depends on the evidence:
MIN_PROB = 0.3        # each the other's best, in an ISCO title or 2+ skills
MIN_PROB_ONCE = 0.4   # the same, in the labels of one skill only
MIN_LEAD = 0.5        # one the other's best (aquaculture for acuicultura, not
MIN_BACK = 0.2        # back: acuícola shares it): at least these
MIN_PROB_MORE = 0.4   # neither the other's best (a second sense): both
ITERATIONS = 15
POSITION = 0.4        # prior weight of the same relative position
SPELLING = 1.0        # prior weight of spellings alike


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
    """A crude stem for counting only: folded, plural and gender endings cut
    (carniceros, carnicera -> carnicer; machines -> machine)."""
    w = fold(w)
    if lang == "es":
        if len(w) > 4 and w.endswith("es") and w[-3] in "rlndzjy":
            w = w[:-2]                       # profesores, albañiles, camiones
        elif len(w) > 3 and w.endswith("s"):
            w = w[:-1]                       # clientes, técnicas
        if len(w) > 4 and w[-1] in "ao":
            w = w[:-1]                       # carnicera, carnicero
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


# American spellings of the skills file (en-us) and their British forms, as in
# ESCO's English and the ISCO-08 titles; a suffix may follow (colors, molding).
BRITISH = dict(x.split(":") for x in """behavior:behaviour color:colour
labor:labour flavor:flavour humor:humour odor:odour harbor:harbour
neighbor:neighbour honor:honour favor:favour vapor:vapour tumor:tumour
armor:armour rigor:rigour endeavor:endeavour mold:mould gray:grey plow:plough
tire:tyre jewelry:jewellery jeweler:jeweller aluminum:aluminium fiber:fibre
center:centre theater:theatre liter:litre caliber:calibre defense:defence
catalog:catalogue analog:analogue dialog:dialogue anesthesia:anaesthesia
anesthetic:anaesthetic anesthetist:anaesthetist hematology:haematology
hematological:haematological hemostasis:haemostasis pediatric:paediatric
orthopedic:orthopaedic maneuver:manoeuvre esthetic:aesthetic fetus:foetus
estrogen:oestrogen counseling:counselling counseled:counselled
counselor:counsellor traveling:travelling traveler:traveller
modeling:modelling labeling:labelling labeled:labelled channeling:channelling
tunneling:tunnelling signaling:signalling leveling:levelling
fueling:fuelling canceled:cancelled enrollment:enrolment
fulfillment:fulfilment skillful:skilful woolen:woollen""".split())
SUFFIXES = ("", "s", "es", "ed", "ing", "ings", "al", "ally", "er", "ers",
            "ist", "ists", "ics", "less", "ful")
NOT_IZE = ("size", "seiz", "priz", "maize", "baize", "capsiz", "downsiz",
           "oversiz", "resiz")


def british(w):
    """The British spelling of an English word (organize -> organise)."""
    for suf in SUFFIXES:
        base = w[: len(w) - len(suf)]
        if w.endswith(suf) and base in BRITISH:
            uk = BRITISH[base]
            if uk.endswith("e") and suf[:1] in ("a", "e", "i"):
                uk = uk[:-1]
            return uk + suf
    m = re.match(r"^(.{2,}?)(i|y)z"
                 r"(e|es|ed|ing|ation|ations|ational|er|ers)$", w)
    if m and not w.startswith(NOT_IZE):
        return m.group(1) + m.group(2) + "s" + m.group(3)
    return w


def content(title, lang):
    stop = ES_STOP if lang == "es" else EN_STOP
    out = [w for w in words(title)
           if fold(w) not in stop and not w.isdigit() and len(w) > 2]
    return out if lang == "es" else [british(w) for w in out]


def spelling(label):
    """An English label with British and American spelling folded together."""
    s = re.sub(r"[^a-z]", "", fold(label))
    s = s.replace("s", "z").replace("our", "or")
    s = re.sub(r"(.)\1", r"\1", s)
    return s.replace("re", "er")


def alike(a, b):
    """Spelling similarity 0..1: shared character trigrams (Dice)."""
    def grams(w):
        w = "_" + w + "_"
        return {w[i:i + 3] for i in range(len(w) - 2)}
    ga, gb = grams(a), grams(b)
    return 2 * len(ga & gb) / (len(ga) + len(gb)) if ga and gb else 0


def model1(pairs):
    """t[f][e] = p(f | e) over pairs of (e words, f words), with NULL."""
    t = defaultdict(dict)
    prior = {}
    for es, fs in pairs:
        for e in es + [None]:
            for f in fs:
                t[f][e] = 1.0
                if e is not None and (e, f) not in prior:
                    prior[e, f] = alike(e, f)
    for _ in range(ITERATIONS):
        count = defaultdict(lambda: defaultdict(float))
        total = defaultdict(float)
        for es, fs in pairs:
            for j, f in enumerate(fs):
                scores = []
                for i, e in enumerate(es + [None]):
                    p = t[f][e]
                    if e is not None:
                        # Relative position and spelling: small priors.
                        pos = 1 - abs(i / max(len(es), 1) -
                                      j / max(len(fs), 1))
                        p *= (1 - POSITION + POSITION * pos +
                              SPELLING * prior[e, f])
                    scores.append(p)
                z = sum(scores)
                for e, p in zip(es + [None], scores):
                    count[e][f] += p / z
                    total[e] += p / z
        t = defaultdict(dict)
        for e in sorted(count, key=lambda x: (x is None, x or "")):
            for f, c in count[e].items():
                t[f][e] = c / total[e]
    return t


def by_source(t):
    """{e: {f: p(f | e)}} from t[f][e], NULL left out."""
    out = defaultdict(dict)
    for f, es in t.items():
        for e, p in es.items():
            if e is not None:
                out[e][f] = p
    return out


def top(d):
    """The most probable key of {key: p}, ties by key."""
    return min(d, key=lambda k: (-d[k], k)) if d else None


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def isco_pairs(data):
    rows = {}
    for lang in ("es", "en"):
        path = os.path.join(data, "esco", "isco08_groups_%s.csv" % lang)
        for r in read_csv(path):
            rows.setdefault(r["code"], {})[lang] = r["preferredLabel"]
    out = []
    for code in sorted(rows):
        r = rows[code]
        if "es" in r and "en" in r:
            out.append((r["es"], r["en"], code))
    return out


def skill_pairs(data):
    """(Spanish label, English preferred label, conceptUri) of the skills the
    benchmark does not use, the number of skills read and of skills left
    out."""
    with open(os.path.join(data, "bench", "esco_units_es_en.json"),
              encoding="utf-8") as f:
        bench = json.load(f)
    src = {u["title"].strip().lower()
           for s in bench["source_standards"] for u in s["units"]}
    dst = {spelling(u["title"])
           for s in bench["destination_standards"] for u in s["units"]}
    es = {r["conceptUri"]: r for r in
          read_csv(os.path.join(data, "esco", "skills_v1.0_es.csv"))}
    en = {r["conceptUri"]: r for r in
          read_csv(os.path.join(data, "esco", "skills_v1.0_en-us.csv"))}
    out, left = [], 0
    for uri in sorted(es):
        if uri not in en or not en[uri]["preferredLabel"].strip():
            continue
        labels = [es[uri]["preferredLabel"]] + es[uri]["altLabels"].split("\n")
        labels = [x.strip() for x in labels if x.strip()]
        target = en[uri]["preferredLabel"].strip()
        if (any(x.lower() in src for x in labels) or
                spelling(target) in dst):
            left += 1
            continue
        out.extend((x, target, uri) for x in labels)
    return out, len(es), left


def main():
    argv = sys.argv[1:]
    report = "--report" in argv
    argv = [a for a in argv if a != "--report"]
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.normpath(os.path.join(here, "..", "..", ".."))
    data = (argv[0] if argv else os.environ.get("PU_SHARED_DATA") or
            os.path.join(repo, "..", "shared", "data"))

    isco = isco_pairs(data)
    skills, n_skills, n_left = skill_pairs(data)
    pairs, seen = [], set()
    # Spellings of each stem: overall, and beside each stem of the other
    # language ("seguros" beside insurance, "segura" beside safe).
    surface = {"es": defaultdict(lambda: defaultdict(int)),
               "en": defaultdict(lambda: defaultdict(int))}
    beside = defaultdict(lambda: defaultdict(int))
    # Concepts (ISCO groups, skills) with both stems in a pair of their labels.
    together = {"isco": defaultdict(set), "skill": defaultdict(set)}
    n_from = {"isco": 0, "skill": 0}
    skill_concepts = set()
    for origin, phrases in (("isco", isco), ("skill", skills)):
        for a, b, concept in phrases:
            es = content(a, "es")
            en = content(b, "en")
            if not es or not en or (a, b) in seen:
                continue
            seen.add((a, b))
            n_from[origin] += 1
            if origin == "skill":
                skill_concepts.add(concept)
            for w in es:
                surface["es"][key(w, "es")][w] += 1
            for w in en:
                surface["en"][key(w, "en")][w] += 1
            ke = [key(w, "es") for w in es]
            kf = [key(w, "en") for w in en]
            for e in set(ke):
                for f in set(kf):
                    together[origin][e, f].add(concept)
            for a_w, e in zip(es, ke):
                for b_w, f in zip(en, kf):
                    beside["es", e, f][a_w] += 1
                    beside["en", e, f][b_w] += 1
            pairs.append((ke, kf))

    fwd = by_source(model1(pairs))                         # es -> p(en | es)
    back = by_source(model1([(f, e) for e, f in pairs]))   # en -> p(es | en)
    best_f = {e: top(d) for e, d in fwd.items()}
    best_e = {f: top(d) for f, d in back.items()}

    def word(lang, k):
        s = surface[lang][k]
        return max(sorted(s), key=lambda w: s[w])

    def spelt(lang, e, f):
        """The commonest spelling of e's (or f's) stem beside the other."""
        s = beside.get((lang, e, f)) or surface[lang][e if lang == "es" else f]
        return max(sorted(s), key=lambda w: s[w])

    rows = []
    for e in sorted(fwd):
        for f in sorted(fwd[e]):
            p, q = fwd[e][f], back.get(f, {}).get(e, 0.0)
            if max(p, q) < 0.1:
                continue
            mutual = best_f[e] == f and best_e[f] == e
            ni = len(together["isco"].get((e, f), ()))
            ns = len(together["skill"].get((e, f), ()))
            low = min(p, q)
            twice = ni >= 1 or ns >= 2
            if mutual:
                keep = low >= MIN_PROB_ONCE or (twice and low >= MIN_PROB)
            elif best_f[e] == f or best_e[f] == e:
                lead, other = (p, q) if best_f[e] == f else (q, p)
                keep = (lead >= MIN_LEAD and other >= MIN_BACK and
                        (twice or low >= MIN_PROB_ONCE))
            else:
                keep = twice and low >= MIN_PROB_MORE
            keep = keep and fold(word("es", e)) != word("en", f)
            rows.append((e, f, p, q, mutual, ni, ns, keep,
                         best_f[e] == f, best_e[f] == e))

    if report:
        w = sys.stdout.write
        w("es\ten\tp_en_es\tp_es_en\tmutual\tisco\tskill\tkeep"
          "\tbest_en\tbest_es\n")
        for e, f, p, q, mutual, ni, ns, keep, bf, be in rows:
            w("%s\t%s\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t%d\t%d\n" % (
                word("es", e), word("en", f), p, q, mutual, ni, ns, keep,
                bf, be))
        return

    out = sorted({(spelt("es", e, f), spelt("en", e, f))
                  for e, f, p, q, mutual, ni, ns, keep, bf, be in rows
                  if keep})
    w = sys.stdout.write
    w("/*\n * Generated by src/lib/text/gen_lexicon.py: do not edit.\n"
      " *\n * Spanish-English word pairs learnt from parallel labels: the\n"
      " * titles of the ISCO-08 groups and the labels of the ESCO skills\n"
      " * that the quality benchmark does not use, in Spanish and English\n"
      " * (ESCO v1.0 export; ESCO (c) European Union, reused with\n"
      " * attribution under Commission Decision 2011/833/EU; ISCO-08 (c)\n"
      " * International Labour Organization).\n"
      " * %d ISCO title pairs, %d skill label pairs (from %d of the\n"
      " * %d skills; %d left out as the benchmark's units), %d word pairs.\n"
      " */\n" % (
          n_from["isco"], n_from["skill"], len(skill_concepts), n_skills,
          n_left, len(out)))
    w('#include "lexicon.h"\n\n')
    w("const char *const pu_lexicon_es_en[][2] = {\n")
    for a, b in out:
        w('\t{"%s", "%s"},\n' % (a, b))
    w("};\n\nconst size_t pu_lexicon_es_en_len =\n"
      "    sizeof(pu_lexicon_es_en) / sizeof(pu_lexicon_es_en[0]);\n")


if __name__ == "__main__":
    main()
