"""Sign-in, sessions, CSRF, API tokens and the authorisation matrix of every
writing route against a real `puente serve`: each role tries each write, and
exactly the allowed ones pass; refused writes leave the catalogue as it was."""
import json
import os
import sys
import tempfile

# The server's signing key for the credential routes (made once users exist).
_work = tempfile.mkdtemp(prefix="puente-auth-")
os.environ["PUENTE_KEYS"] = os.path.join(_work, "keys")
os.environ["PUENTE_KEY_PASSPHRASE"] = "correct horse battery"

from server import Server, Spec  # noqa: E402

failures = []


def case(name):
    def wrap(fn):
        try:
            fn()
            print("ok   " + name)
        except AssertionError as e:
            failures.append(name)
            print("FAIL " + name + ": " + str(e))
        return fn
    return wrap


srv = Server()
spec = Spec()
PASSWORD = "correct horse battery"

USERS = {  # name: (role, country, centre)
    "admin": ("admin", None, None),
    "auth-cr": ("authority", "CR", None),
    "auth-cl": ("authority", "CL", None),
    "centre-cr": ("centre", "CR", "cr-ina-1"),
    "assessor-cr": ("assessor", "CR", "cr-ina-1"),
}
for name, (role, country, centre) in USERS.items():
    args = ["user", "add", name, "--role", role]
    if country:
        args += ["--country", country]
    if centre:
        args += ["--centre", centre]
    p = srv.puente(*args, stdin=PASSWORD + "\n")
    assert p.returncode == 0, p.stderr

# A key, and a Costa Rican credential to revoke in the matrix.
p = srv.puente("keys", "new")
assert p.returncode == 0, p.stderr
p = srv.puente("issue", "--as", "auth-cr", "--standard", "CR/CR-FARM-01", "--holder-did",
               "did:key:z6MkMatrixHolder", "-o", os.path.join(_work, "cred.json"), "--json")
assert p.returncode == 0, p.stderr
CRED_ID = json.loads(p.stdout)["id"]


# RECOGNITION CASES: the body cr-ina-1 of Costa Rica, its assessors, and
# cases in the states the matrix needs (C-1 runs through it step by step;
# C-2 decided not yet, to appeal; C-3 decided, to close; C-4 to withdraw).
def cli_ok(*args, stdin=None):
    p = srv.puente(*args, stdin=stdin)
    assert p.returncode == 0, "%s: %s" % (" ".join(args), p.stderr)
    return p.stdout


cli_ok("user", "add", "assessor2-cr", "--role", "assessor", "--country", "CR", "--centre", "cr-ina-1",
       stdin=PASSWORD + "\n")
cli_ok("accredit", "body", "add", "cr-ina-1", "--name", "INA", "--standard", "CR/CR-*", "--as", "auth-cr")
for a in ("assessor-cr", "assessor2-cr"):
    cli_ok("accredit", "assessor", "add", a, "--standard", "CR/CR-COOK-*", "--as", "auth-cr")
SPARE_GRANT = int(cli_ok("accredit", "centre", "add", "cr-spare", "--name", "Spare", "--standard",
                         "CR/CR-WAIT-01", "--as", "auth-cr").split("grant ")[1].split(":")[0])
CANDIDATES = []
for i in range(4):
    CANDIDATES.append(json.loads(cli_ok("case", "open", "--standard", "CR/CR-COOK-01", "--name", "P%d" % i,
                                        "--consent", "rpl", "--as", "centre-cr", "--json"))["candidate"])
for code, verdict in (("C-2", "not_yet_competent"), ("C-3", "competent")):
    cli_ok("case", "plan", code, "--units", "U1", "--as", "centre-cr")
    cli_ok("case", "assess", code, "--unit", "U1", "--method", "test", "--verdict", verdict,
           "--as", "assessor-cr")
    cli_ok("case", "decide", code, "--as", "centre-cr")
EVIDENCE = "matrix evidence\n"
EVIDENCE_SHA = __import__("hashlib").sha256(EVIDENCE.encode()).hexdigest()


def call(method, path, body=None, headers=None, want=None):
    status, reply, data = srv.request(method, path, body=body, headers=headers)
    if want is not None:
        assert status == want, "%s %s: %d, want %d: %s" % (method, path, status, want, data[:300])
    spec.check(method, path, status, reply, data)
    return status, reply, (json.loads(data) if data else None)


