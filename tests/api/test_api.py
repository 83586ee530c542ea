"""The HTTP API of a real `puente serve`: every documented route, its replies
checked against docs/openapi.yaml, errors included, and hostile requests
(path tricks, invalid UTF-8, wrong methods, oversized or deep bodies, header
floods): each a clear 4xx, no crash, nothing written."""
import json
import os
import socket
import sys
import tempfile
import time

from server import Server, Spec

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


# The destination authorities' policies: none at start (defaults).
policies = tempfile.mkdtemp(prefix="puente-policies-")
os.environ["PUENTE_POLICIES"] = policies
srv = Server()
spec = Spec()


def get(path, want, headers=None):
    status, reply, data = srv.request("GET", path, headers=headers)
    assert status == want, "GET %s: %d, want %d: %s" % (path, status, want, data[:300])
    spec.check("GET", path, status, reply, data)
    return json.loads(data) if reply.getheader("Content-Type", "").startswith("application/json") else data


@case("health, status, metrics")
def _():
    h = get("/healthz", 200)
    assert h["index"] is True
    s = get("/api/v1/status", 200)
    assert s["counts"]["standards"] >= 30
    m = get("/metrics", 200).decode()
    assert 'puente_http_requests_total{method="GET",route="/healthz",status="2xx"}' in m
    assert "puente_http_request_seconds_bucket" in m


@case("countries and frameworks")
def _():
    c = get("/api/v1/countries", 200)
    cr = [x for x in c["countries"] if x["country"] == "CR"]
    assert cr and cr[0]["framework"] == "cr-mnc-eftp"
    f = get("/api/v1/frameworks", 200)
    assert any(x["id"] == "eqf" for x in f["frameworks"])
    eqf = get("/api/v1/frameworks/eqf", 200)
    assert len(eqf["level_list"]) == 8
    get("/api/v1/frameworks/nope", 404)


@case("level comparison")
def _():
    one = get("/api/v1/levels/compare?a=CR:2&b=MX:2", 200)
    assert one["relation"] in ("exact", "overlapping", "higher", "lower", "unknown")
    table = get("/api/v1/levels/compare?a=cr-mnc-eftp&b=mx-conocer", 200)
    assert len(table["comparisons"]) == 25
    get("/api/v1/levels/compare?a=CR:2", 400)
    get("/api/v1/levels/compare?a=XX&b=MX", 404)
    get("/api/v1/levels/compare?a=CR:99&b=MX", 404)


@case("standards search and detail")
def _():
    r = get("/api/v1/standards?q=ALBANIL", 200)
    codes = [h["code"] for h in r["results"]]
    assert "GT-MASON-01" in codes and "MX-MASON-01" in codes, codes
    r = get("/api/v1/standards?q=alba%C3%B1il&country=MX", 200)
    assert [h["country"] for h in r["results"]] == ["MX"]
    get("/api/v1/standards?limit=abc", 400)
    get("/api/v1/standards?limit=-1", 400)
    s = get("/api/v1/standards/CR/CR-COOK-01", 200)
    assert s["code"] == "CR-COOK-01" and len(s["units"]) >= 4
    get("/api/v1/standards/CR/NOPE", 404)


@case("homologation")
def _():
    h = get("/api/v1/homologate?from=MX/MX-ELEC-01&to=CL&explain=1", 200)
    assert h["destination_country"] == "CL"
    assert h["candidates"][0]["standard"]["country"] == "CL"
    h = get("/api/v1/homologate?from=NI/NI-COOK-01&to=CR", 200)
    assert h["suggestion"] is False and h["agreement"]  # the demo agreement decides
    get("/api/v1/homologate?from=NI-COOK-01&to=CR", 400)
    get("/api/v1/homologate?from=NI/NI-COOK-01&to=cr", 400)
    get("/api/v1/homologate?from=NI/NOPE&to=CR", 404)


