"""Recognition cases through the API against a real `puente serve` (issue 6):
a Nicaraguan cook with no documents assessed on every unit at a Costa Rican
body, who receives a statement of attainment; a Mexican electrician's
certificate recognised in Chile as partial, whose new case holds only the gap
units; a Venezuelan with a Colombian migrant permit certified in Colombia,
the credential issued through the VC-API, recorded on the case and verified
with its worth in Peru. On the way: accreditation by each country's
authority, an assessor outside scope, another centre, another country's
authority, refused (403) on every route; steps out of order (409 with the
library's message); uploads over the limit or of a forbidden type; the
candidate's follow-up with the case code and PIN, in Spanish, then wrong
PINs until the case's PIN locks. Replies are checked against
docs/openapi.yaml."""
import json
import os
import sys
import tempfile
import time

work = tempfile.mkdtemp(prefix="puente-cases-api-")
os.environ["PUENTE_KEYS"] = os.path.join(work, "keys")
os.environ["PUENTE_KEY_PASSPHRASE"] = "correct horse battery"
os.environ["PUENTE_TRUST"] = os.path.join(work, "trust")

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
PASSWORD = "correct horse battery staple"
USERS = {  # name: (role, country, centre)
    "cr-auth": ("authority", "CR", None),
    "ni-auth": ("authority", "NI", None),
    "cl-auth": ("authority", "CL", None),
    "pe-auth": ("authority", "PE", None),
    "co-auth": ("authority", "CO", None),
    "cr-staff": ("centre", "CR", "INA-CR"),
    "cr-other": ("centre", "CR", "OTRO"),
    "ana": ("assessor", "CR", "INA-CR"),
    "ben": ("assessor", "CR", "INA-CR"),
    "cris": ("assessor", "CR", "INA-CR"),
    "cl-staff": ("centre", "CL", "OTEC-SANTIAGO"),
    "carla": ("assessor", "CL", "OTEC-SANTIAGO"),
    "sena-staff": ("centre", "CO", "SENA-BOG"),
    "diego": ("assessor", "CO", "SENA-BOG"),
}
AS = {}
for name, (role, country, centre) in USERS.items():
    args = ["user", "add", name, "--role", role, "--country", country]
    if centre:
        args += ["--centre", centre]
    p = srv.puente(*args, stdin=PASSWORD + "\n")
    assert p.returncode == 0, p.stderr
    p = srv.puente("user", "token", name, "--label", "cases")
    assert p.returncode == 0, p.stderr
    AS[name] = {"Authorization": "Bearer " + p.stdout.strip().split()[-1]}
p = srv.puente("keys", "new", "--json")
assert p.returncode == 0, p.stderr
ISSUER = json.loads(p.stdout)["did"]
# A regional trust list accrediting the server's key for CO and CR, signed
# by an authority's own key (read by the server at its first verification).
os.makedirs(os.environ["PUENTE_TRUST"])
akeys = os.path.join(work, "akeys")
tl = os.path.join(os.environ["PUENTE_TRUST"], "region.json")
for args in (("keys", "new", "--keys", akeys),
             ("trust", "new", "--id", "https://trust.test/region", "--valid-from",
              "2020-01-01T00:00:00Z", "-o", tl),
             ("trust", "add", tl, "--did", ISSUER, "--country", "CO", "--role",
              "authority", "--scope", "CO/*,CR/*"),
             ("trust", "sign", tl, "--keys", akeys)):
    p = srv.puente(*args)
    assert p.returncode == 0, (args, p.stderr)


def call(method, path, body=None, who=None, want=None, headers=None):
    hdrs = dict(AS[who]) if who else {}
    hdrs.update(headers or {})
    status, reply, data = srv.request(method, path, body=body, headers=hdrs)
    if want is not None:
        assert status == want, "%s %s as %s: %d, want %d: %s" % (
            method, path, who, status, want, data[:400])
    spec.check(method, path, status, reply, data)
    ctype = reply.getheader("Content-Type") or ""
    return status, (json.loads(data) if data and ctype.startswith("application/json") else data)


def refused(method, path, body, who, status=403, says=None):
    _, r = call(method, path, body, who=who, want=status)
    if says:
        assert says in r["error"]["message"], r
    return r


def wait_index():
    for _ in range(600):
        _, r = call("GET", "/healthz", want=200)
        if r["index"]:
            return
        time.sleep(0.1)
    raise AssertionError("the homologation index was not built in 60 s")