def login(name, password=PASSWORD):
    status, reply, body = call("POST", "/api/v1/session",
                               {"username": name, "password": password})
    if status != 200:
        return None
    cookie = reply.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
    return {"Cookie": cookie.split(";")[0], "X-CSRF-Token": body["csrf"]}


def standard_doc(country, code):
    return {"format": "puente/1", "standards": [{
        "country": country, "code": code, "language": "es",
        "title": {"es": "Prueba de importación " + code},
        "units": [{"code": "U1", "title": {"es": "Unidad de prueba"},
                   "elements": [{"code": "E1", "title": {"es": "Elemento"},
                                 "criteria": [{"code": "C1", "text": {"es": "Hace algo medible."}}]}]}]}]}


def catalog_version():
    return call("GET", "/api/v1/status", want=200)[2]["catalog_version"]


@case("sign-in, session, sign-out")
def _():
    h = login("auth-cr")
    assert h
    _, _, me = call("GET", "/api/v1/session", headers={"Cookie": h["Cookie"]}, want=200)
    assert me["user"] == {"name": "auth-cr", "role": "authority", "country": "CR"}, me
    call("DELETE", "/api/v1/session", headers={"Cookie": h["Cookie"]}, want=403)  # no CSRF
    call("DELETE", "/api/v1/session", headers=h, want=200)
    call("GET", "/api/v1/session", headers={"Cookie": h["Cookie"]}, want=401)
    call("GET", "/api/v1/session", want=401)


@case("bad sign-ins say nothing about the account")
def _():
    _, _, a = call("POST", "/api/v1/session", {"username": "auth-cl", "password": "wrong password!"}, want=401)
    _, _, b = call("POST", "/api/v1/session", {"username": "nobody", "password": "wrong password!"}, want=401)
    assert a["error"]["message"] == b["error"]["message"], (a, b)
    call("POST", "/api/v1/session", {"username": "x"}, want=400)
    call("POST", "/api/v1/session", "not json", want=400)
    status, reply, data = srv.request("POST", "/api/v1/session",
                                      body='{"username":"a","username":"b","password":"p"}')
    assert status == 400, status


@case("login lockout after repeated failures")
def _():
    for _ in range(5):
        call("POST", "/api/v1/session", {"username": "assessor-cr", "password": "wrong password!"}, want=401)
    # now even the right password is refused for a while
    call("POST", "/api/v1/session", {"username": "assessor-cr", "password": PASSWORD}, want=401)


@case("forged or missing CSRF tokens, forged cookies")
def _():
    h = login("auth-cr")
    doc = standard_doc("CR", "CR-TEST-CSRF")
    v = catalog_version()
    call("POST", "/api/v1/imports?name=t.json", doc, headers={"Cookie": h["Cookie"]}, want=403)
    call("POST", "/api/v1/imports?name=t.json", doc,
         headers={"Cookie": h["Cookie"], "X-CSRF-Token": "x" * 43}, want=403)
    call("POST", "/api/v1/imports?name=t.json", doc,
         headers={"Cookie": "puente_session=pus_" + "A" * 43, "X-CSRF-Token": h["X-CSRF-Token"]}, want=401)
    call("POST", "/api/v1/imports?name=t.json", doc,
         headers={"Authorization": "Bearer nope"}, want=401)
    assert catalog_version() == v, "a refused write changed the catalogue"


