"""Credentials over HTTP against a real `puente serve` with a signing key and
a trust directory: the VC-API issue (authorities only; malformed data-model
input refused with a 4xx) and verify (200 valid, 400 not); the portal's
verification of a credential and of a certificate's QR text, with the
homologation in the verifier's country; the signed status lists and the
trust lists served; revocation by an authority of the issuing country, which
the next verification reports. Replies are checked against docs/openapi.yaml."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

work = tempfile.mkdtemp(prefix="puente-cred-api-")
os.environ["PUENTE_KEYS"] = os.path.join(work, "keys")
os.environ["PUENTE_KEY_PASSPHRASE"] = "correct horse battery"
os.environ["PUENTE_TRUST"] = os.path.join(work, "trust")
os.environ["PUENTE_BASE_URL"] = "https://puente.test"
os.environ["PUENTE_ISSUER_NAME"] = "INA Costa Rica"

from server import PUENTE, Server, Spec  # noqa: E402

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


def cli(*args, stdin=None):
    p = subprocess.run([PUENTE] + list(args), input=stdin, capture_output=True, text=True)
    assert p.returncode == 0, "%s: %s" % (" ".join(args), p.stderr)
    return p.stdout


# The issuer's key, an authority's key and its trust list, before the server.
os.makedirs(os.environ["PUENTE_TRUST"])
issuer = json.loads(cli("keys", "new", "--json"))["did"]
# Chile's authority has a key store of its own: it signs with its own DID.
issuer_cl = json.loads(cli("keys", "new", "--json", "--keys",
                           os.path.join(os.environ["PUENTE_KEYS"], "CL")))["did"]
akeys = os.path.join(work, "akeys")
cli("keys", "new", "--keys", akeys)
tl = os.path.join(os.environ["PUENTE_TRUST"], "sica.json")
cli("trust", "new", "--id", "https://trust.test/sica", "--valid-from", "2020-01-01T00:00:00Z", "-o", tl)
cli("trust", "add", tl, "--did", issuer, "--country", "CR", "--role", "authority", "--scope", "CR/*")
cli("trust", "sign", tl, "--keys", akeys)

srv = Server()
spec = Spec()
PASSWORD = "correct horse battery staple"
TOKENS = {}
for name, country in (("auth-cr", "CR"), ("auth-cl", "CL"), ("admin", None)):
    args = ["user", "add", name, "--role", "authority" if country else "admin"]
    if country:
        args += ["--country", country]
    p = srv.puente(*args, stdin=PASSWORD + "\n")
    assert p.returncode == 0, p.stderr
    p = srv.puente("user", "token", name, "--label", "test")
    assert p.returncode == 0, p.stderr
    TOKENS[name] = {"Authorization": "Bearer " + p.stdout.strip().split()[-1]}


def call(method, path, body=None, headers=None, want=None):
    status, reply, data = srv.request(method, path, body=body, headers=headers)
    if want is not None:
        assert status == want, "%s %s: %d, want %d: %s" % (method, path, status, want, data[:400])
    spec.check(method, path, status, reply, data)
    return status, (json.loads(data) if data and reply.getheader("Content-Type", "").startswith("application/json") else data)


def vc(**extra):
    c = {"@context": ["https://www.w3.org/ns/credentials/v2"],
         "type": ["VerifiableCredential"],
         "credentialSubject": {"id": "did:example:holder"}}
    c.update(extra)
    return {"credential": c, "options": {}}


issued = {}


@case("VC-API issue: authorities only, signed with the server's key")
def _():
    call("POST", "/credentials/issue", vc(), want=401)
    call("POST", "/credentials/issue", vc(), headers=TOKENS["admin"], want=403)
    _, r = call("POST", "/credentials/issue", vc(), headers=TOKENS["auth-cr"], want=201)
    c = r["verifiableCredential"]
    assert c["issuer"] == issuer, c["issuer"]
    assert c["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert len(c["credentialStatus"]) == 2
    issued["vc"] = c


@case("VC-API issue: malformed data-model input is a 4xx")
def _():
    bad = [
        vc(credentialSchema={"id": "https://example.org/schema.json"}),
        vc(refreshService={"id": "https://example.org/refresh"}),
        vc(issuer="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
        vc(validFrom="not a date"),
        vc(proof={"type": "DataIntegrityProof"}),
        {"credential": {"@context": ["https://www.w3.org/2018/credentials/v1"],
                        "type": ["VerifiableCredential"], "credentialSubject": {"id": "x:1"}}},
        {"credential": {"@context": ["https://www.w3.org/ns/credentials/v2"],
                        "type": ["Thing"], "credentialSubject": {"id": "x:1"}}},
        {"credential": "not an object"},
    ]
    for body in bad:
        status, r = call("POST", "/credentials/issue", body, headers=TOKENS["auth-cr"])
        assert 400 <= status < 500, "%s: %d %s" % (body, status, r)


@case("each country with a key store of its own signs with its own DID")
def _():
    _, r = call("POST", "/credentials/issue", vc(), headers=TOKENS["auth-cl"], want=201)
    c = r["verifiableCredential"]
    assert c["issuer"] == issuer_cl and issuer_cl != issuer, (c["issuer"], issuer_cl, issuer)
    assert c["proof"]["verificationMethod"].startswith(issuer_cl + "#"), c["proof"]
    path = "/api/v1/credentials/%s/revoke" % urllib.parse.quote(c["id"], safe=":")
    call("POST", path, {"reason": "x"}, headers=TOKENS["auth-cr"], want=403)
    _, rv = call("POST", path, {"reason": "issued in a test"}, headers=TOKENS["auth-cl"], want=200)
    assert rv["state"] == "revoked", rv
    _, v = call("POST", "/credentials/verify", {"verifiableCredential": c, "options": {}}, want=400)
    assert v["verified"] is False, v
    assert v["report"]["status"]["result"] == "revoked" and v["report"]["signature"]["result"] == "valid", v


@case("VC-API verify: 200 valid, 400 changed")
def _():
    _, r = call("POST", "/credentials/verify", {"verifiableCredential": issued["vc"], "options": {}}, want=200)
    assert r["verified"] is True, r
    bad = json.loads(json.dumps(issued["vc"]))
    bad["credentialSubject"]["id"] = "did:example:someone-else"
    _, r = call("POST", "/credentials/verify", {"verifiableCredential": bad, "options": {}}, want=400)
    assert r["verified"] is False and r["report"]["signature"]["result"] == "invalid", r
    call("POST", "/credentials/verify", {"nothing": 1}, want=400)


# A certificate of the catalogue, issued with the CLI into the server's database.
cred_path = os.path.join(work, "cred.json")
rec = json.loads(srv.puente("issue", "--as", "auth-cr", "--standard", "CR/CR-FARM-01",
                            "--holder-id", "1-2345-6789", "--lang", "es",
                            "-o", cred_path, "--json").stdout or "{}")
payload = json.loads(srv.puente("certificate", "payload", cred_path, "--json").stdout or "{}").get("payload", "")


@case("portal verify: a credential, trusted, active, and what it is worth in MX")
def _():
    assert rec.get("id"), "the CLI did not issue"
    body = open(cred_path).read()
    _, r = call("POST", "/api/v1/credentials/verify?to=MX", body, headers={"Content-Type": "application/json"}, want=200)
    assert r["ok"] is True, r
    assert r["trust"]["result"] == "trusted" and r["trust"]["list"] == "https://trust.test/sica", r["trust"]
    assert r["status"]["result"] == "active", r["status"]
    assert "homologation" in r, r.keys()
    _, r = call("POST", "/api/v1/credentials/verify", payload, headers={"Content-Type": "text/plain"}, want=200)
    assert r["ok"] is True and "homologation" not in r, r
    _, r = call("POST", "/api/v1/credentials/verify", "PU1:NOT-A-PAYLOAD", want=400)
    # One character changed (to a lower Base45 value, so the group stays
    # valid): the checksum says so, and the message names the payload once.
    i = next(k for k in range(40, len(payload)) if payload[k] != "0")
    bad = payload[:i] + "0" + payload[i + 1:]
    _, r = call("POST", "/api/v1/credentials/verify", bad, headers={"Content-Type": "text/plain"}, want=400)
    msg = r["error"]["message"]
    assert "bad checksum" in msg and msg.count("QR payload") == 1, msg
    _, r = call("POST", "/api/v1/credentials/verify", "PU9:" + payload[4:], want=400)
    assert r["error"]["message"].count("QR payload") == 1, r
    _, r = call("POST", "/api/v1/credentials/verify", "", want=400)
    _, r = call("POST", "/api/v1/credentials/verify?to=mexico", body, want=400)
    _, r = call("POST", "/api/v1/credentials/verify", '{"a": 1, "a": 2}', want=200)
    assert r["ok"] is False and r["document"]["result"] == "malformed", r


@case("a statement of attainment is worth what its units are worth")
def _():
    path = os.path.join(work, "soa.json")
    p = srv.puente("issue", "--as", "auth-cr", "--standard", "CR/CR-COOK-01", "--units", "U1,U2",
                   "--holder-id", "1-2345-6789", "--lang", "es", "-o", path, "--json")
    assert p.returncode == 0, p.stderr
    body = open(path).read()
    _, whole = call("GET", "/api/v1/homologate?from=CR/CR-COOK-01&to=NI", want=200)
    _, r = call("POST", "/api/v1/credentials/verify?to=NI", body,
                headers={"Content-Type": "application/json"}, want=200)
    h = r["homologation"]
    assert h["source"]["code"].startswith("CR-COOK-01 (2 of "), h["source"]
    assert h.get("agreement") is None and h["suggestion"] is True, h
    order = {"none": 0, "partial": 1, "full": 2}
    assert order[h["equivalence"]] <= order[whole["equivalence"]], (h["equivalence"], whole["equivalence"])
    assert h["equivalence"] != "full", h["equivalence"]


@case("status lists and trust lists are served")
def _():
    entry = json.load(open(cred_path))["credentialStatus"][0]
    name = entry["statusListCredential"].rsplit("/", 1)[1]
    _, r = call("GET", "/status/" + name, want=200)
    assert r["id"] == entry["statusListCredential"] and r["issuer"] == issuer, r
    call("GET", "/status/99-revocation", want=404)
    call("GET", "/status/nonsense", want=404)
    _, r = call("GET", "/api/v1/trust", want=200)
    assert len(r["lists"]) == 1 and r["lists"][0]["id"] == "https://trust.test/sica", r


@case("revocation: the issuing country's authority, with a reason; verify reports it")
def _():
    path = "/api/v1/credentials/%s/revoke" % urllib.parse.quote(rec["id"], safe=":")
    call("POST", path, {"reason": "annulled"}, want=401)
    call("POST", path, {"reason": "annulled"}, headers=TOKENS["auth-cl"], want=403)
    call("POST", path, {"reason": "annulled"}, headers=TOKENS["admin"], want=403)
    call("POST", path, {}, headers=TOKENS["auth-cr"], want=400)
    call("POST", path, {"reason": "x", "action": "destroy"}, headers=TOKENS["auth-cr"], want=400)
    call("POST", "/api/v1/credentials/urn:uuid:nope/revoke", {"reason": "x"}, headers=TOKENS["auth-cr"], want=404)
    _, r = call("POST", path, {"reason": "under review", "action": "suspend"}, headers=TOKENS["auth-cr"], want=200)
    assert r["state"] == "suspended" and r["changed"] is True, r
    _, r = call("POST", "/api/v1/credentials/verify", payload, want=200)
    assert r["status"]["result"] == "suspended" and r["ok"] is False, r
    _, r = call("POST", path, {"reason": "assessment annulled"}, headers=TOKENS["auth-cr"], want=200)
    assert r["state"] == "revoked", r
    _, r = call("POST", "/api/v1/credentials/verify", payload, want=200)
    assert r["status"]["result"] == "revoked" and r["ok"] is False, r
    _, r = call("POST", path, {"reason": "again"}, headers=TOKENS["auth-cr"], want=200)
    assert r["changed"] is False, r
    p = srv.puente("audit", "verify")
    assert p.returncode == 0, p.stdout + p.stderr


@case("a trust list added while the server runs is read without a restart")
def _():
    import time
    bkeys = os.path.join(work, "bkeys")
    cli("keys", "new", "--keys", bkeys)
    other = json.loads(cli("keys", "new", "--keys", os.path.join(work, "ckeys"), "--json"))["did"]
    tl2 = os.path.join(work, "caricom.json")
    cli("trust", "new", "--id", "https://trust.test/caricom", "--valid-from", "2020-01-01T00:00:00Z", "-o", tl2)
    cli("trust", "add", tl2, "--did", other, "--country", "JM", "--role", "authority", "--scope", "JM/*")
    cli("trust", "sign", tl2, "--keys", bkeys)
    os.rename(tl2, os.path.join(os.environ["PUENTE_TRUST"], "caricom.json"))
    time.sleep(2.5)
    _, r = call("GET", "/api/v1/trust", want=200)
    assert sorted(x["id"] for x in r["lists"]) == ["https://trust.test/caricom", "https://trust.test/sica"], r


srv.stop()


@case("a server that trusts no list does not call a signed certificate valid")
def _():
    empty = os.path.join(work, "no-trust")
    os.makedirs(empty)
    os.environ["PUENTE_TRUST"] = empty
    other = Server()
    try:
        status, reply, data = other.request("POST", "/api/v1/credentials/verify", open(cred_path).read(),
                                            headers={"Content-Type": "application/json"})
        r = json.loads(data)
        assert status == 200, (status, data[:200])
        assert r["signature"]["result"] == "valid", r["signature"]
        assert r["trust"]["result"] != "trusted" and r["ok"] is False, r
    finally:
        other.stop()


if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
print("all credential checks passed")