def accredit(auth, org, kind, name, standards, assessors):
    call("POST", "/api/v1/accreditations/orgs", {"id": org, "kind": kind, "name": name},
         who=auth, want=201)
    for s in standards:
        call("POST", "/api/v1/accreditations/grants", {"org": org, "standard": s}, who=auth, want=201)
    for a, s in assessors:
        _, g = call("POST", "/api/v1/accreditations/grants", {"assessor": a, "standard": s},
                    who=auth, want=201)
        assert g["assessor"] == a and g["org"] == org and g["valid_from"], g


def steps(code):
    """Every route of a case, with a body that would pass for the right
    person: used to show that the wrong person is refused by each."""
    c = "/api/v1/cases/" + code
    return [
        ("GET", c, None),
        ("POST", c + "/self-assessment", {"unit": "U1", "can_do": "x"}),
        ("POST", c + "/evidence", {"kind": "testimony", "title": "w", "body": "x"}),
        ("POST", c + "/evidence/file?title=a.txt", "texto de prueba\n"),
        ("POST", c + "/plan", {}),
        ("POST", c + "/assessments", {"unit": "U1", "method": "test", "verdict": "competent"}),
        ("POST", c + "/decision", {}),
        ("POST", c + "/appeal", {"assessor": "ben", "reason": "x"}),
        ("POST", c + "/certificate", {"credential": "urn:uuid:x"}),
        ("POST", c + "/close", {}),
        ("POST", c + "/withdrawal", {"reason": "x"}),
        ("POST", c + "/fees", {"step": "intake", "amount": 1, "currency": "CRC"}),
    ]


rosa = {}


@case("accreditation: each country's authority, and only its own")
def _():
    refused("POST", "/api/v1/accreditations/orgs",
            {"id": "INA-CR", "kind": "body", "name": "INA", "country": "CR"}, "ni-auth",
            says="may not accredit CR")
    refused("POST", "/api/v1/accreditations/orgs", {"id": "X", "kind": "centre", "name": "X"},
            "cr-staff")
    call("POST", "/api/v1/accreditations/orgs", {"id": "X", "kind": "school", "name": "X"},
         who="cr-auth", want=400)
    accredit("cr-auth", "INA-CR", "body", "Instituto Nacional de Aprendizaje", ["CR/CR-*"],
             [("ana", "CR/CR-COOK-*"), ("ben", "CR/CR-WAIT-01")])
    accredit("cr-auth", "OTRO", "centre", "Otro centro", ["CR/CR-*"], [])
    call("POST", "/api/v1/accreditations/orgs", {"id": "INA-CR", "kind": "body", "name": "again"},
         who="cr-auth", want=409)
    refused("POST", "/api/v1/accreditations/grants", {"org": "INA-CR", "standard": "CR/CR-*",
                                                      "country": "CR"}, "ni-auth")
    _, g = call("POST", "/api/v1/accreditations/grants", {"org": "OTRO", "standard": "CR/CR-WAIT-01",
                                                          "valid_to": "2030-12-31"},
                who="cr-auth", want=201)
    refused("POST", "/api/v1/accreditations/grants/%d/withdrawal" % g["id"], {"reason": "x"}, "ni-auth")
    call("POST", "/api/v1/accreditations/grants/%d/withdrawal" % g["id"], {"reason": "duplicada"},
         who="cr-auth", want=200)
    call("POST", "/api/v1/accreditations/grants/999999/withdrawal", {"reason": "x"},
         who="cr-auth", want=404)
    _, reg = call("GET", "/api/v1/accreditations?country=CR", want=200)
    ina = [o for o in reg["organisations"] if o["id"] == "INA-CR"]
    assert ina and ina[0]["kind"] == "body" and ina[0]["grants"][0]["standard"] == "CR-*", reg
    assert {a["assessor"] for a in ina[0]["assessors"]} == {"ana", "ben"}, ina