# Every writing route, and who may use it. Each entry: (label, method, path,
# body, {user: expected status}); users not listed expect 403; the public 401.
MATRIX = [
    ("confirm an equivalence in CR", "POST", "/api/v1/agreements/confirm",
     lambda u: {"source": "NI/NI-COOK-01", "destination": "CR/CR-WAIT-01",
                "equivalence": "partial", "note": "matrix " + u},
     {"admin": 200, "auth-cr": 200}),
    ("import a CR standard", "POST", "/api/v1/imports?name=cr.json",
     lambda u: standard_doc("CR", "CR-TEST-" + u.upper().replace("-", "")),
     {"admin": 200, "auth-cr": 200}),
    ("import a PE standard", "POST", "/api/v1/imports?name=pe.json",
     lambda u: standard_doc("PE", "PE-TEST-" + u.upper().replace("-", "")),
     {"admin": 200}),
    ("import a CL standard", "POST", "/api/v1/imports?name=cl.json",
     lambda u: standard_doc("CL", "CL-TEST-" + u.upper().replace("-", "")),
     {"admin": 200, "auth-cl": 200}),
    ("import a mixed CR+CL file", "POST", "/api/v1/imports?name=mixed.json",
     lambda u: {"format": "puente/1", "standards": standard_doc("CR", "CR-MIX-" + u.upper().replace("-", ""))["standards"]
                + standard_doc("CL", "CL-MIX-" + u.upper().replace("-", ""))["standards"]},
     {"admin": 200}),
    ("issue a credential (VC-API)", "POST", "/credentials/issue",
     lambda u: {"credential": {"@context": ["https://www.w3.org/ns/credentials/v2"],
                               "type": ["VerifiableCredential"],
                               "credentialSubject": {"id": "did:example:" + u}}, "options": {}},
     {"auth-cr": 201, "auth-cl": 201}),
    ("suspend a CR credential", "POST", "/api/v1/credentials/%s/revoke" % CRED_ID,
     lambda u: {"reason": "matrix check by " + u, "action": "suspend"},
     {"auth-cr": 200}),
    # Recognition cases (docs/design.md, "Recognition cases"): staff of the
    # case's centre write, its assessors assess, its body decides, the
    # country's authority accredits, recognises and records the certificate.
    ("accredit a CR centre", "POST", "/api/v1/accreditations/orgs",
     lambda u: {"id": "cr-matrix-1", "kind": "centre", "name": "Matrix", "country": "CR"},
     {"auth-cr": 201}),
    ("grant scope to a CR centre", "POST", "/api/v1/accreditations/grants",
     lambda u: {"org": "cr-matrix-1", "country": "CR", "standard": "CR/CR-WAIT-*"},
     {"auth-cr": 201}),
    ("grant scope to a CR assessor", "POST", "/api/v1/accreditations/grants",
     lambda u: {"assessor": "assessor-cr", "standard": "CR/CR-WAIT-01", "valid_to": "2099-12-31"},
     {"auth-cr": 201}),
    ("withdraw a CR grant", "POST", "/api/v1/accreditations/grants/%d/withdrawal" % SPARE_GRANT,
     lambda u: {"reason": "matrix " + u}, {"auth-cr": 200}),
    ("withdraw a CR centre", "POST", "/api/v1/accreditations/orgs/CR/cr-spare/withdrawal",
     lambda u: {"reason": "matrix " + u}, {"auth-cr": 200}),
    ("decide on a certificate presented in CR", "POST", "/api/v1/recognitions",
     lambda u: {"country": "CR", "from": "NI/NI-COOK-01", "to": "CR-COOK-01", "decision": "full",
                "presented": "paper", "credential": "matrix " + u},
     {"auth-cr": 201}),
    ("record a candidate at cr-ina-1", "POST", "/api/v1/candidates",
     lambda u: {"name": "Matrix " + u, "consent": "rpl", "documents": [{"kind": "none"}]},
     {"centre-cr": 201}),
    ("open a case at cr-ina-1", "POST", "/api/v1/cases",
     lambda u: {"standard": "CR/CR-COOK-01", "person": {"name": "Matrix " + u, "consent": "rpl"}},
     {"centre-cr": 201}),
    ("self-assessment in C-1", "POST", "/api/v1/cases/C-1/self-assessment",
     lambda u: {"unit": "U1", "can_do": "matrix " + u, "months": 12}, {"centre-cr": 200}),
    ("testimony in C-1", "POST", "/api/v1/cases/C-1/evidence",
     lambda u: {"kind": "testimony", "title": "witness", "body": "matrix " + u}, {"centre-cr": 201}),
    ("evidence file in C-1", "POST", "/api/v1/cases/C-1/evidence/file?title=m.txt",
     lambda u: EVIDENCE, {"centre-cr": 201}),
    ("fee in C-1", "POST", "/api/v1/cases/C-1/fees",
     lambda u: {"step": "intake", "amount": 100, "currency": "CRC"}, {"centre-cr": 201}),
    ("assessment plan of C-1", "POST", "/api/v1/cases/C-1/plan",
     lambda u: {"units": ["U1"]}, {"centre-cr": 200}),
    ("verdict in C-1", "POST", "/api/v1/cases/C-1/assessments",
     lambda u: {"unit": "U1", "method": "observation", "verdict": "competent"},
     {"assessor-cr": 200}),
    ("decide C-1", "POST", "/api/v1/cases/C-1/decision", lambda u: {}, {"centre-cr": 200}),
    # the deciders may record it too: after the authority did, theirs conflicts
    ("certificate of C-1", "POST", "/api/v1/cases/C-1/certificate",
     lambda u: {"credential": "urn:uuid:matrix-" + u}, {"auth-cr": 200, "centre-cr": 409}),
    ("appeal C-2", "POST", "/api/v1/cases/C-2/appeal",
     lambda u: {"assessor": "assessor2-cr", "reason": "matrix " + u}, {"centre-cr": 200}),
    ("close C-3", "POST", "/api/v1/cases/C-3/close", lambda u: {}, {"centre-cr": 200}),
    ("withdraw C-4", "POST", "/api/v1/cases/C-4/withdrawal",
     lambda u: {"reason": "matrix " + u}, {"centre-cr": 200}),
    ("erase a candidate of cr-ina-1", "POST", "/api/v1/candidates/%s/erasure" % CANDIDATES[3],
     lambda u: {}, {"centre-cr": 200}),
]


