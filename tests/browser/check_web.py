#!/usr/bin/env python3
"""Static checks of the web portal (web/), run by ctest as web/static_checks.

- the five translation files are flat {"key": "text"} objects with the same
  keys, and the same {placeholders} in every language;
- every {{key}} of the page templates and every t('key') of the scripts exists;
- the pages obey the Content-Security-Policy: no inline scripts (a JSON data
  block is fine), no <style>, no style= or on...= attributes, nothing loaded
  from another origin;
- each page with its CSS and scripts stays well under 100 KB.

Usage: check_web.py WEB_DIR
"""
import json
import os
import re
import sys

LANGS = ["es", "en", "fr", "pt", "ht"]
SPECIAL = {"lang", "path", "i18n"}
# Keys built at run time from a prefix and a value of the API.
DYNAMIC = {
    "eq_": ["full", "partial", "none"],
    "rel_": ["exact", "overlapping", "higher", "lower", "unknown"],
    "role_": ["admin", "authority", "centre", "assessor"],
    "status_": ["active", "superseded", "withdrawn", "draft"],
    "levels_status_": ["illustrative", "proposed", "official"],
    "import_counts_": ["standards", "units", "criteria", "frameworks", "referencing", "agreements"],
    "lang_name_": LANGS,
    "next_step_": ["full", "partial", "none", "full_agreement"],
    # recognition cases (web/static/js/cases.js, case.js, follow.js, ...)
    "case_state_": ["intake", "portfolio", "assessment", "decided", "appeal", "certified", "closed",
                    "withdrawn", "abandoned"],
    "case_outcome_": ["none", "full", "attainment", "not_yet"],
    "case_verdict_": ["none", "competent", "not_yet_competent"],
    "case_method_": ["none", "observation", "interview", "test", "product", "testimony"],
    "fee_status_": ["due", "paid", "waived"],
    "fee_step_": ["intake", "assessment", "appeal", "certificate"],
    "evidence_kind_": ["file", "testimony", "interview"],
    "org_kind_": ["centre", "body"],
    "presented_": ["puente", "vc", "paper"],
    "case.next.": ["self_assessment", "assessment_plan", "assessment", "appeal_assessment", "certificate",
                   "appeal_or_training", "none.certified", "none.closed", "none.withdrawn", "none.abandoned"],
}

errors = []


def err(msg):
    errors.append(msg)


def main(web):
    tables = {}
    for lang in LANGS:
        path = os.path.join(web, "i18n", lang + ".json")
        try:
            with open(path, encoding="utf-8") as f:
                d = json.load(f, object_pairs_hook=lambda pairs: _no_dups(pairs, path))
        except (OSError, ValueError) as e:
            err(f"{path}: {e}")
            continue
        for k, v in d.items():
            if not isinstance(v, str) or not v.strip():
                err(f"{path}: {k}: not a non-empty string")
            if not re.fullmatch(r"[A-Za-z0-9_.]+", k):
                err(f"{path}: {k}: key has characters other than letters, digits, _ and .")
        tables[lang] = d
    if len(tables) != len(LANGS):
        return
    keys = set(tables["en"])
    for lang, d in tables.items():
        for k in sorted(keys - set(d)):
            err(f"i18n/{lang}.json: missing {k}")
        for k in sorted(set(d) - keys):
            err(f"i18n/{lang}.json: {k} is not in en.json")
        for k in keys & set(d):
            want = set(re.findall(r"\{(\w+)\}", tables["en"][k]))
            got = set(re.findall(r"\{(\w+)\}", d[k]))
            if got - want:
                err(f"i18n/{lang}.json: {k}: unknown placeholders {sorted(got - want)}")
            if lang != "en" and want - got and k not in OPTIONAL_PLACEHOLDERS:
                err(f"i18n/{lang}.json: {k}: lacks placeholders {sorted(want - got)}")
        # Text identical to English in another language is usually a missed translation.
        if lang != "en":
            same = [k for k in keys & set(d) if d[k] == tables["en"][k] and len(d[k]) > 12
                    and not k.startswith(("lang_name_", "country_", "framework_option", "levels_regional_value", "answer_title"))]
            for k in sorted(same):
                err(f"i18n/{lang}.json: {k} is the English text")

    used = set()
    pages = os.path.join(web, "pages")
    static = os.path.join(web, "static")
    for name in sorted(os.listdir(pages)):
        if not name.endswith(".html"):
            continue
        path = os.path.join(pages, name)
        with open(path, encoding="utf-8") as f:
            html = f.read()
        # {{> name}}: the server puts web/partials/name.html there
        html = re.sub(r"\{\{> ([a-z_]+)\}\}",
                      lambda m: open(os.path.join(web, "partials", m.group(1) + ".html"),
                                     encoding="utf-8").read(), html)
        for k in re.findall(r"\{\{([^{}]+)\}\}", html):
            if k not in SPECIAL and not k.startswith("current:"):
                used.add(k)
                if k not in keys:
                    err(f"pages/{name}: {{{{{k}}}}} has no translation")
        check_csp(f"pages/{name}", html)
        size = len(html.encode())
        for ref in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            p = os.path.join(static, ref[len("/static/"):])
            if not os.path.isfile(p):
                err(f"pages/{name}: {ref} does not exist")
                continue
            size += os.path.getsize(p)
            if p.endswith(".js"):
                size += js_closure_size(p, set())
        size += len(json.dumps(tables["en"]).encode())
        if size > 100 * 1024:
            err(f"pages/{name}: page, translations, CSS and scripts weigh {size} bytes (limit 100 KB)")

    for root, _, files in os.walk(static):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, web)
            if name.endswith((".js", ".css", ".svg")):
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                if re.search(r"(?<![\w.])(?:https?:)?//[a-z0-9-]+\.[a-z]", strip_comments(text, name), re.I) and not name.endswith(".svg"):
                    err(f"{rel}: refers to another origin")
                if name.endswith(".js"):
                    for k in re.findall(r"\bt\(\s*'([A-Za-z0-9_.]+)'\s*[,)]", text):
                        used.add(k)
                        if k not in keys:
                            err(f"{rel}: t('{k}') has no translation")
                    code = strip_comments(text, name)
                    if "innerHTML" in code or "insertAdjacentHTML" in code or "document.write" in code:
                        err(f"{rel}: builds HTML from strings; use h() and text nodes")
                    if re.search(r"\beval\(|new Function\(", text):
                        err(f"{rel}: eval is refused by the Content-Security-Policy")
                    if re.search(r"\.style\.|setAttribute\(\s*'style'", text):
                        err(f"{rel}: inline styles are refused by the Content-Security-Policy")
    check_contrast(os.path.join(static, "css", "puente.css"))
    for prefix, values in DYNAMIC.items():
        for v in values:
            if prefix + v not in keys:
                err(f"i18n/en.json: missing {prefix + v} (built at run time)")


