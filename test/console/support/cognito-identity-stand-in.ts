import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JwtIssuer } from './jwt-issuer.js';

/** Credentials the stand-in gave out, by access key id, with the group whose role they carry. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
  roleArn: string;
  group: string;
}

/** What the identity pool trusts: one user pool and app client. */
export interface IdentityPoolSettings {
  region: string;
  identityPoolId: string;
  userPoolId: string;
  clientId: string;
  /** The group of each role ARN the ID token may name as cognito:preferred_role. */
  groupOfRole: Record<string, string>;
}

/**
 * Cognito Identity's JSON 1.1 protocol (`X-Amz-Target: AWSCognitoIdentityService.<Operation>`),
 * GetId and GetCredentialsForIdentity, for an identity pool without unauthenticated identities and
 * a Token role mapping with ambiguous → Deny: the Logins key must be the user pool's provider name,
 * the ID token one the pool issued, unexpired, for its client; the credentials carry the
 * cognito:preferred_role's role and expire in an hour.
 */
export class CognitoIdentityStandIn {
  /** Every credential set given out, by access key id. */
  readonly issued = new Map<string, IssuedCredentials>();
  /** Every call's operation and answer status. */
  readonly calls: Array<{ operation: string; status: number }> = [];
  private readonly identities = new Map<string, string>();

  constructor(
    private readonly settings: IdentityPoolSettings,
    private readonly issuer: JwtIssuer,
  ) {}

  /** Answers a request to `cognito-identity.<region>.amazonaws.com`. */
  async handle(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
    const cors = {
      'Access-Control-Allow-Origin': request.headers.origin ?? '*',
      'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage',
    };
    if (request.method === 'OPTIONS') {
      response
        .writeHead(200, {
          ...cors,
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '',
          'Access-Control-Max-Age': '600',
        })
        .end();
      return;
    }
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AWSCognitoIdentityService\./, '');
    const answer = (status: number, json: object) => {
      this.calls.push({ operation, status });
      const type =
        status === 200 ? {} : { 'x-amzn-ErrorType': (json as { __type: string }).__type };
      response
        .writeHead(status, {
          ...cors,
          ...type,
          'Content-Type': 'application/x-amz-json-1.1',
          'x-amzn-RequestId': randomUUID(),
        })
        .end(JSON.stringify(json));
    };
    const fault = (type: string, message: string) => answer(400, { __type: type, message });
    if (request.method !== 'POST' || request.url !== '/')
      return fault('UnknownOperationException', 'POST / only');
    if (request.headers['content-type'] !== 'application/x-amz-json-1.1') {
      return fault('SerializationException', 'Content-Type must be application/x-amz-json-1.1');
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return fault('SerializationException', 'The body is not JSON.');
    }
    const claims = this.checkLogins(input.Logins);
    if (typeof claims === 'string') return fault('NotAuthorizedException', claims);
    const sub = String(claims.sub);
    if (operation === 'GetId') {
      if (input.IdentityPoolId !== this.settings.identityPoolId) {
        return fault(
          'ResourceNotFoundException',
          `IdentityPool '${String(input.IdentityPoolId)}' not found.`,
        );
      }
      let identityId = this.identities.get(sub);
      if (!identityId) {
        identityId = `${this.settings.region}:${randomUUID()}`;
        this.identities.set(sub, identityId);
      }
      return answer(200, { IdentityId: identityId });
    }
    if (operation === 'GetCredentialsForIdentity') {
      if (input.IdentityId !== this.identities.get(sub)) {
        return fault(
          'NotAuthorizedException',
          'Invalid login token. Token does not match identity.',
        );
      }
      const roleArn = claims['cognito:preferred_role'];
      const group = typeof roleArn === 'string' ? this.settings.groupOfRole[roleArn] : undefined;
      if (!group || typeof roleArn !== 'string') {
        // Token mapping with AmbiguousRoleResolution Deny: no preferred role, no credentials.
        return fault(
          'InvalidIdentityPoolConfigurationException',
          'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
        );
      }
      const credentials: IssuedCredentials = {
        accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: randomBytes(60).toString('base64'),
        expiration: Math.floor(Date.now() / 1000) + 3600,
        roleArn,
        group,
      };
      this.issued.set(credentials.accessKeyId, credentials);
      return answer(200, {
        IdentityId: input.IdentityId,
        Credentials: {
          AccessKeyId: credentials.accessKeyId,
          SecretKey: credentials.secretAccessKey,
          SessionToken: credentials.sessionToken,
          Expiration: credentials.expiration,
        },
      });
    }
    return fault('UnknownOperationException', `No operation ${target}.`);
  }

  /** The ID token's claims, or Cognito's words for why the Logins are refused. */
  private checkLogins(logins: unknown): Record<string, unknown> | string {
    const provider = `cognito-idp.${this.settings.region}.amazonaws.com/${this.settings.userPoolId}`;
    if (typeof logins !== 'object' || logins === null) {
      return 'Unauthenticated access is not supported for this identity pool.';
    }
    const entries = Object.entries(logins as Record<string, unknown>);
    if (entries.length !== 1 || entries[0]?.[0] !== provider) {
      return `Invalid login token. Logins must hold exactly ${provider}.`;
    }
    const claims = this.issuer.verify(String(entries[0][1]));
    if (!claims) return 'Invalid login token. Not a valid OpenId Connect identity token.';
    if (claims.iss !== `https://${provider}`) return 'Invalid login token. Issuer mismatch.';
    if (claims.aud !== this.settings.clientId)
      return 'Invalid login token. Incorrect token audience.';
    if (claims.token_use !== 'id') return 'Invalid login token. Not an ID token.';
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
      return 'Invalid login token. Token expired.';
    }
    return claims;
  }
}