@case("authorisation matrix: every role on every writing route")
def _():
    sessions = {u: login(u) for u in USERS if u != "assessor-cr"}
    # assessor-cr is locked out above: use an API token for it instead
    p = srv.puente("user", "token", "assessor-cr", "--label", "matrix")
    assert p.returncode == 0, p.stderr
    sessions["assessor-cr"] = {"Authorization": "Bearer " + p.stdout.strip().split()[-1]}
    sessions["public"] = {}
    wrong = []
    for label, method, path, body, allowed in MATRIX:
        for user, headers in sessions.items():
            want = 401 if user == "public" else allowed.get(user, 403)
            v = catalog_version()
            status, _, reply = call(method, path, body(user), headers=headers)
            if status != want:
                wrong.append("%s as %s: %d, want %d (%s)" % (label, user, status, want, reply))
            if status != 200 and catalog_version() != v:
                wrong.append("%s as %s: refused but the catalogue changed" % (label, user))
            if status == 403 and "error" in (reply or {}):
                assert reply["error"]["code"] == "forbidden", reply
    assert not wrong, "\n  " + "\n  ".join(wrong)


# Reading routes that need an account, and who may read.
READS = [
    ("GET", "/api/v1/cases", {"centre-cr": 200, "assessor-cr": 200}),
    ("GET", "/api/v1/cases/C-1", {"centre-cr": 200, "assessor-cr": 200}),
    ("GET", "/api/v1/candidates/" + CANDIDATES[0], {"centre-cr": 200, "assessor-cr": 200}),
    ("GET", "/api/v1/cases/C-1/evidence/" + EVIDENCE_SHA, {"centre-cr": 200, "assessor-cr": 200}),
    ("GET", "/api/v1/recognitions", {"auth-cr": 200, "auth-cl": 200}),
    ("GET", "/api/v1/recognitions/1", {"auth-cr": 200}),
]


@case("recognition cases: who may read")
def _():
    sessions = {u: login(u) for u in ("admin", "auth-cr", "auth-cl", "centre-cr")}
    p = srv.puente("user", "token", "assessor-cr", "--label", "reads")
    assert p.returncode == 0, p.stderr
    sessions["assessor-cr"] = {"Authorization": "Bearer " + p.stdout.strip().split()[-1]}
    sessions["public"] = {}
    wrong = []
    for method, path, allowed in READS:
        for user, headers in sessions.items():
            want = 401 if user == "public" else allowed.get(user, 403)
            status, reply, data = srv.request(method, path, headers=headers)
            spec.check(method, path, status, reply, data)
            if status != want:
                wrong.append("%s %s as %s: %d, want %d (%s)" % (method, path, user, status, want, data[:200]))
    assert not wrong, "\n  " + "\n  ".join(wrong)


