// A certified OpenID provider (npm oidc-provider) dressed as Veracross's
// accounts host, for the plugin's interop tests: HTTPS on 127.0.0.1, the
// school's endpoints below /{route}, a test-driven login instead of a login
// page, and /_control endpoints that change what the provider does.
// Prints "PORT <n>" when ready; stops when its parent does (or on SIGTERM).
//
//   node provider.mjs [--route myschool] [--client-id ID] [--client-secret S]
//                     [--cert server.pem] [--key server.key] [--ca ca.pem] [--port 0] [--exit-on-stdin-eof]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { buildProvider, SCOPE_CLAIMS, VERACROSS_ROUTES } from './provider_config.mjs';
import { handleControl } from './control.mjs';
import { handleInteraction } from './interaction.mjs';
import { newSigningKey, publishedKids } from './signing_keys.mjs';
import { AUDIENCES, readdressIdToken } from './id_token_audience.mjs';

const certs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'certs');
const { values: args } = parseArgs({
  options: {
    route: { type: 'string', default: 'myschool' },
    'client-id': { type: 'string', default: 'interop-client' },
    'client-secret': { type: 'string', default: 'interop-test-secret-not-real' },
    cert: { type: 'string', default: join(certs, 'server.pem') },
    key: { type: 'string', default: join(certs, 'server.key') },
    ca: { type: 'string', default: join(certs, 'ca.pem') },
    port: { type: 'string', default: '0' },
    'exit-on-stdin-eof': { type: 'boolean', default: false },
  },
});
if (!/^[A-Za-z0-9_-]+$/.test(args.route)) {
  process.stderr.write('--route must be a school route (letters, digits, - and _)\n');
  process.exit(2);
}

// The provider's state; `rebuild` turns it into a new Provider instance.
// Codes, grants and sessions live in oidc-provider's module-wide memory
// store, so they survive a rebuild (a login may span a key rotation).
const firstKey = newSigningKey();
const world = {
  route: args.route,
  mount: `/${args.route}`,
  origin: '',
  ca: readFileSync(args.ca), // the test browser trusts the provider's certificate by it
  accounts: new Map(), // sub -> claims, set by the logins tests drive
  settings: {
    issuerMode: 'match', // match | http | other | trailing_slash | <literal URL>
    claimsIn: 'id_token', // id_token | userinfo
    scopeClaims: 'veracross', // veracross | standard
    issParam: 'correct', // correct | wrong | absent (RFC 9207 `iss` on the callback)
    jwksCacheControl: null, // a Cache-Control value for the JWKS answer, or none
    idTokenAudience: 'client', // client | other | array_with_azp | array_without_azp
  },
  keys: { keys: [firstKey], signingKid: firstKey.kid },
  initialKeys: null,
  provider: null,
  callback: null,
  jwksRequests: 0, // how often the JWKS was fetched: key refreshes are rate-limited
};
world.initialKeys = world.keys;

export function issuerFor(mode) {
  const base = `${world.origin}${world.mount}`;
  switch (mode) {
    case 'match': return base;
    case 'http': return base.replace(/^https:/, 'http:');
    case 'other': return `${base}-elsewhere`;
    case 'trailing_slash': return `${base}/`;
    default: return mode;
  }
}

world.issuerFor = issuerFor;
world.rebuild = function rebuild() {
  const s = world.settings;
  if (!SCOPE_CLAIMS[s.scopeClaims]) throw new Error('scope_claims must be veracross or standard');
  if (!['id_token', 'userinfo'].includes(s.claimsIn)) throw new Error('claims_in must be id_token or userinfo');
  if (!['correct', 'wrong', 'absent'].includes(s.issParam)) throw new Error('iss_param must be correct, wrong or absent');
  if (!AUDIENCES.includes(s.idTokenAudience)) throw new Error(`id_token_audience must be one of ${AUDIENCES.join(', ')}`);
  const provider = buildProvider({
    route: world.route,
    issuer: issuerFor(s.issuerMode),
    clientId: args['client-id'],
    clientSecret: args['client-secret'],
    redirectUris: ['https://pickatime.com/client', 'https://www.pickatime.com/client'],
    claimsIn: s.claimsIn,
    scopeClaims: s.scopeClaims,
    keys: world.keys.keys,
    signingKid: world.keys.signingKid,
    cookieKeys: [cookieKey],
  }, world.accounts);
  // RFC 9207: oidc-provider always adds `iss` to the authorization response;
  // a test may make it wrong or drop it.
  provider.on('authorization.success', (ctx, out) => {
    if (s.issParam === 'wrong') out.iss = `${world.origin}/not-${world.route}`;
    if (s.issParam === 'absent') delete out.iss;
  });
  // The JWKS answer lists published keys only, with the Cache-Control asked for.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== VERACROSS_ROUTES.jwks || ctx.status !== 200 || !ctx.body) return;
    world.jwksRequests += 1;
    const body = typeof ctx.body === 'string' ? JSON.parse(ctx.body) : ctx.body;
    const published = publishedKids(world.keys.keys);
    ctx.body = { keys: body.keys.filter((k) => published.has(k.kid)) };
    if (s.jwksCacheControl) ctx.set('Cache-Control', s.jwksCacheControl);
  });
  // The token endpoint's id_token, addressed as the tests ask.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== VERACROSS_ROUTES.token || ctx.status !== 200 || !ctx.body?.id_token) return;
    const key = world.keys.keys.find((k) => k.kid === world.keys.signingKid);
    ctx.body = { ...ctx.body, id_token: readdressIdToken(ctx.body.id_token, s.idTokenAudience, key) };
  });
  provider.on('server_error', (ctx, err) => process.stderr.write(`provider error: ${err.message}\n`));
  world.provider = provider;
  world.callback = provider.callback();
};
const cookieKey = randomBytes(32).toString('hex');

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
world.sendJson = sendJson;

async function route(req, res) {
  const path = new URL(req.url, 'https://127.0.0.1').pathname;
  if (path.startsWith('/_control/')) return handleControl(world, req, res, path);
  if (path.startsWith(`${world.mount}/interaction/`)) return handleInteraction(world, req, res, path);
  if (path.startsWith(`${world.mount}/`)) {
    // Mounted below /{route}: oidc-provider finds the mount from originalUrl.
    req.originalUrl = req.url;
    req.url = req.url.slice(world.mount.length);
    return world.callback(req, res);
  }
  return sendJson(res, 404, { error: 'not_found', error_description: `nothing at ${path}` });
}

const server = createServer({ cert: readFileSync(args.cert), key: readFileSync(args.key) }, (req, res) => {
  route(req, res).catch((err) => {
    process.stderr.write(`interop provider: ${err.message}\n`);
    if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: err.message });
    else res.end();
  });
});

server.listen(Number(args.port), '127.0.0.1', () => {
  world.origin = `https://127.0.0.1:${server.address().port}`;
  world.rebuild();
  process.stdout.write(`PORT ${server.address().port}\n`);
});

// Stop with the parent: when it dies we are re-parented, so our ppid changes.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500);
if (args['exit-on-stdin-eof']) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => process.exit(0));
