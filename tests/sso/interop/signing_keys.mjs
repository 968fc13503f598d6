// The provider's id_token signing keys and their life: a key is made, signs,
// is joined by a newer one (rotation), and leaves the published set
// (withdrawal), possibly while still signing (a withdrawn key an attacker kept).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `key-${randomBytes(6).toString('hex')}`;
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { kid, jwk, published: true };
}

// keys: [{kid, jwk, published}], signingKid: the kid that signs.
// Returns the new {keys, signingKid}, or throws an Error naming what is wrong.
export function changeKeys({ keys, signingKid }, request) {
  const action = request.action;
  if (action === 'rotate') {
    // A new key signs from now on; the old ones stay published.
    const key = newSigningKey();
    return { keys: [key, ...keys], signingKid: key.kid };
  }
  const kid = request.kid;
  if (kid !== undefined && !keys.some((k) => k.kid === kid)) throw new Error(`no key with kid ${kid}`);
  const targets = (k) => (kid === undefined ? k.kid !== signingKid : k.kid === kid);
  if (action === 'withdraw') {
    // Gone from the JWKS and from the provider: it signs nothing any more.
    if (kid === signingKid) throw new Error('the signing key cannot be withdrawn: rotate first');
    return { keys: keys.filter((k) => !targets(k)), signingKid };
  }
  if (action === 'unpublish') {
    // Gone from the JWKS, but still signing when it is the signing key.
    return { keys: keys.map((k) => (targets(k) ? { ...k, published: false } : k)), signingKid };
  }
  if (action === 'sign_with') {
    // Sign with an existing key (published or not).
    if (kid === undefined) throw new Error('sign_with needs a kid');
    return { keys, signingKid: kid };
  }
  throw new Error('action must be rotate, withdraw, unpublish or sign_with');
}

export function describeKeys({ keys, signingKid }) {
  return keys.map((k) => ({ kid: k.kid, published: k.published, signing: k.kid === signingKid }));
}

export function publishedKids(keys) {
  return new Set(keys.filter((k) => k.published).map((k) => k.kid));
}