@case("a destination authority's policy file decides its thresholds, read again when it changes")
def _():
    path = "/api/v1/homologate?from=MX/MX-ELEC-01&to=CL"
    status, reply, data = srv.request("GET", path)
    assert status == 200
    before, etag = json.loads(data), reply.getheader("ETag")
    assert before["policy"]["authority"] is None
    assert before["candidates"][0]["equivalence"] != "none"
    cl = os.path.join(policies, "CL.json")

    def write(text):
        with open(cl + ".tmp", "w") as f:
            f.write(text)
        os.rename(cl + ".tmp", cl)
        time.sleep(2.2)  # the server looks at the directory every 2 s

    write('{"authority": "ChileValora", "unit_threshold": 0.95}')
    status, reply, data = srv.request("GET", path, headers={"If-None-Match": etag})
    assert status == 200, "a cached reply outlived the policy: %d" % status
    spec.check("GET", path, status, reply, data)
    strict = json.loads(data)
    assert strict["policy"]["authority"] == "ChileValora"
    assert strict["policy"]["unit_threshold"] == 0.95
    assert strict["candidates"][0]["equivalence"] == "none"
    assert reply.getheader("ETag") != etag
    # Peru has no file: the defaults.
    assert get("/api/v1/homologate?from=MX/MX-ELEC-01&to=PE", 200)["policy"]["authority"] is None
    # A broken file is reported and the country keeps its policy.
    write('{"unit_treshold": 0.1}')
    kept = get(path, 200)
    assert kept["policy"]["authority"] == "ChileValora", kept["policy"]
    srv.log.flush()
    with open(srv.log.name) as f:
        assert "CL.json left out (CL keeps its previous policy)" in f.read()
    os.unlink(cl)
    # A file not named after a country code is ignored, and the log says so.
    with open(os.path.join(policies, "cl.json"), "w") as f:
        f.write('{"authority": "lower case", "unit_threshold": 0.95}')
    time.sleep(2.2)
    assert get(path, 200)["policy"]["authority"] is None
    srv.log.flush()
    with open(srv.log.name) as f:
        assert "cl.json ignored: name it after a country code" in f.read()
    os.unlink(os.path.join(policies, "cl.json"))


@case("the start page's guide, in two languages")
def _():
    g = get("/api/v1/guide?from=NI&to=CR&q=cocinero&lang=es", 200)
    a = g["answers"][0]
    assert a["source"]["code"] == "NI-COOK-01", a["source"]
    assert a["homologation"]["candidates"][0]["standard"]["code"] == "CR-COOK-01"
    assert a["next_step"] == "next.partial"
    g = get("/api/v1/guide?from=NI&to=CR&q=cook&lang=en", 200)
    assert g["answers"] and g["answers"][0]["source"]["code"] == "NI-COOK-01"
    # a certificate code answers directly, whatever its case
    g = get("/api/v1/guide?from=MX&to=CL&q=mx-elec-01", 200)
    assert g["answers"][0]["source"]["code"] == "MX-ELEC-01"
    # languages the catalogue has no text in still get an answer (or none)
    for lang in ("ht", "pt"):
        g = get("/api/v1/guide?from=HT&to=DO&q=fanm+chanm&lang=" + lang, 200)
        assert g["lang"] == lang
    # answers far weaker than the best are not offered
    g = get("/api/v1/guide?from=CO&to=MX&q=cuidadora&lang=es", 200)
    scores = [a["source"]["score"] for a in g["answers"]]
    assert scores and min(scores) >= 0.25 * max(scores), scores
    get("/api/v1/guide?from=NI&to=CR", 400)
    get("/api/v1/guide?from=NI&to=CR&q=" + "a" * 600, 400)


@case("agreements")
def _():
    a = get("/api/v1/agreements", 200)
    assert any(x["id"] == "demo-cr-ni-cook" for x in a["agreements"])
    get("/api/v1/agreements/demo-cr-ni-cook", 200)
    get("/api/v1/agreements/nope", 404)


def raw(request_bytes):
    """Sends bytes as they are; returns the status line's code and the body."""
    s = socket.create_connection((srv.host, srv.port), timeout=30)
    s.sendall(request_bytes)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        if b"\r\n\r\n" in data:
            head, _, body = data.partition(b"\r\n\r\n")
            clen = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if clen and len(body) >= int(clen[0].split(b":")[1]):
                break
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.partition(b"\r\n\r\n")[2]


@case("hostile paths: dot segments, encoded slashes, invalid UTF-8, NUL")
def _():
    for path, want in [(b"/api/v1/../etc/passwd", 400),
                       (b"/static/%2e%2e/%2e%2e/etc/passwd", 400),
                       (b"/api/v1/standards/CR%2FCR-COOK-01", 400),
                       (b"/api/v1/standards/CR/%FF%FE", 400),
                       (b"/api/v1/standards/CR/a%00b", 400),
                       (b"/api/v1/standards?q=%FF", 400),
                       (b"/a/b/c/d/e/f/g/h/i/j", 400),
                       (b"/api/v1/nothing-here", 404),
                       (b"/api/v1/standards/CR/CR-COOK-01/extra", 404)]:
        status, body = raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert status == want, "%s: %d, want %d" % (path, status, want)
        spec.error_shape(path.decode("latin-1"), body)


