"""A real `puente serve` for the API tests: a temporary database seeded from
data/, the server on a free loopback port, stopped (SIGTERM) at the end, and
replies checked against docs/openapi.yaml."""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema
import yaml

SRC = os.environ.get("PU_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
PUENTE = os.environ.get("PUENTE", os.path.join(SRC, "build", "puente"))


def seed(db):
    """Frameworks, referencing, the demo catalogue and agreement from data/."""
    files = []
    for sub in ("frameworks", "referencing", "catalog", "agreements"):
        d = os.path.join(SRC, "data", sub)
        files += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".json"))
    subprocess.run([PUENTE, "--db", db, "import"] + files, check=True,
                   stdout=subprocess.DEVNULL)


class Server:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="puente-api-")
        self.db = os.path.join(self.dir, "t.db")
        self.log = open(os.path.join(self.dir, "serve.log"), "w+")
        seed(self.db)
        ready = os.path.join(self.dir, "ready")
        self.proc = subprocess.Popen(
            [PUENTE, "--db", self.db, "serve", "--listen", "127.0.0.1:0",
             "--threads", "2", "--ready-file", ready],
            stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(600):
            if os.path.exists(ready):
                break
            if self.proc.poll() is not None:
                self.fail_log("the server exited at start")
            time.sleep(0.1)
        else:
            self.fail_log("the server did not start in 60 s")
        host, port = open(ready).read().strip().rsplit(":", 1)
        self.host, self.port = host, int(port)

    def puente(self, *args, stdin=None):
        return subprocess.run([PUENTE, "--db", self.db] + list(args), input=stdin,
                              capture_output=True, text=True)

    def fail_log(self, why):
        self.log.seek(0)
        sys.stderr.write(self.log.read())
        raise SystemExit("FAIL: " + why)

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=60)
        c.putrequest(method, path, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if body is not None:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                hdrs.setdefault("Content-Type", "application/json")
            elif isinstance(body, str):
                body = body.encode()
            hdrs["Content-Length"] = str(len(body))
        for k, v in hdrs.items():
            c.putheader(k, v)
        c.endheaders()
        if body:
            try:
                c.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered (413) without reading it all
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, r, data

    def errors(self):
        """What the server wrote besides access-log lines (sanitizer reports,
        failures): it must be nothing."""
        self.log.flush()
        with open(self.log.name) as f:
            return [l for l in f.read().splitlines()
                    if not l.startswith("time=") and not l.startswith("puente serve: ")
                    and not l.startswith("puente: ")]

    def stop(self):
        """SIGTERM; the server must exit 0 with nothing leaked (ASan)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.fail_log("the server did not stop on SIGTERM")
        if rc != 0:
            self.fail_log("the server exited %d after SIGTERM" % rc)
        bad = self.errors()
        if bad:
            self.fail_log("the server reported problems:\n" + "\n".join(bad[:40]))
        shutil.rmtree(self.dir, ignore_errors=True)


class Spec:
    """docs/openapi.yaml: which operation a request is, and the schema of each
    documented reply."""

    def __init__(self):
        with open(os.path.join(SRC, "docs", "openapi.yaml")) as f:
            self.doc = yaml.safe_load(f)
        self.paths = []
        for p in self.doc["paths"]:
            rx = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(p)) + "$"
            self.paths.append((p, re.compile(rx)))
        self.seen = set()

    def operation(self, method, path):
        path = path.split("?")[0]
        for p, rx in self.paths:
            if rx.match(path):
                op = self.doc["paths"][p].get(method.lower())
                return p, op
        return None, None

    def check(self, method, path, status, reply, data):
        """The reply must be documented for this operation and match its schema."""
        p, op = self.operation(method, path)
        where = "%s %s -> %d" % (method, path, status)
        if op is None:
            # Undocumented paths may only answer with the error shape.
            assert status >= 400, where + ": undocumented path answered"
            self.error_shape(where, data)
            return
        self.seen.add((p, method.lower()))
        responses = op["responses"]
        doc = responses.get(str(status)) or responses.get("default")
        assert doc is not None, where + ": status not in docs/openapi.yaml"
        if "$ref" in doc:
            doc = self.resolve(doc["$ref"])
        content = doc.get("content", {})
        ctype = (reply.getheader("Content-Type") or "").split(";")[0]
        assert ctype in content, where + ": content type %s not documented" % ctype
        schema = content[ctype].get("schema")
        if schema is not None and ctype == "application/json":
            body = json.loads(data)
            root = dict(schema)
            root["components"] = self.doc["components"]
            try:
                jsonschema.Draft202012Validator(root).validate(body)
            except jsonschema.ValidationError as e:
                raise AssertionError("%s: reply does not match the schema: %s at %s"
                                     % (where, e.message, list(e.absolute_path)))

    def resolve(self, ref):
        node = self.doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def error_shape(self, where, data):
        body = json.loads(data)
        assert set(body) == {"error"}, where + ": not an error object"
        assert isinstance(body["error"].get("code"), str), where
        assert isinstance(body["error"].get("message"), str), where

    def unexercised(self, tag):
        """Documented operations this run did not call: those of the public
        API (tag "public") or those needing an account or sign-in ("auth":
        with a security requirement, or the sign-in itself)."""
        out = []
        for p, item in self.doc["paths"].items():
            for m, op in item.items():
                if m not in ("get", "post", "put", "delete", "patch"):
                    continue
                auth = "security" in op or p == "/api/v1/session"
                if (tag == "auth") == auth and (p, m) not in self.seen:
                    out.append("%s %s" % (m.upper(), p))
        return out
