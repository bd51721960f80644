#!/usr/bin/env node
// Mints RS256 JWTs as the identity provider would, for trying the service in jwt mode and for the
// k6 scripts. Node 20, no packages. The default key is the development key pair of this folder:
// anyone can mint tokens with it, so a service trusting dev-public.pem trusts everybody.
//
//   node dev/jwt/mint-jwts.mjs --sub 7                          # one JWT for user 7, on stdout
//   node dev/jwt/mint-jwts.mjs --count 20000 --out k6/jwts.json # users from a fresh clock-based id on
//   node dev/jwt/mint-jwts.mjs --count 100 --first 1 --ttl 7200 --key /path/to/private.pem
//
// Options: --sub ID (one token) | --count N [--first ID] [--out FILE] (a JSON array, user ids
// first..first+N-1; first defaults to Date.now()*1000 so that every file names new users);
// --ttl SECONDS (3600), --iss URL, --aud AUDIENCE, --kid KEY_ID, --key PRIVATE_KEY_PEM.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function options(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name.startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`expected --name value pairs, got "${name}"`);
    }
    parsed[name.slice(2)] = argv[i + 1];
  }
  return parsed;
}

function wholeNumber(name, raw) {
  if (!/^[1-9][0-9]*$/.test(raw)) {
    throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
  }
  return BigInt(raw);
}

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function mint(key, subject, opts) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT' };
  if (opts.kid) header.kid = opts.kid;
  const claims = { sub: subject, iat: now, exp: now + Number(opts.ttl || 3600) };
  if (opts.iss) claims.iss = opts.iss;
  if (opts.aud) claims.aud = opts.aud;
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
}

const opts = options(process.argv.slice(2));
const here = dirname(fileURLToPath(import.meta.url));
const key = createPrivateKey(readFileSync(opts.key || join(here, 'dev-private.pem')));
if (key.asymmetricKeyType !== 'rsa') {
  throw new Error('RS256 needs an RSA private key');
}

if (opts.sub !== undefined) {
  process.stdout.write(`${mint(key, wholeNumber('sub', opts.sub).toString(), opts)}\n`);
} else if (opts.count !== undefined) {
  const count = Number(wholeNumber('count', opts.count));
  const first = opts.first !== undefined ? wholeNumber('first', opts.first) : BigInt(Date.now()) * 1000n;
  const tokens = [];
  for (let i = 0n; i < BigInt(count); i++) {
    tokens.push(mint(key, (first + i).toString(), opts));
  }
  const json = `${JSON.stringify(tokens)}\n`;
  if (opts.out) {
    writeFileSync(opts.out, json);
    process.stderr.write(`${count} JWTs for users ${first}..${first + BigInt(count) - 1n} in ${opts.out}\n`);
  } else {
    process.stdout.write(json);
  }
} else {
  throw new Error('say --sub ID for one token or --count N for a JSON array (see the top of this file)');
}
