import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRequest, makeApiSigner, makeSignedApi } from '../../smoke/cloud/signed-api.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
};
const signingDate = new Date('2026-12-01T12:00:00Z');
const url = new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/frames');

describe('the smoke test signer', () => {
  it('signs for execute-api in the stack region with the caller credential', async () => {
    const signer = makeApiSigner({ region: 'eu-west-1', credentials });

    const signed = await signer.sign(apiRequest('POST', url, '{"cameraId":"c"}'), { signingDate });

    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261201\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(signed.headers['x-amz-date']).toBe('20261201T120000Z');
    expect(signed.headers['x-amz-security-token']).toBe('session-token');
  });

  it('signs the body: another body gives another signature', async () => {
    const signer = makeApiSigner({ region: 'eu-west-1', credentials });
    const signature = async (body: string) =>
      (await signer.sign(apiRequest('POST', url, body), { signingDate })).headers.authorization;

    expect(await signature('{"cameraId":"a"}')).not.toBe(await signature('{"cameraId":"b"}'));
  });

  it('signs the query string of a GET', async () => {
    const signer = makeApiSigner({ region: 'eu-west-1', credentials });
    const get = (query: string) =>
      signer.sign(apiRequest('GET', new URL(`cameras/c/frames${query}`, url), undefined), {
        signingDate,
      });

    const [plain, filtered] = await Promise.all([get(''), get('?status=violation')]);

    expect(plain.headers.authorization).not.toBe(filtered.headers.authorization);
    expect(filtered.query).toEqual({ status: 'violation' });
  });
});

describe('the signed API client', () => {
  let close: () => void = () => {};
  afterEach(() => close());

  it('sends the Authorization header, the signed date and token, and the JSON body', async () => {
    const received: { headers: IncomingHttpHeaders; url: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, url: req.url ?? '', body });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => server.close();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/`;
    const request = makeSignedApi(base, makeApiSigner({ region: 'eu-west-1', credentials }));

    const reply = await request('POST', 'frames', { cameraId: 'c' }, { 'Idempotency-Key': 'k1' });

    expect(reply).toMatchObject({ status: 200, json: { ok: true } });
    const sent = received[0];
    expect(sent?.url).toBe('/prod/frames');
    expect(sent?.body).toBe('{"cameraId":"c"}');
    expect(sent?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;idempotency-key;/,
    );
    expect(sent?.headers['x-amz-security-token']).toBe('session-token');
    expect(sent?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});