@case("journey 1: a Nicaraguan cook without documents, assessed on every unit")
def _():
    person = {"name": "Rosa Amelia Chavarría", "birth_year": 1986, "languages": "es",
              "documents": [{"kind": "none"}], "consent": "rpl,statistics"}
    call("POST", "/api/v1/cases", {"standard": "CR/CR-COOK-01",
                                   "person": dict(person, consent="statistics")},
         who="cr-staff", want=400)
    refused("POST", "/api/v1/cases", {"standard": "CR/CR-COOK-01", "person": person}, "ana")
    refused("POST", "/api/v1/cases", {"standard": "CR/CR-COOK-01", "person": person}, "cr-auth")
    _, r = call("POST", "/api/v1/cases", {"standard": "CR/CR-COOK-01", "person": person},
                who="cr-staff", want=201)
    code, pin = r["case"], r["pin"]
    rosa.update(code=code, pin=pin, candidate=r["candidate"])
    assert len(pin) == 10 and pin.isdigit(), pin
    p = srv.puente("audit", "list", "--json")
    assert "Rosa" not in p.stdout, "a name reached the audit log"
    _, who = call("GET", "/api/v1/candidates/" + r["candidate"], who="cr-staff", want=200)
    assert who["name"] == person["name"] and who["assurance"] == "low", who
    assert who["documents"] == [{"kind": "none", "country": ""}], who
    call("GET", "/api/v1/candidates/" + r["candidate"], who="ana", want=200)
    refused("GET", "/api/v1/candidates/" + r["candidate"], None, "cr-other")
    refused("GET", "/api/v1/candidates/" + r["candidate"], None, "cr-auth")
    call("GET", "/api/v1/candidates/P-0000000000000000", who="cr-staff", want=404)

    c = "/api/v1/cases/" + code
    _, e = call("POST", c + "/decision", {}, who="cr-staff", want=409)
    assert "case %s is in intake" % code in e["error"]["message"], e
    call("POST", c + "/self-assessment", {"unit": "U1", "can_do": "Mantengo la cocina limpia",
                                          "where": "Comedor en Chinandega", "months": 96},
         who="cr-staff", want=200)
    call("POST", c + "/evidence", {"kind": "interview", "title": "ana",
                                   "body": {"work": "cocinera 8 años", "documents": "perdidos"}},
         who="cr-staff", want=201)
    call("POST", c + "/evidence", {"kind": "testimony", "title": "Dueña",
                                   "body": "Cocinó en mi comedor 8 años", "unit": "U2"},
         who="cr-staff", want=201)
    call("POST", c + "/evidence", {"kind": "song", "body": "x"}, who="cr-staff", want=400)
    # A file: stored by its digest, served back to those who read the case.
    pdf = b"%PDF-1.4 carta de recomendacion\n"
    _, f = call("POST", c + "/evidence/file?title=carta.pdf&unit=U3", pdf,
                who="cr-staff", headers={"Content-Type": "application/pdf"}, want=201)
    assert len(f["sha256"]) == 64, f
    _, got = call("GET", c + "/evidence/" + f["sha256"], who="cr-staff", want=200)
    assert got == pdf, got
    refused("GET", c + "/evidence/" + f["sha256"], None, "cr-other")
    call("GET", c + "/evidence/" + "0" * 64, who="cr-staff", want=404)
    # Forbidden type, a lie about the type, over the limit: refused, nothing kept.
    _, e = call("POST", c + "/evidence/file?title=tool.exe", b"MZ\x90\x00\x03\x00\x00\x00",
                who="cr-staff", headers={"Content-Type": "application/octet-stream"}, want=400)
    assert "this type of file is not accepted" in e["error"]["message"], e
    call("POST", c + "/evidence/file?title=x.png", pdf, who="cr-staff",
         headers={"Content-Type": "image/png"}, want=400)
    call("POST", c + "/evidence/file?title=big.pdf", b"%PDF-1.4\n" + b"0" * (20 << 20),
         who="cr-staff", headers={"Content-Type": "application/pdf"}, want=413)
    call("POST", c + "/fees", {"step": "intake", "amount": 0, "currency": "CRC",
                               "status": "waived", "reason": "sin recursos"},
         who="cr-staff", want=201)
    call("POST", c + "/fees", {"step": "assessment", "amount": 1500000, "currency": "CRC"},
         who="cr-staff", want=201)
    call("POST", c + "/fees", {"step": "assessment", "amount": "mucho"}, who="cr-staff", want=400)
    _, k = call("GET", c, who="cr-staff", want=200)
    assert len(k["evidence"]) == 3 and k["state"] == "portfolio", k

    refused("POST", c + "/plan", {}, "ana")
    call("POST", c + "/plan", {"units": "U1"}, who="cr-staff", want=400)
    _, k = call("POST", c + "/plan", {}, who="cr-staff", want=200)
    assert k["state"] == "assessment" and all(u["planned"] for u in k["units"]), k
    _, e = call("POST", c + "/self-assessment", {"unit": "U2", "can_do": "x"}, who="cr-staff",
                want=409)
    assert "is in assessment" in e["error"]["message"], e

    # ben is accredited for waiting tables only: outside scope.
    refused("POST", c + "/assessments", {"unit": "U1", "method": "observation",
                                         "verdict": "competent"}, "ben",
            says="assessor ben of CR/INA-CR is not accredited for CR/CR-COOK-01")
    call("POST", c + "/assessments", {"unit": "U1", "method": "magic", "verdict": "competent"},
         who="ana", want=400)
    for u in ("U1", "U2", "U3", "U4", "U5"):
        call("POST", c + "/assessments", {"unit": u, "method": "observation",
                                          "verdict": "competent"}, who="ana", want=200)
    _, e = call("POST", c + "/decision", {}, who="cr-staff", want=409)
    assert "before every planned unit has a verdict (none yet for U6)" in e["error"]["message"], e
    call("POST", c + "/assessments", {"unit": "U6", "method": "test",
                                      "verdict": "not_yet_competent", "notes": "Inventario"},
         who="ana", want=200)
    refused("POST", c + "/decision", {}, "ana")
    refused("POST", c + "/decision", {}, "ni-auth")
    _, d = call("POST", c + "/decision", {}, who="cr-staff", want=200)
    assert d["outcome"] == "attainment", d

    # The candidate follows the case, in Spanish.
    _, s = call("POST", c + "/follow", {"pin": pin, "lang": "es"}, want=200)
    assert s["state"] == "decided" and s["next"] == "case.next.certificate", s
    assert s["params"]["units"] == "U1,U2,U3,U4,U5", s
    assert s["due"] == 1500000 and s["currency"] == "CRC" and s["waived"] == 0, s
    assert "U1, U2, U3, U4, U5" in s["next_text"] and s["lang"] == "es", s

    refused("POST", c + "/certificate", {"issue": True}, "ni-auth")
    refused("POST", c + "/certificate", {"issue": True}, "cr-other")
    call("POST", c + "/certificate", {"issue": True, "credential": "urn:x"}, who="cr-staff", want=400)
    # The statement of attainment, issued from the case by the body that
    # decided it: the units achieved.
    _, cert = call("POST", c + "/certificate", {"issue": True, "lang": "es"}, who="cr-staff", want=200)
    vc = cert["verifiableCredential"]
    ach = vc["credentialSubject"]["achievement"]
    assert ach["achievementType"] == "ext:StatementOfAttainment", ach
    got = sorted(x["resultDescription"].rsplit("#unit-", 1)[1] for x in vc["credentialSubject"]["result"])
    assert got == ["U1", "U2", "U3", "U4", "U5"], got
    assert "Nicaragua" not in json.dumps(vc) and "name" not in vc["credentialSubject"], vc["credentialSubject"]
    _, v = call("POST", "/api/v1/credentials/verify", json.dumps(vc),
                headers={"Content-Type": "application/json"}, want=200)
    assert v["ok"] is True, v
    _, k = call("GET", c, who="cr-staff", want=200)
    assert k["state"] == "certified" and k["outcome"] == "attainment", k
    assert k["credential"] == vc["id"], k
    assert sum(u["verdict"] == "competent" for u in k["units"]) == 5, k["units"]
    _, e = call("POST", c + "/withdrawal", {"reason": "se fue"}, who="cr-staff", want=409)
    assert "is certified" in e["error"]["message"], e
    _, lst = call("GET", "/api/v1/cases", who="cr-staff", want=200)
    assert [x["code"] for x in lst["cases"]] == [code], lst
    _, lst = call("GET", "/api/v1/cases?state=certified", who="ana", want=200)
    assert len(lst["cases"]) == 1, lst
    call("GET", "/api/v1/cases?state=sleeping", who="cr-staff", want=400)
    _, lst = call("GET", "/api/v1/cases", who="cr-other", want=200)
    assert lst["cases"] == [], "another centre lists Costa Rica's INA cases"