@case("pages: the portal in the asked language, a 404 page, static files")
def _():
    status, reply, data = srv.request("GET", "/", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert status == 200 and reply.getheader("Content-Type").startswith("text/html"), status
    assert b'lang="fr"' in data, data[:200]
    csp = reply.getheader("Content-Security-Policy") or ""
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp
    status, reply, data = srv.request("GET", "/?lang=ht")
    assert b'lang="ht"' in data and "lang=ht" in (reply.getheader("Set-Cookie") or "")
    status, reply, data = srv.request("GET", "/no-such-page", headers={"Cookie": "lang=pt"})
    assert status == 404 and reply.getheader("Content-Type").startswith("text/html"), status
    assert b'lang="pt"' in data
    status, reply, data = srv.request("GET", "/static/css/puente.css")
    assert status == 200 and reply.getheader("Content-Type").startswith("text/css"), status
    assert "max-age" in reply.getheader("Cache-Control")
    status, reply, data = srv.request("GET", "/static/nope.css")
    assert status == 404, status


@case("wrong methods")
def _():
    for m in ("POST", "PUT", "DELETE", "PATCH"):
        status, reply, data = srv.request(m, "/api/v1/standards/CR/CR-COOK-01", body="{}")
        assert status == 405, (m, status)
        spec.error_shape(m, data)


@case("header flood, huge URL, oversized body announced")
def _():
    hdrs = b"".join(b"X-H%d: v\r\n" % i for i in range(100))
    status, body = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + hdrs + b"Connection: close\r\n\r\n")
    assert status == 431, status
    status, _ = raw(b"GET /api/v1/standards?q=" + b"a" * 300000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert 400 <= status < 500, status
    status, body = raw(b"PUT /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n")
    assert status in (405, 413), status


@case("the server survived and wrote nothing")
def _():
    s = get("/api/v1/status", 200)
    before = s["catalog_version"]
    get("/healthz", 200)
    assert get("/api/v1/status", 200)["catalog_version"] == before


@case("credentials without a key: verify answers, lists absent, trust empty")
def _():
    # tests/api/test_credentials.py covers these with a key and trust lists
    for path, body, want in (
            ("/credentials/verify", {"verifiableCredential": {"@context": ["https://www.w3.org/ns/credentials/v2"],
                                                              "type": ["VerifiableCredential"]}}, 400),
            ("/api/v1/credentials/verify", "PU1:0", 400),
            ("/api/v1/credentials/verify", '{"@context": ["https://example.org/x"]}', 200)):
        status, reply, data = srv.request("POST", path, body=body)
        assert status == want, "POST %s: %d, want %d: %s" % (path, status, want, data[:300])
        spec.check("POST", path, status, reply, data)
    get("/status/1-revocation", 404)
    assert get("/api/v1/trust", 200)["lists"] == []


@case("recognition cases, public side: the registry, a follow-up with a wrong PIN")
def _():
    # tests/api/test_cases.py runs the cases themselves
    assert get("/api/v1/accreditations?country=CR", 200)["organisations"] == []
    path = "/api/v1/cases/C-1/follow"
    for body, want in (({"pin": "0123456789", "lang": "ht"}, 401), ({"lang": "es"}, 400)):
        status, reply, data = srv.request("POST", path, body=body)
        assert status == want, "POST %s: %d, want %d: %s" % (path, status, want, data[:300])
        spec.check("POST", path, status, reply, data)


@case("every documented public route was exercised")
def _():
    missing = spec.unexercised("public")
    assert not missing, missing


@case("SIGTERM lets a request in flight finish")
def _():
    import signal
    import time
    body = b'{"username": "nobody", "password": "not the password"}'
    s = socket.create_connection((srv.host, srv.port), timeout=30)
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
              b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
              + body[:10])
    time.sleep(0.3)
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert srv.proc.poll() is None, "the server exited with a request in flight"
    s.sendall(body[10:])
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    assert data.startswith(b"HTTP/1.1 401"), data[:100]
    assert srv.proc.wait(timeout=30) == 0
    # and no new connection is accepted any more
    try:
        socket.create_connection((srv.host, srv.port), timeout=2).close()
        raise AssertionError("still accepting after SIGTERM")
    except OSError:
        pass


srv.stop()
os.rmdir(policies)
if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
print("all API checks passed")
