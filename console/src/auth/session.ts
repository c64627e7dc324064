import type { HostedUi, Tokens } from './hosted-ui.js';
import { decodeClaims, type IdClaims } from './jwt.js';

/** The part of the Web Storage API the sign-in uses: sessionStorage in the browser. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const TOKENS_KEY = 'ppe-console:tokens';
/** Tokens are renewed this long before they expire, so a call never goes out with a stale one. */
export const RENEW_BEFORE_MS = 5 * 60_000;

/** No usable session: the user must sign in (again). */
export class SignInRequired extends Error {}

/**
 * The signed-in user's tokens, kept in sessionStorage (this tab only, gone when it closes, never
 * sent to a server by the browser), renewed with the refresh token before they expire.
 */
export class Session {
  private renewing: Promise<Tokens> | undefined;

  constructor(
    private readonly hostedUi: HostedUi,
    private readonly storage: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stored tokens, if any. */
  tokens(): Tokens | undefined {
    const stored = this.storage.getItem(TOKENS_KEY);
    return stored ? (JSON.parse(stored) as Tokens) : undefined;
  }

  /** Keeps a new set of tokens. */
  store(tokens: Tokens): void {
    this.storage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  }

  /** Who is signed in, from the ID token. */
  claims(): IdClaims | undefined {
    const tokens = this.tokens();
    return tokens ? decodeClaims(tokens.idToken) : undefined;
  }

  /** A current ID token, refreshed first when it expires within {@link RENEW_BEFORE_MS}. */
  async idToken(): Promise<string> {
    const tokens = this.tokens();
    if (!tokens) throw new SignInRequired('You are not signed in.');
    if (tokens.expiresAt - this.now() > RENEW_BEFORE_MS) return tokens.idToken;
    this.renewing ??= this.hostedUi.refresh(tokens.refreshToken).finally(() => {
      this.renewing = undefined;
    });
    try {
      const renewed = await this.renewing;
      this.store(renewed);
      return renewed.idToken;
    } catch (error) {
      this.clear();
      throw new SignInRequired(`Your session has ended: ${(error as Error).message}`);
    }
  }

  /** Forgets the tokens (sign-out, or a refresh that was refused). */
  clear(): void {
    this.storage.removeItem(TOKENS_KEY);
  }
}