@case("another centre, an assessor, another country's authority: refused by every route")
def _():
    code = rosa["code"]
    for method, path, body in steps(code):
        hdr = {"Content-Type": "text/plain"} if path.endswith("a.txt") else None
        for who in ("cr-other", "ni-auth"):
            status, r = call(method, path, body, who=who, headers=hdr)
            assert status == 403, "%s %s as %s: %d %s" % (method, path, who, status, r)
            assert r["error"]["code"] == "forbidden", r
    # the other centre learns that the code exists, nothing more
    _, r = call("GET", "/api/v1/cases/" + code, who="cr-other", want=403)
    assert "Rosa" not in json.dumps(r) and "U1" not in json.dumps(r), r
    call("GET", "/api/v1/cases/C-999", who="cr-staff", want=404)
    call("GET", "/api/v1/cases/" + code, want=401)


@case("a case for a withdrawn standard, unknown standards and candidates: nothing half-written")
def _():
    old = {"format": "puente/1", "standards": [{
        "country": "CR", "code": "CR-OLD-01", "language": "es", "status": "withdrawn",
        "title": {"es": "Cocina de antes"},
        "units": [{"code": "U1", "title": {"es": "Cocinar"},
                   "elements": [{"code": "E1", "title": {"es": "Elemento"},
                                 "criteria": [{"code": "C1", "text": {"es": "Cocina algo."}}]}]}]}]}
    call("POST", "/api/v1/imports?name=old.json", old, who="cr-auth", want=200)
    adds = srv.puente("audit", "list", "--json").stdout.count('"candidate.add"')
    _, e = call("POST", "/api/v1/cases", {"standard": "CR/CR-OLD-01",
                                          "person": {"name": "Nadie", "consent": "rpl"}},
                who="cr-staff", want=409)
    assert "standard CR/CR-OLD-01 is withdrawn" in e["error"]["message"], e
    assert srv.puente("audit", "list", "--json").stdout.count('"candidate.add"') == adds, \
        "a refused case left a candidate behind"
    _, r = call("POST", "/api/v1/candidates", {"name": "Marta", "consent": "rpl",
                                               "documents": [{"kind": "passport", "country": "NI"}]},
                who="cr-staff", want=201)
    assert r["assurance"] == "substantial", r
    refused("POST", "/api/v1/candidates", {"name": "Marta", "consent": "rpl"}, "cr-auth")
    call("POST", "/api/v1/candidates", {"name": "M", "consent": "rpl",
                                        "documents": [{"kind": "visa"}]}, who="cr-staff", want=400)
    # ben's only grant is for waiting; a case for a standard INA is not accredited for
    call("POST", "/api/v1/cases", {"standard": "CR/CR-NOPE-01", "candidate": r["candidate"]},
         who="cr-staff", want=404)
    call("POST", "/api/v1/cases", {"standard": "CR-COOK-01", "candidate": r["candidate"]},
         who="cr-staff", want=400)
    status, _ = call("POST", "/api/v1/cases", {"standard": "CR/CR-COOK-01", "candidate": "P-0000000000000000"},
                     who="cr-staff")
    assert status in (404, 403), status
    # the other centre may not open a case for INA's candidate
    status, _ = call("POST", "/api/v1/cases", {"standard": "CR/CR-WAIT-01", "candidate": r["candidate"]},
                     who="cr-other")
    assert status in (403, 404, 409), status
    # an erased candidate's personal data goes; the case and the audit chain stay
    call("POST", "/api/v1/candidates/%s/erasure" % rosa["candidate"], {}, who="cr-other", want=403)
    call("POST", "/api/v1/candidates/%s/erasure" % rosa["candidate"], {}, who="cr-staff", want=200)
    call("POST", "/api/v1/candidates/%s/erasure" % rosa["candidate"], {}, who="cr-staff", want=409)
    _, k = call("GET", "/api/v1/cases/" + rosa["code"], who="cr-staff", want=200)
    assert k["state"] == "certified" and k["units"][0]["can_do"] == "", k
    _, who = call("GET", "/api/v1/candidates/" + rosa["candidate"], who="cr-staff", want=200)
    assert who["erased"] and who["name"] == "" and who["documents"] == [], who
    p = srv.puente("audit", "verify")
    assert p.returncode == 0 and "intact" in p.stdout, p.stdout + p.stderr


