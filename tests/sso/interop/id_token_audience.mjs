// Re-addresses the id_tokens the token endpoint answers with, for the tests
// of audience checks: a certified provider only ever addresses its tokens to
// the client, so another audience is made here and signed again with the
// provider's own signing key (the token stays genuine in every other way).
import { createPrivateKey, createSign } from 'node:crypto';

export const AUDIENCES = ['client', 'other', 'array_with_azp', 'array_without_azp'];

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

// mode: one of AUDIENCES; key: the signing key {kid, jwk}.
export function readdressIdToken(idToken, mode, key) {
  if (mode === 'client') return idToken;
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const client = claims.aud;
  if (mode === 'other') claims.aud = 'another-client';
  if (mode === 'array_with_azp') { claims.aud = [client, 'another-client']; claims.azp = client; }
  if (mode === 'array_without_azp') { claims.aud = [client, 'another-client']; delete claims.azp; }
  const input = `${header}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(createPrivateKey({ key: key.jwk, format: 'jwk' }));
  return `${input}.${b64url(signature)}`;
}
