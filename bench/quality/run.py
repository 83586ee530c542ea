#!/usr/bin/python3
"""Homologation quality on real data (ESCO), each figure beside two baselines.

Reads the shared data from ../shared/data (or $PU_SHARED_DATA), converts it into
Puente JSON Lines catalogues and query files in a temporary directory, runs
`puente match` once per figure, runs the baselines on the same texts in the same
run, and prints one table. See bench/quality/README.md.

  1  ESCO occupations: Spanish label + description -> English label +
     description (3,039), same concept is the gold answer: accuracy@1, MRR@10.
  2  Spanish preferred label alone -> English label + alternative labels.
  3  bench/esco_units_es_en.json: covered destination units (micro precision,
     recall, F1 over all pairs) and mean absolute error of coverage per kind.
  4  ISCO-08 coding: Spanish label + description -> 4-digit ISCO-08 groups
     (English definitions, Spanish and English titles): accuracy@1.

Baselines: SQLite FTS5 BM25 (unicode61 remove_diacritics 2, the OR of the
query's quoted tokens) without translation, and the same with the queries
translated by Apertium (spa-eng). For (3): a word-overlap matcher (Jaccard of
lowercase tokens without stop words >= 0.5) without and with translation.

Standard library only (Debian's python3): csv, json, sqlite3, subprocess.
Exit status: 0 done, 1 a figure misses its target or a baseline, 2 usage or a
tool failed, 77 skipped (data or Apertium absent).
"""
import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

FILES = {
    "occ_en": "esco/occupations_v1.2.0_en.csv",
    "occ_es": "esco/occupations_v1.2.0_es.csv",
    "isco_en": "esco/isco08_groups_en.csv",
    "isco_es": "esco/isco08_groups_es.csv",
    "units": "bench/esco_units_es_en.json",
}

TARGETS = {  # figure -> (metric, threshold); higher is better
    1: ("acc@1", 0.97),
    2: ("acc@1", 0.60),
    3: ("F1", 0.88),
}

OVERLAP_THRESHOLD = 0.2  # its best on this data (the sweep is printed)
SWEEP = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6)

STOP_EN = set("""a about above after again against all am an and any are as at be
because been before being below between both but by can could did do does doing
down during each etc few for from further had has have having he her here hers
him his how i if in into is it its itself just may me more most must my no nor
not of off on once only or other our out over own same shall she should so some
such than that the their them then there these they this those through to too
under until up upon very via was we were what when where which while who whom
why will with within without would you your""".split())

STOP_ES = set("""a al algo algunas algunos ante antes como con contra cual cuando
de del desde donde durante e el ella ellas ellos en entre era es esa esas ese eso
esos esta estas este esto estos fue ha han hasta hay la las le les lo los mas me
mi muy ni no nos o os otra otras otro otros para pero poco por porque que quien
se ser si sin sino sobre su sus tambien te tiene todo todos tu un una unas uno
unos y ya""".split())

WORD = re.compile(r"[^\W_]+")


# ---------------------------------------------------------------- utilities

def clean(s):
    """One line: white space (newlines, no-break spaces) collapsed."""
    return " ".join((s or "").split())


