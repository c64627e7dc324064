import {
  type GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { signerFor } from '../../console/src/api/sign.js';
import {
  type AwsCredentials,
  IdentityCredentials,
  type IdentitySend,
} from '../../console/src/auth/identity-credentials.js';
import type { CognitoConfig } from '../../console/src/config.js';

const CONFIG: CognitoConfig = {
  apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1',
  region: 'eu-west-1',
  auth: 'cognito',
  userPoolId: 'eu-west-1_Example',
  userPoolClientId: 'client123',
  identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000',
  domain: 'ppe-123456789012.auth.eu-west-1.amazoncognito.com',
};
const CREDENTIALS: AwsCredentials = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'secret/example',
  sessionToken: 'session-token',
  expiration: Date.now() + 3600_000,
};

describe('SigV4 signing of API calls', () => {
  it("signs a PUT over its path, query and body for execute-api in the config's region, as the server recomputes it", async () => {
    const sign = signerFor(CONFIG, async () => CREDENTIALS);
    const body = JSON.stringify({ disposition: 'false-positive', comment: 'a glove after all' });
    const signed = await sign(
      new Request(`${CONFIG.apiUrl}/frames/f%201/persons/2/review?note=two words&x=a/b`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body,
      }),
    );
    const url = new URL(signed.url);
    expect(url.search).toBe('?note=two%20words&x=a%2Fb');
    const authorization = signed.headers.get('authorization') ?? '';
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers.get('x-amz-security-token')).toBe('session-token');
    expect(signed.headers.has('host')).toBe(false);
    const sentBody = await signed.text();
    expect(sentBody).toBe(body);
    const date = signed.headers.get('x-amz-date') ?? '';
    const signingDate = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const recompute = (payload: string) =>
      new SignatureV4({
        service: 'execute-api',
        region: 'eu-west-1',
        sha256: Hash.bind(null, 'sha256'),
        credentials: {
          accessKeyId: CREDENTIALS.accessKeyId,
          secretAccessKey: CREDENTIALS.secretAccessKey,
          sessionToken: CREDENTIALS.sessionToken,
        },
        applyChecksum: false,
      }).sign(
        new HttpRequest({
          method: 'PUT',
          hostname: url.hostname,
          path: url.pathname,
          query: { note: 'two words', x: 'a/b' },
          headers: {
            host: url.host,
            'content-type': 'application/json',
            'x-amz-date': date,
            'x-amz-security-token': 'session-token',
          },
          body: payload,
        }),
        { signingDate },
      );
    expect((await recompute(sentBody)).headers.authorization).toBe(authorization);
    // The body is in the signature: another body does not match it.
    expect((await recompute('{"disposition":"confirmed"}')).headers.authorization).not.toBe(
      authorization,
    );
  });

  it('sends requests unchanged without sign-in (the local runtime)', async () => {
    const request = new Request('http://127.0.0.1:3000/cameras');
    expect(
      await signerFor({ apiUrl: 'http://127.0.0.1:3000', region: 'us-east-1', auth: 'none' })(
        request,
      ),
    ).toBe(request);
  });
});

describe('identity-pool credentials', () => {
  it("asks GetId once with the user pool's Logins key, and renews the credentials before their Expiration", async () => {
    let now = 1_800_000_000_000;
    const calls: Array<{ name: string; input: Record<string, unknown> }> = [];
    let issued = 0;
    const client: IdentitySend = {
      send: (async (command: GetIdCommand | GetCredentialsForIdentityCommand) => {
        calls.push({ name: command.constructor.name, input: command.input as never });
        if (command instanceof GetIdCommand) return { IdentityId: 'eu-west-1:id-1' };
        issued += 1;
        return {
          IdentityId: 'eu-west-1:id-1',
          Credentials: {
            AccessKeyId: `ASIA${issued}`,
            SecretKey: 's',
            SessionToken: 't',
            Expiration: new Date(now + 3600_000),
          },
        };
      }) as IdentitySend['send'],
    };
    const credentials = new IdentityCredentials(
      CONFIG,
      async () => 'id-token',
      () => now,
      client,
    );
    expect((await credentials.get()).accessKeyId).toBe('ASIA1');
    now += 50 * 60_000;
    expect((await credentials.get()).accessKeyId).toBe('ASIA1');
    now += 6 * 60_000;
    expect((await credentials.get()).accessKeyId).toBe('ASIA2');
    const logins = { 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example': 'id-token' };
    expect(calls).toEqual([
      { name: 'GetIdCommand', input: { IdentityPoolId: CONFIG.identityPoolId, Logins: logins } },
      {
        name: 'GetCredentialsForIdentityCommand',
        input: { IdentityId: 'eu-west-1:id-1', Logins: logins },
      },
      {
        name: 'GetCredentialsForIdentityCommand',
        input: { IdentityId: 'eu-west-1:id-1', Logins: logins },
      },
    ]);
  });
});
