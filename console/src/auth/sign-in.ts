import { ApiClient } from '../api/client.js';
import type { AppContext } from '../api/context.js';
import { signerFor } from '../api/sign.js';
import type { CognitoConfig } from '../config.js';
import { HostedUi } from './hosted-ui.js';
import { IdentityCredentials } from './identity-credentials.js';
import { permissionsOf } from './roles.js';
import { Session } from './session.js';

/** The signed-in console: who, what they may do, and how to sign out. */
export interface SignedIn {
  context: AppContext;
  /** The user's name as the ID token gives it (email, else the Cognito user name). */
  user: string;
  /** Forgets the tokens and credentials and goes through the hosted UI's sign-out. */
  signOut(): void;
}

/** The console before anyone is signed in in this tab. */
export interface SignedOut {
  /** Why the last sign-in failed, if it did. */
  problem?: string;
  /** Goes to the hosted UI, coming back to `returnTo`. */
  signIn(returnTo: string): Promise<void>;
}

/**
 * Sign-in for `auth: "cognito"`: finishes a hosted-UI answer in the address (then puts back the
 * address the user wanted), and gives either a signed-in console whose API calls are signed with
 * the identity pool's credentials, or the way to sign in.
 */
export async function startCognito(config: CognitoConfig): Promise<SignedIn | SignedOut> {
  const hostedUi = new HostedUi(
    config,
    window.sessionStorage,
    (input, init) => fetch(input, init),
    window.location.origin,
  );
  const session = new Session(hostedUi, window.sessionStorage);
  const signedOut = (problem?: string): SignedOut => ({
    ...(problem ? { problem } : {}),
    async signIn(returnTo) {
      window.location.assign(await hostedUi.authorizeUrl(returnTo));
    },
  });
  const here = new URL(window.location.href);
  if (HostedUi.isCallback(here)) {
    try {
      const { tokens, returnTo } = await hostedUi.completeSignIn(here);
      session.store(tokens);
      window.history.replaceState(null, '', returnTo);
    } catch (error) {
      window.history.replaceState(null, '', '/');
      return signedOut((error as Error).message);
    }
  }
  const claims = session.claims();
  if (!claims) return signedOut();
  const credentials = new IdentityCredentials(config, () => session.idToken());
  return {
    context: {
      api: new ApiClient(
        config,
        undefined,
        signerFor(config, () => credentials.get()),
      ),
      config,
      permissions: permissionsOf(claims),
    },
    user: claims.email ?? claims['cognito:username'] ?? claims.sub,
    signOut() {
      session.clear();
      credentials.clear();
      window.location.assign(hostedUi.logoutUrl());
    },
  };
}
