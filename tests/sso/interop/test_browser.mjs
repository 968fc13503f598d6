// A fresh browser for one login, run inside the provider so that a test needs
// a single request: it opens the authorization URL, logs in on the
// interaction "page" as the account the test chose (or denies), follows the
// provider's redirects with its cookies, and stops at the first redirect that
// leaves the provider (the callback to pickAtime) or at a page.
import { request } from 'node:https';

const MAX_STEPS = 8;

function send(world, url, { method = 'GET', cookies, body } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { Accept: 'application/json' };
    if (cookies.size) headers.Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(text);
    }
    const req = request(url, { method, headers, ca: world.ca }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair] = line.split(';');
          const eq = pair.indexOf('=');
          const name = pair.slice(0, eq).trim();
          const value = pair.slice(eq + 1).trim();
          // An expired cookie is a deleted one.
          if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
          else cookies.set(name, value);
        }
        resolve({ status: res.statusCode, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

function pageOf(answer) {
  try {
    return JSON.parse(answer.body);
  } catch {
    return answer.body;
  }
}

// {authorization_url, account, consent} -> {status, location} when sent back
// to a redirect URL, else {status, page} (the provider showed an error).
export async function browse(world, { authorization_url: authorizationUrl, account, consent = 'grant' }) {
  if (typeof authorizationUrl !== 'string') throw new Error('authorization_url must be text');
  const url = new URL(authorizationUrl);
  if (url.origin !== world.origin) throw new Error(`authorization_url must be on ${world.origin}`);
  const cookies = new Map();
  let answer = await send(world, url.href, { cookies });
  for (let step = 0; step < MAX_STEPS; step += 1) {
    if (!answer.location) return { status: answer.status, page: pageOf(answer) };
    const next = new URL(answer.location, world.origin);
    if (next.origin !== world.origin) return { status: answer.status, location: next.href };
    if (next.pathname.startsWith(`${world.mount}/interaction/`)) {
      answer = await send(world, `${next.href}/login`, { method: 'POST', cookies, body: { account, consent } });
    } else {
      answer = await send(world, next.href, { cookies });
    }
  }
  throw new Error(`more than ${MAX_STEPS} redirects`);
}
