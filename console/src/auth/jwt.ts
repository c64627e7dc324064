/** The ID token's claims the console reads. */
export interface IdClaims {
  sub: string;
  exp: number;
  email?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
}

/**
 * The payload of a JWT, decoded but not verified: the console only reads who is signed in from
 * it. Cognito Identity verifies the token (serverSideTokenCheck) before it gives credentials.
 */
export function decodeClaims(token: string): IdClaims {
  const part = token.split('.')[1];
  if (!part) throw new Error('The ID token is not a JWT.');
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<IdClaims>;
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
    throw new Error('The ID token has no "sub" or "exp".');
  }
  return claims as IdClaims;
}
