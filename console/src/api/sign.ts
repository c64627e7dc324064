import type { RuntimeConfig } from '../config.js';

/** Signs a request before it is sent; the seam where SigV4 with Cognito credentials goes. */
export type Signer = (request: Request) => Promise<Request>;

/**
 * The signer for a runtime config: the identity for `auth: "none"` (the local runtime). Signing
 * with identity-pool credentials (`auth: "cognito"`) is a later increment, so that mode fails
 * loudly rather than sending unsigned requests the API would refuse.
 */
export function signerFor(config: RuntimeConfig): Signer {
  if (config.auth === 'none') return async (request) => request;
  return async () => {
    throw new Error('Sign-in (auth "cognito") is not in this version of the console yet.');
  };
}
