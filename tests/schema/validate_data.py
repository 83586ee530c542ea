#!/usr/bin/python3
"""Validate Puente JSON documents against the JSON Schemas in docs/schema/.

Usage: validate_data.py SCHEMA_DIR FILE...

Each FILE must be a Puente JSON document (see docs/formats.md); it is checked
against SCHEMA_DIR/document.schema.json, whose relative $refs are resolved
through the $id of every *.schema.json in SCHEMA_DIR (nothing is fetched from
the network). Prints "ok FILE" for a valid file, or one line per error with
its JSON path. Exit status: 0 if all files are valid, 1 if any is not, 2 on a
usage or schema error, 77 if the jsonschema module is missing (ctest: skip).

The schemas check the shape only: the importer enforces more (references,
duplicate keys, supersession cycles, `title` having the `language` key).
"""

import json
import os
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import best_match
except ImportError:
    print("validate_data.py: the Python module 'jsonschema' is missing; "
          "install it (Debian: apt-get install python3-jsonschema) and run "
          "with /usr/bin/python3. Skipping.", file=sys.stderr)
    sys.exit(77)

DOCUMENT_SCHEMA = "document.schema.json"


def load_json(path):
    """Parse a JSON file strictly: UTF-8 only, no NaN/Infinity."""
    def no_constant(name):
        raise ValueError("invalid JSON constant " + name)
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # strict: invalid UTF-8 is an error
    return json.loads(text, parse_constant=no_constant)


def load_schemas(schema_dir):
    """Return (document schema, {$id: schema}) for every *.schema.json."""
    store = {}
    for name in sorted(os.listdir(schema_dir)):
        if not name.endswith(".schema.json"):
            continue
        schema = load_json(os.path.join(schema_dir, name))
        Draft202012Validator.check_schema(schema)
        sid = schema.get("$id")
        if not sid:
            raise ValueError(name + ": no $id")
        store[sid] = schema
    docs = [s for s in store.values()
            if s["$id"].endswith("/" + DOCUMENT_SCHEMA)]
    if len(docs) != 1:
        raise ValueError("no " + DOCUMENT_SCHEMA + " in " + schema_dir)
    return docs[0], store


def make_validator(root, store):
    """A validator resolving $refs from the local store only."""
    checker = FormatChecker(formats=["date"])
    try:  # jsonschema >= 4.18: the `referencing` library
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        def no_retrieve(uri):
            raise LookupError("schema not found locally: " + uri)

        registry = Registry(retrieve=no_retrieve).with_resources(
            (sid, Resource.from_contents(s, default_specification=DRAFT202012))
            for sid, s in store.items())
        return Draft202012Validator(root, registry=registry,
                                    format_checker=checker)
    except ImportError:  # jsonschema 4.10 (Debian 12): RefResolver
        resolver = jsonschema.RefResolver(
            base_uri=root["$id"], referrer=root, store=store,
            handlers={"http": _no_fetch, "https": _no_fetch})
        return Draft202012Validator(root, resolver=resolver,
                                    format_checker=checker)


def _no_fetch(uri):
    raise jsonschema.RefResolutionError("schema not found locally: " + uri)


def json_path(path):
    """$.standards[3].units[2].title from a deque of keys and indices."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += "[%d]" % part
        elif part.isidentifier():
            out += "." + part
        else:
            out += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return out


def describe(error):
    """One line for an error; for anyOf/oneOf, also the closest sub-error."""
    where = json_path(error.absolute_path)
    msg = error.message
    if len(msg) > 200:
        msg = msg[:200] + "..."
    if error.context:
        # Prefer errors from the branch whose type matched (e.g. for an
        # mtext object, not "is not of type 'string'").
        subs = [e for e in error.context if e.validator != "type"]
        sub = best_match(subs or error.context)
        if sub is not None:
            sub_where = json_path(sub.absolute_path)
            sub_msg = sub.message
            if len(sub_msg) > 200:
                sub_msg = sub_msg[:200] + "..."
            msg += " (closest: %s: %s)" % (sub_where, sub_msg)
    return "%s: %s" % (where, msg)


def main(argv):
    if len(argv) < 3:
        print("usage: validate_data.py SCHEMA_DIR FILE...", file=sys.stderr)
        return 2
    schema_dir, files = argv[1], argv[2:]
    try:
        root, store = load_schemas(schema_dir)
        validator = make_validator(root, store)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print("validate_data.py: bad schema directory %s: %s"
              % (schema_dir, e), file=sys.stderr)
        return 2

    failed = 0
    for path in files:
        try:
            data = load_json(path)
        except (OSError, ValueError) as e:  # includes UnicodeDecodeError
            print("%s: cannot read: %s" % (path, e))
            failed += 1
            continue
        errors = sorted(validator.iter_errors(data),
                        key=lambda e: ([(0, k, "") if isinstance(k, int)
                                        else (1, 0, k)
                                        for k in e.absolute_path],
                                       e.message))
        if not errors:
            print("ok " + path)
            continue
        failed += 1
        for error in errors:
            print("%s: %s" % (path, describe(error)))
    if failed:
        print("%d of %d file(s) failed" % (failed, len(files)),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
