import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signs and checks the stand-in user pool's JWTs (HS256 with a per-run secret). */
export class JwtIssuer {
  constructor(private readonly secret: string) {}

  /** A JWT with these claims. */
  sign(claims: Record<string, unknown>): string {
    const head = Buffer.from(
      JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'stand-in' }),
    ).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', this.secret)
      .update(`${head}.${body}`)
      .digest('base64url');
    return `${head}.${body}.${signature}`;
  }

  /** The claims of a JWT this issuer signed, or undefined for any other string. */
  verify(token: string): Record<string, unknown> | undefined {
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return undefined;
    const expected = createHmac('sha256', this.secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  }
}