@case("an authority's import is visible at once, and audited")
def _():
    h = login("auth-cr")
    call("POST", "/api/v1/imports?name=new.json", standard_doc("CR", "CR-NEW-01"), headers=h, want=200)
    call("GET", "/api/v1/standards/CR/CR-NEW-01", want=200)
    p = srv.puente("audit", "verify")
    assert p.returncode == 0, p.stdout + p.stderr


@case("replies carry an ETag; a write changes them at once")
def _():
    path = "/api/v1/standards?q=etagtest"
    status, reply, data = srv.request("GET", path)
    assert status == 200 and json.loads(data)["results"] == []
    etag = reply.getheader("ETag")
    assert etag and "Accept-Language" in reply.getheader("Vary"), etag
    status, reply, data = srv.request("GET", path, headers={"If-None-Match": etag})
    assert status == 304 and data == b"", status
    doc = standard_doc("CR", "CR-ETAG-01")
    doc["standards"][0]["title"]["es"] = "Etagtest de cocina"
    call("POST", "/api/v1/imports?name=etag.json", doc, headers=login("admin"), want=200)
    status, reply, data = srv.request("GET", path, headers={"If-None-Match": etag})
    assert status == 200 and reply.getheader("ETag") != etag, status
    assert [h["code"] for h in json.loads(data)["results"]] == ["CR-ETAG-01"], data


@case("bad imports: no name, path in name, bad data, oversized, deep JSON, invalid UTF-8")
def _():
    h = login("admin")
    v = catalog_version()
    call("POST", "/api/v1/imports", standard_doc("CR", "CR-X-1"), headers=h, want=400)
    call("POST", "/api/v1/imports?name=../../etc/x.json", standard_doc("CR", "CR-X-1"), headers=h, want=400)
    _, _, e = call("POST", "/api/v1/imports?name=bad.json", {"format": "puente/1", "standards": [{"country": "CR"}]}, headers=h, want=400)
    assert "bad.json" in e["error"]["message"], e
    call("POST", "/api/v1/imports?name=deep.json", "[" * 5000 + "]" * 5000, headers=h, want=400)
    call("POST", "/api/v1/imports?name=bad.json", b'{"standards": "\xff\xfe"}', headers=h, want=400)
    big = b"x" * (33 << 20)
    status, _, _ = srv.request("POST", "/api/v1/imports?name=big.csv", body=big, headers=h)
    assert status == 413, status
    status, _, data = srv.request("POST", "/api/v1/session", body=b"{" * (2 << 20))
    assert status == 413, status
    assert catalog_version() == v, "a refused import changed the catalogue"


@case("expired sessions and disabled accounts")
def _():
    import sqlite3
    h = login("auth-cl")
    call("GET", "/api/v1/session", headers=h, want=200)
    db = sqlite3.connect(srv.db)
    # idle for 9 hours (the idle limit is 8)
    db.execute("UPDATE session SET seen_at = seen_at - 9 * 3600")
    db.commit()
    call("GET", "/api/v1/session", headers=h, want=401)
    h = login("auth-cl")
    # signed in 25 hours ago, active all along (the absolute limit is 24)
    db.execute("UPDATE session SET created_at = created_at - 25 * 3600")
    db.commit()
    db.close()
    call("POST", "/api/v1/imports?name=cl.json", standard_doc("CL", "CL-LATE-01"), headers=h, want=401)
    h = login("auth-cl")
    p = srv.puente("user", "disable", "auth-cl")
    assert p.returncode == 0, p.stderr
    call("POST", "/api/v1/imports?name=cl.json", standard_doc("CL", "CL-LATE-01"), headers=h, want=401)
    assert login("auth-cl") is None


@case("one address trying many accounts is slowed down (run last: it blocks this address)")
def _():
    seen = []
    for i in range(40):
        status, reply, body = call("POST", "/api/v1/session",
                                   {"username": "guess%d" % i, "password": "wrong password!"})
        seen.append(status)
        if status == 429:
            assert int(reply.getheader("Retry-After")) > 0
            assert body["error"]["code"] == "too_many_attempts", body
            break
    assert seen[-1] == 429 and seen.count(401) >= 20, seen
    # the right password does not get through from this address either
    call("POST", "/api/v1/session", {"username": "admin", "password": PASSWORD}, want=429)


@case("every documented route needing an account was exercised")
def _():
    missing = spec.unexercised("auth")
    assert not missing, missing


srv.stop()
if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
print("all auth checks passed")