@case("an appeal: a second assessor reassesses the contested unit; the decision is taken again")
def _():
    call("POST", "/api/v1/accreditations/grants", {"assessor": "cris", "standard": "CR/CR-COOK-01"},
         who="cr-auth", want=201)
    _, r = call("POST", "/api/v1/cases", {"standard": "CR/CR-COOK-01",
                                          "person": {"name": "Ixchel", "consent": "rpl"}},
                who="cr-staff", want=201)
    c = "/api/v1/cases/" + r["case"]
    call("POST", c + "/plan", {"units": ["U1", "U6"]}, who="cr-staff", want=200)
    call("POST", c + "/assessments", {"unit": "U1", "method": "test", "verdict": "competent"}, who="ana", want=200)
    call("POST", c + "/assessments", {"unit": "U6", "method": "test", "verdict": "not_yet_competent"},
         who="ana", want=200)
    _, d = call("POST", c + "/decision", {}, who="cr-staff", want=200)
    assert d["outcome"] == "attainment", d
    call("POST", c + "/appeal", {"assessor": "cris"}, who="cr-staff", want=400)
    refused("POST", c + "/appeal", {"assessor": "cris", "reason": "x"}, "ana")
    _, e = call("POST", c + "/appeal", {"assessor": "ana", "reason": "No estuvo de acuerdo"},
                who="cr-staff")
    assert e.get("error") and "ana" in e["error"]["message"], e
    _, k = call("POST", c + "/appeal", {"assessor": "cris", "reason": "No estuvo de acuerdo"},
                who="cr-staff", want=200)
    assert k["state"] == "appeal" and k["appealed"], k
    refused("POST", c + "/assessments", {"unit": "U6", "method": "test", "verdict": "competent"}, "ana")
    call("POST", c + "/assessments", {"unit": "U6", "method": "observation", "verdict": "competent"},
         who="cris", want=200)
    _, d = call("POST", c + "/decision", {}, who="cr-staff", want=200)
    assert d["outcome"] == "attainment", d  # U1 and U6 of six: still a statement
    _, e = call("POST", c + "/appeal", {"assessor": "cris", "reason": "otra vez"}, who="cr-staff", want=409)
    call("POST", c + "/close", {}, who="cr-staff", want=200)
    _, k = call("GET", c, who="cr-staff", want=200)
    assert k["state"] == "closed" and [u["round"] for u in k["units"] if u["code"] == "U6"] == [2], k["units"]