OPTIONAL_PLACEHOLDERS = {
    # French and Portuguese name the country once, in brackets, where a
    # preposition would depend on the country's gender.
}


# Text colour on background colour, as the stylesheet pairs them: each must
# reach WCAG AA (4.5:1) for normal text.
CONTRAST_PAIRS = [
    ("--ink", "--paper"), ("--muted", "--paper"), ("--muted", "--soft"),
    ("--ink", "--soft"), ("--link", "--paper"), ("--link-visited", "--paper"),
    ("--link", "--soft"), ("--brand-ink", "--brand"), ("--brand-ink", "#082c50"),
    ("--brand-ink", "#00703c"), ("--brand-ink", "#505a5f"),
    ("--full-ink", "--full-bg"), ("--partial-ink", "--partial-bg"), ("--none-ink", "--none-bg"),
    ("--none-ink", "--paper"), ("--ink", "#fff8ec"), ("--ink", "--focus"),
]


def luminance(hexcolour):
    h = hexcolour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def check_contrast(css_path):
    try:
        with open(css_path, encoding="utf-8") as f:
            css = f.read()
    except OSError as e:
        err(f"{css_path}: {e}")
        return
    var = dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", css))
    for fg, bg in CONTRAST_PAIRS:
        a, b = var.get(fg, fg), var.get(bg, bg)
        if not a.startswith("#") or not b.startswith("#"):
            err(f"static/css/puente.css: colour {fg if not a.startswith('#') else bg} is not defined")
            continue
        la, lb = luminance(a), luminance(b)
        ratio = (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
        if ratio < 4.5:
            err(f"static/css/puente.css: {fg} on {bg} has a contrast of {ratio:.2f}:1 (needs 4.5:1)")


def _no_dups(pairs, path):
    seen = {}
    for k, v in pairs:
        if k in seen:
            err(f"{path}: duplicate key {k}")
        seen[k] = v
    return seen


def strip_comments(text, name):
    if name.endswith(".css"):
        return re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$", "", text)


def js_closure_size(path, seen):
    """Bytes of the modules a script imports (./x.js), counted once."""
    total = 0
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for dep in re.findall(r"from\s+'(\./[^']+)'", text):
        p = os.path.normpath(os.path.join(os.path.dirname(path), dep))
        if p in seen or not os.path.isfile(p):
            continue
        seen.add(p)
        total += os.path.getsize(p) + js_closure_size(p, seen)
    return total


def check_csp(where, html):
    for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        attrs, body = m.group(1), m.group(2)
        if 'type="application/json"' in attrs:
            continue
        if "src=" not in attrs or body.strip():
            err(f"{where}: inline script")
    if re.search(r"<style\b", html, re.I):
        err(f"{where}: <style> block")
    if re.search(r"\sstyle\s*=", html, re.I):
        err(f"{where}: style attribute")
    if re.search(r"\son[a-z]+\s*=", html, re.I):
        err(f"{where}: inline event handler")
    for m in re.finditer(r'(?:src|href|action)="([^"]*)"', html):
        url = m.group(1)
        if re.match(r"(?:[a-z]+:)?//", url, re.I) or url.startswith(("http:", "https:", "javascript:")):
            err(f"{where}: {url} is not on this origin")
    if not re.search(r'<html lang="\{\{lang\}\}"', html):
        err(f"{where}: <html> lacks lang=\"{{{{lang}}}}\"")
    if "<main" not in html or 'name="viewport"' not in html:
        err(f"{where}: lacks <main> or the viewport meta")
    for m in re.finditer(r"<(input|select|textarea)\b([^>]*)>", html):
        attrs = m.group(2)
        if 'type="hidden"' in attrs:
            continue
        idm = re.search(r'id="([^"]+)"', attrs)
        if not idm or f'for="{idm.group(1)}"' not in html:
            err(f"{where}: <{m.group(1)}> without a <label for>")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_web.py WEB_DIR")
    main(sys.argv[1])
    for e in errors:
        print("FAIL:", e)
    if errors:
        sys.exit(1)
    print("web: translations, templates and Content-Security-Policy checks passed")
