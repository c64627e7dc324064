import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JwtIssuer } from './jwt-issuer.js';

/** A user of the stand-in user pool. */
export interface PoolUser {
  username: string;
  email: string;
  groups: string[];
}

/** What the stand-in user pool is: its ids, app client and the console's registered URLs. */
export interface PoolSettings {
  region: string;
  userPoolId: string;
  clientId: string;
  /** The app client's only callback and sign-out URL, `<consoleUrl>/`. */
  callbackUrl: string;
  /** The IAM role ARN of each group, for cognito:preferred_role. */
  roleArns: Record<string, string>;
  /** Precedence order of the groups. */
  groupOrder: readonly string[];
}

interface IssuedCode {
  user: PoolUser;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

const ALLOWED_SCOPES = ['openid', 'email', 'profile'];

/**
 * The Cognito hosted UI, as strict as Cognito for a public client with the code grant and PKCE:
 * /oauth2/authorize checks client, redirect URI, response type, scopes and an S256 challenge and
 * answers with a single-use code and the state (the user "signs in" as `signedIn`); /oauth2/token
 * checks grant, client, redirect URI, code and verifier, answering 400 invalid_grant otherwise;
 * /logout checks client and logout URI.
 */
export class HostedUiStandIn {
  /** Who signs in at the next authorize request. */
  signedIn: PoolUser | undefined;
  /** Every token request's form and the answer's status, in order. */
  readonly tokenRequests: Array<{ form: Record<string, string>; status: number }> = [];
  /** How many sign-outs went through /logout. */
  logouts = 0;
  /** Lifetime of issued ID and access tokens, in seconds (Cognito's default: an hour). */
  tokenLifetimeSeconds = 3600;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshTokens = new Map<string, PoolUser>();

  constructor(
    private readonly settings: PoolSettings,
    private readonly issuer: JwtIssuer,
  ) {}

  /** The ID token issuer Cognito Identity checks: `https://cognito-idp.<region>.amazonaws.com/<pool>`. */
  get issuerUrl(): string {
    return `https://cognito-idp.${this.settings.region}.amazonaws.com/${this.settings.userPoolId}`;
  }

  /** Answers a request to the hosted UI's domain. */
  async handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://hosted-ui');
    if (url.pathname === '/oauth2/authorize' && request.method === 'GET') {
      this.authorize(url.searchParams, response);
    } else if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      this.token(request, response, body);
    } else if (url.pathname === '/logout' && request.method === 'GET') {
      this.logout(url.searchParams, response);
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  }

  private page(response: ServerResponse, status: number, error: string): true {
    // The hosted UI shows its errors as a page, not a redirect, when the redirect URI is not trusted.
    response.writeHead(status, { 'Content-Type': 'text/plain' }).end(`error=${error}`);
    return true;
  }

  private authorize(query: URLSearchParams, response: ServerResponse) {
    if (query.get('client_id') !== this.settings.clientId)
      return this.page(response, 400, 'invalid_client');
    if (query.get('redirect_uri') !== this.settings.callbackUrl) {
      return this.page(response, 400, 'redirect_mismatch');
    }
    const back = new URL(this.settings.callbackUrl);
    const state = query.get('state');
    const fail = (error: string) => {
      back.searchParams.set('error', error);
      if (state) back.searchParams.set('state', state);
      response.writeHead(302, { Location: back.toString() }).end();
      return true;
    };
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type');
    const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (!scopes.includes('openid') || scopes.some((scope) => !ALLOWED_SCOPES.includes(scope))) {
      return fail('invalid_scope');
    }
    if (query.get('code_challenge_method') !== 'S256') return fail('invalid_request');
    const challenge = query.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request');
    if (!this.signedIn) return this.page(response, 401, 'no user signed in to the stand-in');
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      user: this.signedIn,
      redirectUri: this.settings.callbackUrl,
      challenge,
      expiresAt: Date.now() + 5 * 60_000,
    });
    back.searchParams.set('code', code);
    if (state) back.searchParams.set('state', state);
    response.writeHead(302, { Location: back.toString() }).end();
    return true;
  }

  private token(request: IncomingMessage, response: ServerResponse, body: string) {
    const form = Object.fromEntries(new URLSearchParams(body));
    const answer = (status: number, json: object) => {
      this.tokenRequests.push({ form, status });
      response
        .writeHead(status, {
          'Content-Type': 'application/json',
          'Access-Control-Allow-Origin': request.headers.origin ?? '*',
          'Cache-Control': 'no-store',
        })
        .end(JSON.stringify(json));
      return true;
    };
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return answer(400, { error: 'invalid_request' });
    }
    if (request.headers.authorization) return answer(400, { error: 'invalid_client' });
    if (form.client_id !== this.settings.clientId) return answer(400, { error: 'invalid_client' });
    if (form.grant_type === 'authorization_code') {
      const issued = this.codes.get(form.code ?? '');
      // A code is single-use: gone at its first redemption, right or wrong.
      this.codes.delete(form.code ?? '');
      const verifier = form.code_verifier ?? '';
      const hashed = createHash('sha256').update(verifier).digest('base64url');
      if (
        !issued ||
        issued.expiresAt < Date.now() ||
        form.redirect_uri !== issued.redirectUri ||
        !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
        hashed !== issued.challenge
      ) {
        return answer(400, { error: 'invalid_grant' });
      }
      const refreshToken = randomBytes(24).toString('base64url');
      this.refreshTokens.set(refreshToken, issued.user);
      return answer(200, { ...this.tokensFor(issued.user), refresh_token: refreshToken });
    }
    if (form.grant_type === 'refresh_token') {
      const user = this.refreshTokens.get(form.refresh_token ?? '');
      if (!user) return answer(400, { error: 'invalid_grant' });
      return answer(200, this.tokensFor(user));
    }
    return answer(400, { error: 'unsupported_grant_type' });
  }

  private tokensFor(user: PoolUser) {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.tokenLifetimeSeconds;
    const groups = this.settings.groupOrder.filter((group) => user.groups.includes(group));
    const preferred = groups[0];
    const id = this.issuer.sign({
      sub: `sub-${user.username}`,
      aud: this.settings.clientId,
      iss: this.issuerUrl,
      token_use: 'id',
      auth_time: now,
      iat: now,
      exp,
      email: user.email,
      'cognito:username': user.username,
      ...(groups.length > 0
        ? {
            'cognito:groups': groups,
            'cognito:roles': groups.map((group) => this.settings.roleArns[group]),
            'cognito:preferred_role': this.settings.roleArns[preferred ?? ''],
          }
        : {}),
    });
    const access = this.issuer.sign({
      sub: `sub-${user.username}`,
      client_id: this.settings.clientId,
      iss: this.issuerUrl,
      token_use: 'access',
      scope: 'openid email profile',
      iat: now,
      exp,
    });
    return {
      id_token: id,
      access_token: access,
      expires_in: this.tokenLifetimeSeconds,
      token_type: 'Bearer',
    };
  }

  private logout(query: URLSearchParams, response: ServerResponse) {
    if (query.get('client_id') !== this.settings.clientId)
      return this.page(response, 400, 'invalid_client');
    if (query.get('logout_uri') !== this.settings.callbackUrl)
      return this.page(response, 400, 'invalid_logout_uri');
    this.logouts += 1;
    this.signedIn = undefined;
    response.writeHead(302, { Location: this.settings.callbackUrl }).end();
    return true;
  }
}