chile = {}


@case("journey 2: a Mexican electrician recognised in Chile as partial; the case has only the gap units")
def _():
    wait_index()
    accredit("cl-auth", "OTEC-SANTIAGO", "body", "OTEC Santiago", ["CL/CL-ELEC-*"],
             [("carla", "CL/CL-ELEC-01")])
    _, r = call("POST", "/api/v1/candidates", {"name": "Juan Pérez", "languages": "es",
                                               "documents": [{"kind": "passport", "country": "MX"}],
                                               "consent": "rpl"}, who="cl-staff", want=201)
    juan = r["candidate"]
    ask = {"from": "MX/MX-ELEC-01", "decision": "partial", "presented": "paper",
           "credential": "CONOCER EC0001 2019", "centre": "OTEC-SANTIAGO", "candidate": juan}
    refused("POST", "/api/v1/recognitions", ask, "cl-staff")
    refused("POST", "/api/v1/recognitions", dict(ask, country="CL"), "pe-auth")
    call("POST", "/api/v1/recognitions", dict(ask, decision="maybe"), who="cl-auth", want=400)
    call("POST", "/api/v1/recognitions", dict(ask, decision="none"), who="cl-auth", want=400)
    _, d = call("POST", "/api/v1/recognitions", ask, who="cl-auth", want=201)
    assert d["standard"] == "CL-ELEC-01" and d["outcome"] == "partial", d
    gap = d["gap_units"].split(",")
    assert gap == ["U2", "U5"], d
    assert d["case"] and len(d["pin"]) == 10, d
    chile.update(code=d["case"], id=d["id"])
    _, lst = call("GET", "/api/v1/recognitions", who="pe-auth", want=200)
    assert lst["recognitions"] == [], "Peru sees Chile's decisions"
    _, lst = call("GET", "/api/v1/recognitions", who="cl-auth", want=200)
    assert [x["id"] for x in lst["recognitions"]] == [d["id"]], lst
    call("GET", "/api/v1/recognitions/%d" % d["id"], who="cl-auth", want=200)
    status, _ = call("GET", "/api/v1/recognitions/%d" % d["id"], who="pe-auth")
    assert status in (403, 404), status
    refused("GET", "/api/v1/recognitions", None, "cl-staff")

    c = "/api/v1/cases/" + d["case"]
    _, k = call("POST", c + "/plan", {}, who="cl-staff", want=200)
    assert [u["code"] for u in k["units"] if u["planned"]] == gap, k["units"]
    assert [u["code"] for u in k["units"] if u["credited"]] == ["U1", "U3", "U4"], k["units"]
    _, e = call("POST", c + "/assessments", {"unit": "U1", "method": "test", "verdict": "competent"},
                who="carla")
    assert "unit U1 is not in the assessment plan" in e["error"]["message"], e
    for u in gap:
        call("POST", c + "/assessments", {"unit": u, "method": "interview",
                                          "verdict": "competent"}, who="carla", want=200)
    refused("POST", c + "/decision", {}, "cr-staff")
    _, d2 = call("POST", c + "/decision", {}, who="cl-staff", want=200)
    assert d2["outcome"] == "full", d2