def fold(s):
    """Lower case without diacritics (what unicode61 remove_diacritics does)."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def tokens(s):
    return WORD.findall(fold(s))


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Timer:
    def __init__(self):
        self.parts = []

    def __call__(self, name):
        timer = self

        class _T:
            def __enter__(self):
                self.t0 = time.monotonic()

            def __exit__(self, *exc):
                timer.parts.append((name, time.monotonic() - self.t0))
        return _T()


def skip(msg):
    print("skipped: %s" % msg)
    sys.exit(77)


# ---------------------------------------------------------------- data

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def uuid_of(uri):
    return uri.rstrip("/").rsplit("/", 1)[-1]


def load_occupations(data):
    en = {r["conceptUri"]: r for r in read_csv(os.path.join(data, FILES["occ_en"]))}
    es = {r["conceptUri"]: r for r in read_csv(os.path.join(data, FILES["occ_es"]))}
    occ = []
    for uri in sorted(en):
        if uri not in es:
            continue
        e, s = en[uri], es[uri]
        alts = []
        for a in (e["altLabels"] or "").split("\n"):
            a = clean(a)
            if a and a != clean(e["preferredLabel"]) and a not in alts:
                alts.append(a)
        occ.append({
            "code": uuid_of(uri),
            "isco": clean(e["iscoGroup"] or s["iscoGroup"]),
            "en_label": clean(e["preferredLabel"]),
            "en_desc": clean(e["description"]),
            "en_alts": alts,
            "es_label": clean(s["preferredLabel"]),
            "es_desc": clean(s["description"]),
        })
    return occ


def load_isco(data):
    en = {r["code"]: r for r in read_csv(os.path.join(data, FILES["isco_en"]))}
    es = {r["code"]: r for r in read_csv(os.path.join(data, FILES["isco_es"]))}
    groups = []
    for code in sorted(en):
        if len(code) != 4 or not code.isdigit():
            continue
        g = {"code": code, "en_title": clean(en[code]["preferredLabel"]),
             "en_desc": clean(en[code]["description"]),
             "es_title": clean(es.get(code, {}).get("preferredLabel", ""))}
        groups.append(g)
    return groups


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


# ---------------------------------------------------------------- Apertium

class Apertium:
    """apertium -u PAIR, many texts per call separated by blank lines (a single
    newline lets Apertium move words between lines), with the number of
    outputs checked, and a cache of its own (not Puente's store)."""

    BATCH = 400

    def __init__(self, cache_path, pair="spa-eng"):
        self.pair = pair
        self.db = sqlite3.connect(cache_path)
        self.db.execute("CREATE TABLE IF NOT EXISTS tr (pair TEXT, src TEXT, "
                        "dst TEXT, PRIMARY KEY (pair, src))")
        self.calls = 0
        self.translated = 0

    def _run(self, texts):
        self.calls += 1
        p = subprocess.run(["apertium", "-u", self.pair],
                           input="\n\n".join(texts) + "\n",
                           capture_output=True, text=True, check=False)
        if p.returncode != 0:
            raise RuntimeError("apertium %s: %s" % (self.pair, p.stderr.strip()))
        return [" ".join(o.split()) for o in re.split(r"\n\s*\n", p.stdout.strip())]

    def _batch(self, texts):
        out = self._run(texts)
        if len(out) == len(texts):
            return out
        if len(texts) == 1:  # blank lines inside one output: keep it whole
            return [" ".join(" ".join(out).split())]
        half = len(texts) // 2
        return self._batch(texts[:half]) + self._batch(texts[half:])

    def translate(self, texts):
        """Returns {text: translation} for every distinct text."""
        want = sorted({t for t in texts if t})
        got = {}
        for i in range(0, len(want), 500):
            chunk = want[i:i + 500]
            q = "SELECT src, dst FROM tr WHERE pair = ? AND src IN (%s)" % (
                ",".join("?" * len(chunk)))
            got.update(self.db.execute(q, [self.pair] + chunk).fetchall())
        todo = [t for t in want if t not in got]
        for i in range(0, len(todo), self.BATCH):
            chunk = todo[i:i + self.BATCH]
            out = self._batch(chunk)
            rows = list(zip(chunk, out))
            self.db.executemany("INSERT OR REPLACE INTO tr VALUES (?, ?, ?)",
                                [(self.pair, s, d) for s, d in rows])
            self.db.commit()
            got.update(rows)
            self.translated += len(chunk)
            if len(todo) > self.BATCH:
                log("  apertium: %d/%d" % (min(i + self.BATCH, len(todo)),
                                           len(todo)))
        return got


# ---------------------------------------------------------------- baselines

def fts_rank(docs, queries, k=10):
    """docs: [(code, title, body)]; queries: [(id, text)] -> {id: [codes]}.
    FTS5 BM25 over the same texts, the query the OR of its quoted tokens."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE d USING fts5(code UNINDEXED, title, body, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO d VALUES (?, ?, ?)", docs)
    out = {}
    for qid, text in queries:
        toks = list(dict.fromkeys(WORD.findall(text.lower())))
        if not toks:
            out[qid] = []
            continue
        expr = " OR ".join('"%s"' % t for t in toks)
        rows = db.execute("SELECT code FROM d WHERE d MATCH ? ORDER BY bm25(d) "
                          "LIMIT ?", (expr, k)).fetchall()
        out[qid] = [r[0] for r in rows]
    db.close()
    return out


def content_tokens(text, stop):
    return frozenset(t for t in tokens(text) if t not in stop)


def overlap_cover(src_units, dst_units, threshold=OVERLAP_THRESHOLD):
    """src_units, dst_units: [(code, token set)] -> covered destination codes:
    some source unit's Jaccard with the destination unit reaches threshold."""
    covered = []
    for dc, dt in dst_units:
        if not dt:
            continue
        for _, st in src_units:
            if st and len(st & dt) / len(st | dt) >= threshold:
                covered.append(dc)
                break
    return covered


# ---------------------------------------------------------------- metrics

def rank_metrics(ranked, gold, k=10):
    """ranked: {id: [codes]}, gold: {id: code} -> (acc@1, MRR@k, ranks)."""
    acc = mrr = 0.0
    ranks = {}
    for qid, g in gold.items():
        r = ranked.get(qid, [])[:k]
        rank = r.index(g) + 1 if g in r else None
        ranks[qid] = rank
        acc += rank == 1
        mrr += 1.0 / rank if rank else 0.0
    n = max(len(gold), 1)
    return acc / n, mrr / n, ranks


def unit_metrics(pairs, predicted):
    """pairs: benchmark pairs; predicted: {index: (covered codes, coverage)}.
    Micro precision/recall/F1 of covered destination units, MAE per kind."""
    tp = npred = ngold = 0
    err = {}
    for i, p in enumerate(pairs):
        cov_units, cov = predicted.get(i, ([], 0.0))
        pred, gold = set(cov_units), set(p["gold_covered_units"])
        tp += len(pred & gold)
        npred += len(pred)
        ngold += len(gold)
        err.setdefault(p["kind"], []).append(abs(cov - p["gold_coverage"]))
    prec = tp / npred if npred else 0.0
    rec = tp / ngold if ngold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    mae = {k: sum(v) / len(v) for k, v in err.items()}
    return prec, rec, f1, mae


# ---------------------------------------------------------------- Puente

def run_puente(puente, cache, catalog, queries, top, tmp, name):
    out = os.path.join(tmp, name + ".out.jsonl")
    err = os.path.join(tmp, name + ".err")
    cmd = [puente, "match", "--db", cache, "--catalog", catalog,
           "--queries", queries, "--top", str(top)]
    with open(out, "w") as fo, open(err, "w") as fe:
        rc = subprocess.run(cmd, stdout=fo, stderr=fe, check=False).returncode
    if rc != 0:
        with open(err) as fe:
            msg = fe.read().strip()
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), rc, msg))
    res = {}
    errors = 0
    with open(out, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                if "error" in o:
                    errors += 1
                res[o["id"]] = o
    if errors:
        log("  puente: %d queries answered with an error" % errors)
    return res


# ---------------------------------------------------------------- figures

class Harness:
    def __init__(self, args, data, tmp):
        self.args, self.data, self.tmp = args, data, tmp
        self.timer = Timer()
        self.rows = []  # (figure, metric, n, puente, base1, base2, lower_better)
        self.failures = []
        self.notes = []
        self.apertium = Apertium(args.apertium_cache)
        self._occ = None

    def limit(self, xs):
        return xs[:self.args.limit] if self.args.limit else xs

    @property
    def occ(self):
        if self._occ is None:
            self._occ = load_occupations(self.data)
        return self._occ

    def puente(self, catalog, queries, name, top=10):
        cat = os.path.join(self.tmp, name + ".catalog.jsonl")
        qf = os.path.join(self.tmp, name + ".queries.jsonl")
        write_jsonl(cat, catalog)
        write_jsonl(qf, queries)
        with self.timer("(%s) puente match" % name):
            return run_puente(self.args.puente, self.args.cache, cat, qf, top,
                              self.tmp, name)

    def ranking_figure(self, fig, name, corpus, docs, queries, gold,
                       describe_doc):
        """corpus: Puente standards; docs: FTS (code, title, body); queries:
        [(id, text)] in Spanish; gold: {id: code}."""
        country = corpus[0]["country"]
        qlines = [{"id": qid, "text": text, "language": "es",
                   "country": country} for qid, text in queries]
        res = self.puente(corpus, qlines, name)
        ranked = {qid: [r["code"] for r in o.get("results", [])]
                  for qid, o in res.items()}
        with self.timer("(%s) apertium queries" % name):
            tr = self.apertium.translate([t for _, t in queries])
        with self.timer("(%s) FTS5 baselines" % name):
            if self.args.no_baselines:  # quick checks: baselines read 0
                fts, fts_mt = {}, {}
            else:
                fts = fts_rank(docs, queries)
                fts_mt = fts_rank(docs, [(q, tr.get(t, t))
                                         for q, t in queries])
        p_acc, p_mrr, p_ranks = rank_metrics(ranked, gold)
        f_acc, f_mrr, _ = rank_metrics(fts, gold)
        m_acc, m_mrr, m_ranks = rank_metrics(fts_mt, gold)
        n = len(gold)
        self.rows.append((fig, "acc@1", n, p_acc, f_acc, m_acc, False))
        self.rows.append((fig, "MRR@10", n, p_mrr, f_mrr, m_mrr, False))
        if self.args.failures:
            texts = dict(queries)
            for qid, g in gold.items():
                if p_ranks[qid] == 1:
                    continue
                self.failures.append({
                    "figure": fig, "id": qid, "query": texts[qid],
                    "apertium": tr.get(texts[qid]),
                    "gold": g, "gold_text": describe_doc(g),
                    "puente_rank": p_ranks[qid],
                    "apertium_fts_rank": m_ranks[qid],
                    "puente_top": [[c, describe_doc(c)]
                                   for c in ranked.get(qid, [])[:3]],
                })

    def figure1(self):
        occ = self.occ
        corpus = []
        for o in occ:
            s = {"country": "EU", "code": o["code"], "kind": "occupation",
                 "language": "en", "title": {"en": o["en_label"]}}
            if o["en_desc"]:
                s["description"] = {"en": o["en_desc"]}
            corpus.append(s)
        docs = [(o["code"], o["en_label"], o["en_desc"]) for o in occ]
        queries = [(o["code"], clean(o["es_label"] + ". " + o["es_desc"]))
                   for o in self.limit(occ)]
        gold = {q: q for q, _ in queries}
        by = {o["code"]: o["en_label"] for o in occ}
        self.ranking_figure(1, "1", corpus, docs, queries, gold, by.get)

    def figure2(self):
        occ = self.occ
        corpus = []
        for o in occ:
            s = {"country": "EU", "code": o["code"], "kind": "occupation",
                 "language": "en", "title": {"en": o["en_label"]}}
            if o["en_alts"]:
                s["alt_titles"] = {"en": o["en_alts"]}
            corpus.append(s)
        docs = [(o["code"], o["en_label"], "\n".join(o["en_alts"]))
                for o in occ]
        queries = [(o["code"], o["es_label"]) for o in self.limit(occ)]
        gold = {q: q for q, _ in queries}
        by = {o["code"]: o["en_label"] for o in occ}
        self.ranking_figure(2, "2", corpus, docs, queries, gold, by.get)

    def figure4(self):
        groups = load_isco(self.data)
        codes = {g["code"] for g in groups}
        corpus = []
        for g in groups:
            s = {"country": "ISCO", "code": g["code"], "kind": "occupation",
                 "language": "en", "title": {"en": g["en_title"]}}
            if g["es_title"]:
                s["title"]["es"] = g["es_title"]
            if g["en_desc"]:
                s["description"] = {"en": g["en_desc"]}
            corpus.append(s)
        docs = [(g["code"], clean(g["es_title"] + " " + g["en_title"]),
                 g["en_desc"]) for g in groups]
        occ = [o for o in self.occ if o["isco"] in codes]
        queries = [(o["code"], clean(o["es_label"] + ". " + o["es_desc"]))
                   for o in self.limit(occ)]
        asked = {q for q, _ in queries}
        gold = {o["code"]: o["isco"] for o in occ if o["code"] in asked}
        by = {g["code"]: g["code"] + " " + g["en_title"] for g in groups}
        self.ranking_figure(4, "4", corpus, docs, queries, gold, by.get)

    def figure3(self):
        with open(os.path.join(self.data, FILES["units"]), encoding="utf-8") as f:
            bench = json.load(f)
        src = {s["code"]: s for s in bench["source_standards"]}
        dst = {s["code"]: s for s in bench["destination_standards"]}
        pairs = self.limit(bench["pairs"])

        def standard(country, s):
            lang = s.get("language", "es" if country == "XS" else "en")
            return {"country": country, "code": s["code"], "kind": "standard",
                    "language": lang, "title": {lang: clean(s["title"])},
                    "units": [{"code": u["code"],
                               "title": {lang: clean(u["title"])}}
                              for u in s["units"]]}
        corpus = [standard("XS", s) for s in bench["source_standards"]]
        corpus += [standard("XD", s) for s in bench["destination_standards"]]
        qlines = [{"id": i, "source": {"country": "XS", "code": p["source"]},
                   "destination": {"country": "XD", "code": p["destination"]}}
                  for i, p in enumerate(pairs)]
        res = self.puente(corpus, qlines, "3")
        pred = {}
        for i, p in enumerate(pairs):
            o = res.get(i, {})
            c = [r for r in o.get("results", [])
                 if r["country"] == "XD" and r["code"] == p["destination"]]
            if c:
                pred[i] = (c[0]["covered_units"], c[0]["coverage"])
        if len(pred) < len(pairs):
            log("  puente: %d pairs without a result (counted as nothing "
                "covered)" % (len(pairs) - len(pred)))
        with self.timer("(3) apertium unit titles"):
            titles = [clean(u["title"]) for p in pairs
                      for u in src[p["source"]]["units"]]
            tr = self.apertium.translate(titles)
        with self.timer("(3) overlap baselines"):
            def dunits(s):
                return [(u["code"], content_tokens(u["title"], STOP_EN))
                        for u in s["units"]]
            raw, mt, sweep = {}, {}, {}
            for i, p in enumerate(pairs):
                s, d = src[p["source"]], dst[p["destination"]]
                du = dunits(d)
                su_raw = [(u["code"], content_tokens(u["title"], STOP_ES))
                          for u in s["units"]]
                su_mt = [(u["code"], content_tokens(
                    tr.get(clean(u["title"]), u["title"]), STOP_EN))
                    for u in s["units"]]
                for out, su in ((raw, su_raw), (mt, su_mt)):
                    cov = overlap_cover(su, du, self.args.overlap_threshold)
                    out[i] = (cov, len(cov) / len(du) if du else 0.0)
                for th in SWEEP:
                    cov = overlap_cover(su_mt, du, th)
                    sweep.setdefault(th, {})[i] = (cov, len(cov) / len(du)
                                                   if du else 0.0)
        P = unit_metrics(pairs, pred)
        self.notes.append(
            "(3) translated overlap baseline, F1 by Jaccard threshold: " +
            ", ".join("%.2f: %.3f" % (th, unit_metrics(pairs, sweep[th])[2])
                      for th in SWEEP) +
            " (the table uses %.2f)" % self.args.overlap_threshold)
        R = unit_metrics(pairs, raw)
        M = unit_metrics(pairs, mt)
        for j, name in enumerate(("precision", "recall", "F1")):
            self.rows.append((3, name, len(pairs), P[j], R[j], M[j], False))
        for kind in sorted(P[3], key=lambda k: -sum(
                p["gold_coverage"] for p in pairs if p["kind"] == k)):
            n = sum(p["kind"] == kind for p in pairs)
            self.rows.append((3, "MAE coverage, %s" % kind, n, P[3][kind],
                              R[3][kind], M[3][kind], True))
        if self.args.failures:
            for i, p in enumerate(pairs):
                cov_units, cov = pred.get(i, ([], None))
                gold = set(p["gold_covered_units"])
                fp, fn = set(cov_units) - gold, gold - set(cov_units)
                if not fp and not fn:
                    continue
                s, d = src[p["source"]], dst[p["destination"]]
                dt = {u["code"]: u["title"] for u in d["units"]}
                self.failures.append({
                    "figure": 3, "id": i, "kind": p["kind"],
                    "source": [s["code"], s["title"]],
                    "destination": [d["code"], d["title"]],
                    "gold_coverage": p["gold_coverage"], "coverage": cov,
                    "false_covered": [dt[c] for c in sorted(fp)],
                    "missed": [dt[c] for c in sorted(fn)],
                    "source_units": [[u["title"], tr.get(clean(u["title"]))]
                                     for u in s["units"]],
                })

    # ------------------------------------------------------------ report

    def verdicts(self):
        """Per row: beats both baselines, meets the target (None: no target)."""
        out = []
        for fig, metric, _, p, b1, b2, lower in self.rows:
            beats = p < min(b1, b2) if lower else p > max(b1, b2)
            t = TARGETS.get(fig)
            target = None
            if t and t[0] == metric:
                target = (">= %.2f" % t[1], p >= t[1])
            out.append((beats, target))
        return out

    def table(self, markdown=False):
        b1, b2 = "FTS5 / overlap", "+ Apertium"
        head = ["figure", "metric", "n", "Puente", b1, b2, "target", "result"]
        lines = []
        for (fig, metric, n, p, x1, x2, lower), (beats, target) in zip(
                self.rows, self.verdicts()):
            res = "beats both" if beats else "BELOW A BASELINE"
            if target:
                res = ("pass" if target[1] and beats else "FAIL") + \
                    ("" if target[1] else " (target)") + \
                    ("" if beats else " (baseline)")
            lines.append([str(fig), metric + (" (lower is better)" if lower
                                              else ""), str(n),
                          "%.3f" % p, "%.3f" % x1, "%.3f" % x2,
                          target[0] if target else "-", res])
        if markdown:
            out = ["| " + " | ".join(head) + " |",
                   "|" + "|".join("---" for _ in head) + "|"]
            out += ["| " + " | ".join(r) + " |" for r in lines]
            return "\n".join(out)
        w = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]
        fmt = "  ".join("%%-%ds" % x for x in w)
        out = [fmt % tuple(head), fmt % tuple("-" * x for x in w)]
        out += [fmt % tuple(r) for r in lines]
        return "\n".join(x.rstrip() for x in out)

    def ok(self):
        return all(beats and (t is None or t[1]) for beats, t in self.verdicts())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--puente", default=os.environ.get(
        "PUENTE", os.path.join(REPO, "build", "puente")),
        help="the puente binary ($PUENTE, default build/puente)")
    ap.add_argument("puente_pos", nargs="?", metavar="PUENTE",
                    help="the puente binary (same as --puente)")
    ap.add_argument("--data", default=os.environ.get(
        "PU_SHARED_DATA", os.path.join(REPO, "..", "shared", "data")),
        help="the shared data folder ($PU_SHARED_DATA, default ../shared/data)")
    ap.add_argument("--cache", default=os.path.join(REPO, "bench", "out",
                                                    "cache.db"),
                    help="Puente's translation cache (default bench/out/cache.db)")
    ap.add_argument("--apertium-cache", default=os.path.join(
        REPO, "bench", "out", "apertium_baseline.sqlite"),
        help="the baselines' Apertium cache")
    ap.add_argument("--overlap-threshold", type=float, default=OVERLAP_THRESHOLD,
                    help="Jaccard threshold of the overlap baselines of (3) "
                    "(default %.2f)" % OVERLAP_THRESHOLD)
    ap.add_argument("--only", default="1,2,3,4",
                    help="figures to run, e.g. 1,3 (default all)")
    ap.add_argument("--limit", type=int, default=0,
                    help="only the first N queries or pairs of each figure "
                    "(the corpus stays whole); for quick checks")
    ap.add_argument("--no-baselines", action="store_true",
                    help="skip the FTS5 baselines of figures 1, 2 and 4 "
                    "(they then read 0); for quick checks of Puente alone")
    ap.add_argument("--failures", metavar="FILE",
                    help="write Puente's misses as JSON Lines")
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    ap.add_argument("--markdown", action="store_true",
                    help="print the table in Markdown")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep the generated catalogues and queries in DIR")
    args = ap.parse_args()
    if args.puente_pos:
        args.puente = args.puente_pos
    figs = sorted({int(x) for x in args.only.split(",") if x.strip()})
    if not figs or any(f not in (1, 2, 3, 4) for f in figs):
        ap.error("--only takes figures among 1,2,3,4")

    data = os.path.abspath(args.data)
    if not os.path.isdir(data):
        skip("the shared data %s is absent (set PU_SHARED_DATA)" % data)
    for rel in FILES.values():
        if not os.path.isfile(os.path.join(data, rel)):
            skip("%s is absent" % os.path.join(data, rel))
    if shutil.which("apertium") is None:
        skip("Apertium is absent (scripts/deps.sh installs it)")
    if not os.access(args.puente, os.X_OK):
        print("run.py: %s: no puente binary (make build, or --puente PATH)"
              % args.puente, file=sys.stderr)
        return 2
    args.puente = os.path.abspath(args.puente)
    for p in (args.cache, args.apertium_cache):
        os.makedirs(os.path.dirname(os.path.abspath(p)), exist_ok=True)

    t0 = time.monotonic()
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        tmpobj, tmp = None, args.keep
    else:
        tmpobj = tempfile.TemporaryDirectory(prefix="puente-quality-")
        tmp = tmpobj.name
    h = Harness(args, data, tmp)
    try:
        for f in figs:
            log("figure %d ..." % f)
            ft = time.monotonic()
            getattr(h, "figure%d" % f)()
            h.timer.parts.append(("(%d) total" % f, time.monotonic() - ft))
    except (RuntimeError, OSError) as e:
        print("run.py: %s" % e, file=sys.stderr)
        return 2
    finally:
        if tmpobj:
            tmpobj.cleanup()
    total = time.monotonic() - t0

    print(h.table(args.markdown))
    for n in h.notes:
        print(n)
    print()
    print("time: " + ", ".join("%s %.1fs" % (n, s) for n, s in h.timer.parts
                               if n.endswith("total")) + ", all %.1fs" % total)
    print("      " + ", ".join("%s %.1fs" % (n, s) for n, s in h.timer.parts
                               if not n.endswith("total")))
    print("apertium (baselines): %d texts translated in %d calls, the rest "
          "from %s" % (h.apertium.translated, h.apertium.calls,
                       os.path.relpath(args.apertium_cache, REPO)))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"rows": [{"figure": r[0], "metric": r[1], "n": r[2],
                                 "puente": r[3], "baseline": r[4],
                                 "baseline_apertium": r[5],
                                 "lower_is_better": r[6]} for r in h.rows],
                       "seconds": dict(h.timer.parts), "total_seconds": total},
                      f, indent=1)
    if args.failures:
        write_jsonl(args.failures, h.failures)
        print("failures: %d lines in %s" % (len(h.failures), args.failures))
    return 0 if h.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
