// The test side of the interop provider (/_control/...), JSON in and out:
// GET  settings            what the provider does now, and its keys
// POST settings            {issuer, claims_in, scope_claims, iss_param, jwks_cache_control,
//                           id_token_audience}
// POST keys                {action: rotate|withdraw|unpublish|sign_with, kid?}
// POST reset               back to the settings and key the provider started with
// POST browse              {authorization_url, account, consent}: a fresh browser
//                          logs in and reports where the provider sent it back
import { readJsonBody } from './json_body.mjs';
import { browse } from './test_browser.mjs';
import { changeKeys, describeKeys } from './signing_keys.mjs';

const SETTING_NAMES = {
  issuer: 'issuerMode',
  claims_in: 'claimsIn',
  scope_claims: 'scopeClaims',
  iss_param: 'issParam',
  jwks_cache_control: 'jwksCacheControl',
  id_token_audience: 'idTokenAudience',
};
const DEFAULTS = {
  issuerMode: 'match', claimsIn: 'id_token', scopeClaims: 'veracross', issParam: 'correct', jwksCacheControl: null, idTokenAudience: 'client',
};

function describe(world) {
  const s = world.settings;
  return {
    issuer: world.issuerFor(s.issuerMode),
    issuer_mode: s.issuerMode,
    claims_in: s.claimsIn,
    scope_claims: s.scopeClaims,
    iss_param: s.issParam,
    jwks_cache_control: s.jwksCacheControl,
    id_token_audience: s.idTokenAudience,
    keys: describeKeys(world.keys),
    jwks_requests: world.jwksRequests,
  };
}

// Applies `change` (a function of world) and rebuilds; on a bad change the
// provider stays as it was.
function changeWorld(world, change) {
  const before = { settings: { ...world.settings }, keys: world.keys };
  try {
    change();
    world.rebuild();
  } catch (err) {
    world.settings = before.settings;
    world.keys = before.keys;
    world.rebuild();
    throw err;
  }
}

export async function handleControl(world, req, res, path) {
  const { sendJson } = world;
  const what = path.slice('/_control/'.length);
  try {
    if (req.method === 'GET' && what === 'settings') return sendJson(res, 200, describe(world));
    if (req.method !== 'POST') throw new Error(`no GET ${path}`);
    const body = await readJsonBody(req);
    if (what === 'settings') {
      changeWorld(world, () => {
        for (const [name, value] of Object.entries(body)) {
          if (!SETTING_NAMES[name]) throw new Error(`unknown setting ${name}`);
          world.settings[SETTING_NAMES[name]] = value;
        }
      });
      return sendJson(res, 200, describe(world));
    }
    if (what === 'keys') {
      changeWorld(world, () => { world.keys = changeKeys(world.keys, body); });
      return sendJson(res, 200, describe(world));
    }
    if (what === 'reset') {
      changeWorld(world, () => { world.settings = { ...DEFAULTS }; world.keys = world.initialKeys; });
      return sendJson(res, 200, describe(world));
    }
    if (what === 'browse') return sendJson(res, 200, await browse(world, body));
    return sendJson(res, 404, { error: 'not_found', error_description: `no control ${what}` });
  } catch (err) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: err.message });
  }
}