@case("journey 3: a Venezuelan with a Colombian migrant permit certified in Colombia; the credential verifies for Peru")
def _():
    accredit("co-auth", "SENA-BOG", "body", "SENA Bogotá", ["CO/CO-WELD-01"],
             [("diego", "CO/CO-WELD-01")])
    person = {"name": "Luis Rangel", "languages": "es", "consent": "rpl",
              "documents": [{"kind": "migrant_permit", "country": "CO"},
                            {"kind": "national_id", "country": "VE"}]}
    _, r = call("POST", "/api/v1/cases", {"standard": "CO/CO-WELD-01", "person": person},
                who="sena-staff", want=201)
    c = "/api/v1/cases/" + r["case"]
    call("POST", c + "/plan", {}, who="sena-staff", want=200)
    refused("POST", c + "/assessments", {"unit": "U1", "method": "product", "verdict": "competent"}, "ana")
    for u in ("U1", "U2", "U3", "U4", "U5"):
        call("POST", c + "/assessments", {"unit": u, "method": "product", "verdict": "competent"},
             who="diego", want=200)
    _, d = call("POST", c + "/decision", {}, who="sena-staff", want=200)
    assert d["outcome"] == "full", d
    # The certificate, issued from the case by Colombia's authority to the
    # holder's own DID.
    refused("POST", c + "/certificate", {"issue": True}, "cl-auth")
    refused("POST", c + "/certificate", {"issue": True}, "co-auth")
    _, cert = call("POST", c + "/certificate", {"issue": True, "holder_did": "did:example:luis"},
                   who="sena-staff", want=200)
    cred = cert["verifiableCredential"]
    assert cred["credentialSubject"]["achievement"]["humanCode"] == "CO/CO-WELD-01", cred
    assert cred["credentialSubject"]["id"] == "did:example:luis", cred["credentialSubject"]
    _, k = call("GET", c, who="sena-staff", want=200)
    assert k["state"] == "certified" and k["credential"] == cred["id"], k
    # Peru's portal: valid, trusted, active, and what it is worth there.
    _, v = call("POST", "/api/v1/credentials/verify?to=PE", json.dumps(cred),
                headers={"Content-Type": "application/json"}, want=200)
    assert v["ok"] is True and v["trust"]["result"] == "trusted", v
    assert v["status"]["result"] == "active", v
    assert "homologation" in v and v["homologation"].get("destination_country") == "PE", v["homologation"]


@case("the candidate's follow-up: wrong PINs refused, then the case's PIN locked")
def _():
    c = "/api/v1/cases/%s/follow" % rosa["code"]
    call("POST", c, {}, want=400)
    call("POST", "/api/v1/cases/C-999/follow", {"pin": "0000000000"}, want=401)
    for _ in range(5):
        _, e = call("POST", c, {"pin": "0000000000"}, want=401)
        assert e["error"]["message"] == "wrong case code or PIN", e
    _, e = call("POST", c, {"pin": rosa["pin"]}, want=401)
    assert "too many wrong PINs" in e["error"]["message"], e


@case("the server wrote nothing but its access log")
def _():
    assert not srv.errors(), srv.errors()


srv.stop()
if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
print("all case checks passed")
