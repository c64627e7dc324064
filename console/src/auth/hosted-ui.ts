import type { CognitoConfig } from '../config.js';
import { decodeClaims } from './jwt.js';
import { codeChallenge, randomToken } from './pkce.js';
import type { KeyValueStore } from './session.js';

/** The user pool's tokens as the console keeps them. */
export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** When the ID and access tokens expire, in ms since the epoch. */
  expiresAt: number;
}

/** A refused sign-in or refresh, in the hosted UI's words (`invalid_grant` and the like). */
export class SignInError extends Error {}

/** What the browser keeps for the round trip to the hosted UI, and only for it. */
interface PendingSignIn {
  state: string;
  verifier: string;
  /** The address the user wanted before signing in. */
  returnTo: string;
}

const PENDING_KEY = 'ppe-console:pending-sign-in';
const SCOPES = 'openid email profile';

interface TokenAnswer {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/**
 * The Cognito hosted UI's authorization-code flow with PKCE (S256) for a public client: the
 * authorize redirect, the code exchange and refresh at `/oauth2/token`, and the sign-out redirect.
 * The few requests are written here rather than taken from an OIDC library: Cognito's endpoints
 * are fixed by the domain, and the ID token is verified by Cognito Identity, not by the browser.
 */
export class HostedUi {
  constructor(
    private readonly config: CognitoConfig,
    private readonly storage: KeyValueStore,
    private readonly fetcher: typeof fetch,
    /** The console's origin, such as `https://d111.cloudfront.net`. */
    private readonly origin: string,
  ) {}

  /** The callback and sign-out URL the app client allows: the console's root. */
  get redirectUri(): string {
    return `${this.origin}/`;
  }

  private endpoint(path: string): string {
    return `https://${this.config.domain}${path}`;
  }

  /** Starts a sign-in: a fresh verifier and state, kept for the round trip; the URL to go to. */
  async authorizeUrl(returnTo: string): Promise<string> {
    const pending: PendingSignIn = { state: randomToken(), verifier: randomToken(), returnTo };
    this.storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.userPoolClientId,
      redirect_uri: this.redirectUri,
      scope: SCOPES,
      state: pending.state,
      code_challenge_method: 'S256',
      code_challenge: await codeChallenge(pending.verifier),
    });
    return `${this.endpoint('/oauth2/authorize')}?${query}`;
  }

  /** Whether an address is the hosted UI's answer to a sign-in (a code or an error). */
  static isCallback(url: URL): boolean {
    return url.pathname === '/' && (url.searchParams.has('code') || url.searchParams.has('error'));
  }

  /**
   * Finishes a sign-in from the hosted UI's answer: the state must be the one this tab sent
   * (else the answer belongs to another sign-in, or to an attacker's), the code is exchanged once.
   */
  async completeSignIn(url: URL): Promise<{ tokens: Tokens; returnTo: string }> {
    const stored = this.storage.getItem(PENDING_KEY);
    this.storage.removeItem(PENDING_KEY);
    const pending = stored ? (JSON.parse(stored) as PendingSignIn) : undefined;
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description');
      throw new SignInError(
        `The sign-in was refused (${error}${description ? `: ${description}` : ''}).`,
      );
    }
    const state = url.searchParams.get('state');
    if (!pending || !state || state !== pending.state) {
      throw new SignInError(
        'This sign-in answer does not match a sign-in started in this tab (state mismatch), so it was refused: sign in again.',
      );
    }
    const code = url.searchParams.get('code') ?? '';
    const tokens = await this.requestTokens({
      grant_type: 'authorization_code',
      client_id: this.config.userPoolClientId,
      code,
      redirect_uri: this.redirectUri,
      code_verifier: pending.verifier,
    });
    if (!tokens.refresh_token) throw new SignInError('The hosted UI gave no refresh token.');
    return {
      tokens: this.toTokens(tokens, tokens.refresh_token),
      // Only an address of this app: never another origin (`//host`).
      returnTo: /^\/(?!\/)/.test(pending.returnTo) ? pending.returnTo : '/',
    };
  }

  /** New ID and access tokens for a refresh token (Cognito keeps the refresh token the same). */
  async refresh(refreshToken: string): Promise<Tokens> {
    const answer = await this.requestTokens({
      grant_type: 'refresh_token',
      client_id: this.config.userPoolClientId,
      refresh_token: refreshToken,
    });
    return this.toTokens(answer, answer.refresh_token ?? refreshToken);
  }

  /** The hosted UI's sign-out, which ends its own session too and comes back to the console. */
  logoutUrl(): string {
    const query = new URLSearchParams({
      client_id: this.config.userPoolClientId,
      logout_uri: this.redirectUri,
    });
    return `${this.endpoint('/logout')}?${query}`;
  }

  private async requestTokens(form: Record<string, string>): Promise<TokenAnswer> {
    let response: Response;
    try {
      response = await this.fetcher(this.endpoint('/oauth2/token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    } catch (error) {
      throw new SignInError(
        `The sign-in service ${this.config.domain} cannot be reached: ${String(error)}`,
      );
    }
    const answer = (await response.json().catch(() => ({}))) as TokenAnswer;
    if (!response.ok || answer.error) {
      throw new SignInError(
        `The sign-in service refused the ${form.grant_type === 'refresh_token' ? 'refresh' : 'code'} (${answer.error ?? `HTTP ${response.status}`}): sign in again.`,
      );
    }
    return answer;
  }

  private toTokens(answer: TokenAnswer, refreshToken: string): Tokens {
    if (!answer.id_token || !answer.access_token) {
      throw new SignInError('The sign-in service answered without an ID or access token.');
    }
    const exp = decodeClaims(answer.id_token).exp * 1000;
    const expiresIn =
      typeof answer.expires_in === 'number' ? Date.now() + answer.expires_in * 1000 : exp;
    return {
      idToken: answer.id_token,
      accessToken: answer.access_token,
      refreshToken,
      expiresAt: Math.min(exp, expiresIn),
    };
  }
}
