// The login "page" of the interop provider, for programs instead of people:
// GET  /{route}/interaction/{uid}        what the login is for (JSON)
// POST /{route}/interaction/{uid}/login  {"account": {sub, email, ...}, "consent": "grant"|"deny"}
// A granted login is logged in and consented at once (Veracross shows no
// consent screen); "deny" ends the login with access_denied, as a user who
// cancels. Both need the interaction cookies oidc-provider set (a browser's).
import { readJsonBody } from './json_body.mjs';

const ACCOUNT_TEXT_CLAIMS = ['preferred_username', 'email', 'name'];

// The account a test logs in as: sub and simple claims, roles a list of text.
function readAccount(account) {
  if (!account || typeof account !== 'object') throw new Error('account must be an object');
  if (typeof account.sub !== 'string' || account.sub === '') throw new Error('account.sub must be non-empty text');
  const claims = { sub: account.sub };
  for (const name of ACCOUNT_TEXT_CLAIMS) {
    if (account[name] === undefined) continue;
    if (typeof account[name] !== 'string') throw new Error(`account.${name} must be text`);
    claims[name] = account[name];
  }
  if (claims.email !== undefined) claims.email_verified = account.email_verified !== false;
  if (account.roles !== undefined) {
    if (!Array.isArray(account.roles) || account.roles.some((r) => typeof r !== 'string')) {
      throw new Error('account.roles must be a list of text');
    }
    claims.roles = account.roles;
  }
  return claims;
}

export async function handleInteraction(world, req, res, path) {
  const { provider, sendJson } = world;
  const rest = path.slice(`${world.mount}/interaction/`.length).split('/');
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: `no such login in progress (${err.message})` });
  }
  if (rest[0] !== details.uid) return sendJson(res, 400, { error: 'invalid_request', error_description: 'interaction id does not match its cookie' });

  if (req.method === 'GET' && rest.length === 1) {
    const { client_id: clientId, scope, redirect_uri: redirectUri } = details.params;
    return sendJson(res, 200, { uid: details.uid, prompt: details.prompt.name, client_id: clientId, scope, redirect_uri: redirectUri });
  }
  if (req.method !== 'POST' || rest[1] !== 'login' || rest.length !== 2) {
    return sendJson(res, 404, { error: 'not_found', error_description: 'use GET .../interaction/{uid} or POST .../interaction/{uid}/login' });
  }

  let account;
  let consent;
  try {
    const body = await readJsonBody(req);
    account = readAccount(body.account);
    consent = body.consent ?? 'grant';
    if (!['grant', 'deny'].includes(consent)) throw new Error('consent must be grant or deny');
  } catch (err) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: err.message });
  }

  if (consent === 'deny') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'The resource owner denied the request.',
    }, { mergeWithLastSubmission: false });
  }
  world.accounts.set(account.sub, account);
  const grant = new provider.Grant({ accountId: account.sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { login: { accountId: account.sub }, consent: { grantId } });
}
