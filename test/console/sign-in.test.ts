import { describe, expect, it } from 'vitest';
import { HostedUi, SignInError, type Tokens } from '../../console/src/auth/hosted-ui.js';
import { base64Url, codeChallenge, randomToken } from '../../console/src/auth/pkce.js';
import { permissionsOf } from '../../console/src/auth/roles.js';
import {
  type KeyValueStore,
  RENEW_BEFORE_MS,
  Session,
  SignInRequired,
} from '../../console/src/auth/session.js';
import { type CognitoConfig, parseConfig } from '../../console/src/config.js';

const CONFIG: CognitoConfig = {
  apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1',
  region: 'eu-west-1',
  auth: 'cognito',
  userPoolId: 'eu-west-1_Example',
  userPoolClientId: 'client123',
  identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000',
  domain: 'ppe-123456789012.auth.eu-west-1.amazoncognito.com',
};
const ORIGIN = 'https://d111111abcdef8.cloudfront.net';

/** sessionStorage as a Map. */
class MemoryStorage implements KeyValueStore {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const jwt = (claims: object) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

/** A token endpoint that records each form it got and answers with `answer`. */
function tokenEndpoint(answer: (form: URLSearchParams) => [number, object]) {
  const forms: URLSearchParams[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    expect(url).toBe(`https://${CONFIG.domain}/oauth2/token`);
    const form = new URLSearchParams(String(init.body));
    forms.push(form);
    const [status, body] = answer(form);
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { forms, fetcher };
}

describe('PKCE', () => {
  it("gives RFC 7636 appendix B's S256 challenge for its verifier", async () => {
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
      105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const verifier = base64Url(Uint8Array.from(octets));
    expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    await expect(codeChallenge(verifier)).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh 43-character verifier each time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });
});

describe('the hosted UI sign-in', () => {
  it('sends the browser to /oauth2/authorize with the code flow, S256 and the root as callback, keeping verifier and state for the round trip only', async () => {
    const storage = new MemoryStorage();
    const { forms, fetcher } = tokenEndpoint(() => [
      200,
      {
        id_token: jwt({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 3600 }),
        access_token: 'access',
        refresh_token: 'refresh',
        expires_in: 3600,
        token_type: 'Bearer',
      },
    ]);
    const ui = new HostedUi(CONFIG, storage, fetcher, ORIGIN);
    const url = new URL(await ui.authorizeUrl('/violations?day=2026-11-27'));
    expect(url.origin + url.pathname).toBe(`https://${CONFIG.domain}/oauth2/authorize`);
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: `${ORIGIN}/`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    const back = new URL(`${ORIGIN}/?code=the-code&state=${query.state}`);
    expect(HostedUi.isCallback(back)).toBe(true);
    const { tokens, returnTo } = await ui.completeSignIn(back);
    expect(returnTo).toBe('/violations?day=2026-11-27');
    expect(tokens.refreshToken).toBe('refresh');
    const form = Object.fromEntries(forms[0] ?? []);
    expect(form).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'the-code',
      redirect_uri: `${ORIGIN}/`,
    });
    expect(form).not.toHaveProperty('client_secret');
    await expect(codeChallenge(form.code_verifier ?? '')).resolves.toBe(query.code_challenge);
    expect(storage.length).toBe(0);
  });

  it('refuses an answer whose state is not the one it sent, without exchanging the code', async () => {
    const storage = new MemoryStorage();
    const { forms, fetcher } = tokenEndpoint(() => [200, {}]);
    const ui = new HostedUi(CONFIG, storage, fetcher, ORIGIN);
    await ui.authorizeUrl('/');
    await expect(
      ui.completeSignIn(new URL(`${ORIGIN}/?code=stolen&state=someone-elses`)),
    ).rejects.toThrow(/state mismatch/);
    expect(forms).toHaveLength(0);
    // The pending sign-in is gone: replaying with the right state later fails too.
    await expect(ui.completeSignIn(new URL(`${ORIGIN}/?code=x&state=y`))).rejects.toThrow(
      SignInError,
    );
  });

  it('puts back only an address of the app after sign-in, never another origin', async () => {
    const storage = new MemoryStorage();
    const { fetcher } = tokenEndpoint(() => [
      200,
      {
        id_token: jwt({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 3600 }),
        access_token: 'access',
        refresh_token: 'refresh',
      },
    ]);
    const ui = new HostedUi(CONFIG, storage, fetcher, ORIGIN);
    const state = new URL(await ui.authorizeUrl('//evil.example/')).searchParams.get('state');
    const { returnTo } = await ui.completeSignIn(new URL(`${ORIGIN}/?code=c&state=${state}`));
    expect(returnTo).toBe('/');
  });

  it("says Cognito's invalid_grant when the code is refused", async () => {
    const storage = new MemoryStorage();
    const { fetcher } = tokenEndpoint(() => [400, { error: 'invalid_grant' }]);
    const ui = new HostedUi(CONFIG, storage, fetcher, ORIGIN);
    const state = new URL(await ui.authorizeUrl('/')).searchParams.get('state');
    await expect(ui.completeSignIn(new URL(`${ORIGIN}/?code=used&state=${state}`))).rejects.toThrow(
      /invalid_grant/,
    );
  });

  it('signs out through /logout with the client id and the root as logout_uri', () => {
    const url = new URL(new HostedUi(CONFIG, new MemoryStorage(), fetch, ORIGIN).logoutUrl());
    expect(`${url.origin}${url.pathname}`).toBe(`https://${CONFIG.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client123',
      logout_uri: `${ORIGIN}/`,
    });
  });
});

describe('the session', () => {
  const stored = (expiresAt: number): Tokens => ({
    idToken: jwt({ sub: 'u1', exp: Math.floor(expiresAt / 1000) }),
    accessToken: 'a',
    refreshToken: 'refresh-1',
    expiresAt,
  });

  it('uses the ID token while it is fresh, and refreshes it with the refresh token before it expires', async () => {
    let now = 1_800_000_000_000;
    const renewed = jwt({ sub: 'u1', exp: Math.floor(now / 1000) + 7200 });
    const { forms, fetcher } = tokenEndpoint(() => [
      200,
      { id_token: renewed, access_token: 'a2', expires_in: 3600, token_type: 'Bearer' },
    ]);
    const storage = new MemoryStorage();
    const session = new Session(new HostedUi(CONFIG, storage, fetcher, ORIGIN), storage, () => now);
    session.store(stored(now + 3600_000));
    const first = await session.idToken();
    expect(forms).toHaveLength(0);
    now += 3600_000 - RENEW_BEFORE_MS + 1;
    expect(await session.idToken()).toBe(renewed);
    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client123',
      refresh_token: 'refresh-1',
    });
    expect(first).not.toBe(renewed);
    // Cognito sends no new refresh token: the old one is kept for the next refresh.
    expect(session.tokens()?.refreshToken).toBe('refresh-1');
  });

  it('ends the session when the refresh is refused, so the user signs in again', async () => {
    const now = 1_800_000_000_000;
    const { fetcher } = tokenEndpoint(() => [400, { error: 'invalid_grant' }]);
    const storage = new MemoryStorage();
    const session = new Session(new HostedUi(CONFIG, storage, fetcher, ORIGIN), storage, () => now);
    session.store(stored(now + 60_000));
    await expect(session.idToken()).rejects.toThrow(SignInRequired);
    expect(session.tokens()).toBeUndefined();
  });
});

describe('config.json', () => {
  it('names every missing Cognito field', () => {
    expect(() =>
      parseConfig({
        apiUrl: CONFIG.apiUrl,
        region: 'eu-west-1',
        auth: 'cognito',
        domain: CONFIG.domain,
      }),
    ).toThrow(
      /lacks or has a bad "userPoolId", "userPoolClientId", "identityPoolId": deploy the stack again/,
    );
    expect(() => parseConfig({ ...CONFIG, region: undefined })).toThrow(/"region"/);
    expect(() => parseConfig({ ...CONFIG, domain: 'https://x/' })).toThrow(
      /"domain" \(a host name/,
    );
    expect(() => parseConfig({ ...CONFIG, auth: 'basic' })).toThrow(/"none" or "cognito"/);
    expect(parseConfig({ ...CONFIG, apiUrl: `${CONFIG.apiUrl}/` })).toEqual(CONFIG);
    expect(parseConfig({ apiUrl: 'http://127.0.0.1:3000', auth: 'none' })).toEqual({
      apiUrl: 'http://127.0.0.1:3000',
      region: 'us-east-1',
      auth: 'none',
    });
  });
});

describe('roles', () => {
  it("takes the identity pool's group: the first of auditor, reviewer, viewer, camera", () => {
    const of = (groups?: string[]) =>
      permissionsOf({ sub: 'u', exp: 1, ...(groups ? { 'cognito:groups': groups } : {}) });
    expect(of(['viewer'])).toEqual({
      group: 'viewer',
      canRead: true,
      canReview: false,
      canLive: false,
    });
    expect(of(['camera', 'reviewer'])).toMatchObject({
      group: 'reviewer',
      canReview: true,
      canLive: false,
    });
    expect(of(['camera'])).toEqual({
      group: 'camera',
      canRead: false,
      canReview: false,
      canLive: true,
    });
    expect(of()).toMatchObject({ group: undefined, canRead: false });
  });
});
