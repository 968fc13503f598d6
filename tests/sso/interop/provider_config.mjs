// The oidc-provider configuration that makes a certified OpenID provider look
// like Veracross's accounts host: Veracross's paths, one confidential client
// with pickAtime's redirect URLs, PKCE required, client_secret_post only.
// Everything a test may vary (issuer, claims location, keys, `iss`) comes from
// `settings`, so a change of settings is a new Provider built here.
import { Provider } from 'oidc-provider';

// Where Veracross puts its endpoints, below https://accounts.veracross.com/{route}
// (Authorization API servers + discovery example, bernie-nyc/veracross-api-docs-mirror
// reference/Authorization-API.yaml).
export const VERACROSS_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  userinfo: '/oauth/userinfo',
  jwks: '/oauth/discovery/keys',
  revocation: '/oauth/revoke',
  introspection: '/oauth/introspect',
};

// Veracross gives sub, preferred_username, email and roles to `sso` (userinfo)
// and to `openid` (the id_token). "standard" is what most providers do: only
// sub for `openid`, the rest for `email` / `profile` (OIDC Core 5.4).
const USER_CLAIMS = ['sub', 'preferred_username', 'email', 'email_verified', 'roles', 'name'];
export const SCOPE_CLAIMS = {
  veracross: {
    openid: USER_CLAIMS,
    sso: USER_CLAIMS,
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'name'],
  },
  standard: {
    openid: ['sub'],
    sso: USER_CLAIMS,
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'name'],
  },
};

// The signing keys in the order oidc-provider wants them: the one that signs
// first (it signs with the first RS256 key of its key set).
function signingKeySet(keys, signingKid) {
  const first = keys.filter((k) => k.kid === signingKid);
  const rest = keys.filter((k) => k.kid !== signingKid);
  return { keys: [...first, ...rest].map((k) => k.jwk) };
}

// settings: {origin, route, issuer, clientId, clientSecret, redirectUris,
// claimsIn ('id_token'|'userinfo'), scopeClaims ('veracross'|'standard'),
// keys [{kid, jwk, published}], signingKid, cookieKeys}
// accounts: Map sub -> claims object (the logins the tests chose).
export function buildProvider(settings, accounts) {
  const mount = `/${settings.route}`;
  const scopeClaims = SCOPE_CLAIMS[settings.scopeClaims];
  const provider = new Provider(settings.issuer, {
    clients: [{
      client_id: settings.clientId,
      client_secret: settings.clientSecret,
      redirect_uris: settings.redirectUris,
      grant_types: ['authorization_code', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      scope: 'openid sso email profile',
    }],
    clientAuthMethods: ['client_secret_post'],
    claims: scopeClaims,
    scopes: ['openid', 'sso', 'email', 'profile'],
    conformIdTokenClaims: settings.claimsIn === 'userinfo',
    pkce: { methods: ['S256'], required: () => true },
    responseTypes: ['code'],
    routes: VERACROSS_ROUTES,
    jwks: signingKeySet(settings.keys, settings.signingKid),
    cookies: { keys: settings.cookieKeys },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
      // No resource server: every access token is for userinfo, as at Veracross.
      resourceIndicators: { enabled: false },
    },
    // Veracross's lifetimes (docs/concepts/access-tokens.md, the SSO guide).
    ttl: { AccessToken: 3600, AuthorizationCode: 600, ClientCredentials: 3600, IdToken: 3600,
           Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (ctx, interaction) => `${mount}/interaction/${interaction.uid}` },
    findAccount: async (ctx, sub) => {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      // "userinfo" mode: the id_token says who (sub), userinfo says the rest.
      const idTokenHasSubOnly = settings.claimsIn === 'userinfo';
      return {
        accountId: sub,
        claims: async (use) => (use === 'id_token' && idTokenHasSubOnly ? { sub } : { ...claims, sub }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  return provider;
}
