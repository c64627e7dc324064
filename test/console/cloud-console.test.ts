import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../local/console-build.js';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, sampleImage, startTestRuntime } from '../e2e/support/local-runtime.js';
import { screenshot, startBrowser, type TestBrowser } from './support/browser.js';
import {
  type CloudConsole,
  callStandIn,
  cloudHosts,
  startCloudConsole,
} from './support/cloud-console.js';
import type { PoolUser } from './support/hosted-ui-stand-in.js';
import { templateSecurityHeaders } from './support/template-headers.js';

// The console as CloudFront serves it (the synthesized stack's headers), signed in through
// stand-ins of the hosted UI and Cognito Identity, calling a SigV4-checking API Gateway stand-in
// in front of the local runtime. Chromium maps the AWS host names to loopback.
await ensureConsoleBuilt(() => {});
const runtime: LocalRuntime = await startTestRuntime();
const hosts = cloudHosts(runtime.region);
const imageHost = hosts.images(runtime.bucket);
const headers = templateSecurityHeaders({
  region: runtime.region,
  account: hosts.account,
  imageHost,
});
let cloud: CloudConsole;
let browser: TestBrowser;
let frameId: string;
/** Every console error and uncaught exception of the page, as text. */
const errors: string[] = [];

const USERS: Record<string, PoolUser> = {
  viewer: { username: 'vera', email: 'vera@example.com', groups: ['viewer'] },
  reviewer: { username: 'rui', email: 'rui@example.com', groups: ['reviewer', 'camera'] },
  auditor: { username: 'ada', email: 'ada@example.com', groups: ['auditor'] },
  camera: { username: 'cam', email: 'cam@example.com', groups: ['camera'] },
};

beforeAll(async () => {
  const answer = await request(runtime, 'POST', '/frames', {
    cameraId: 'cam-01',
    location: 'plant-3/line-2',
    requiredEquipment: ['HAND_COVER'],
    image: sampleImage.toString('base64'),
  });
  expect(answer.status).toBe(200);
  frameId = answer.json.frameId;
  cloud = await startCloudConsole(runtime, headers);
  browser = await startBrowser(cloud.browserArgs, { ignoreHTTPSErrors: true });
  // Before the app's own scripts, on every page: record each violation the policy reports.
  await browser.context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations = [...(window.__violations ?? []), event.violatedDirective + ' ' + event.blockedURI];
    });`,
  });
  browser.page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  browser.page.on('pageerror', (error) => errors.push(String(error)));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.close();
  await runtime?.stop();
});

async function pageViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.__violations ?? []');
}

/** Signs in through the hosted UI as `user`, starting at `path`. */
async function signIn(page: Page, user: PoolUser, path: string): Promise<void> {
  cloud.hostedUi.signedIn = user;
  await page.goto(`${cloud.consoleUrl}${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
  await page.waitForURL(`${cloud.consoleUrl}${path}`);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

describe('sign-in in the cloud (hosted UI, identity pool, SigV4)', () => {
  it('signs a viewer in with the code flow and PKCE, lists the stored violations through signed calls, offers no review, and signing out clears the session', async () => {
    const { page } = browser;
    await signIn(page, USERS.viewer as PoolUser, '/violations');
    const options = page.getByRole('listbox', { name: 'Violations' }).getByRole('option');
    await options.nth(3).waitFor();
    expect(await options.count()).toBe(4);
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('vera@example.com');
    expect(await page.getByTestId('signed-in-group').textContent()).toBe('viewer');
    // One code, redeemed once with its verifier; credentials for the viewer role; signed calls.
    expect(cloud.hostedUi.tokenRequests.map((r) => [r.form.grant_type, r.status])).toEqual([
      ['authorization_code', 200],
    ]);
    expect(cloud.identity.calls.map((call) => [call.operation, call.status])).toEqual([
      ['GetId', 200],
      ['GetCredentialsForIdentity', 200],
    ]);
    expect(cloud.api.requests).toContainEqual(
      expect.objectContaining({ method: 'GET', status: 200, group: 'viewer' }),
    );
    expect(cloud.api.requests.filter((r) => r.method !== 'OPTIONS' && r.status !== 200)).toEqual(
      [],
    );
    // A viewer gets no review buttons, and the keys say why instead of calling the API.
    expect(await page.getByRole('toolbar', { name: 'Review the selected person' }).count()).toBe(0);
    await expect(page.getByTestId('review-refused').textContent()).resolves.toContain(
      'reviewing needs the reviewer or auditor group',
    );
    await options.first().focus();
    await page.keyboard.press('c');
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'You are in the viewer group',
    );
    expect(cloud.api.requests.some((r) => r.method === 'PUT')).toBe(false);
    // Not a camera: no live check in the navigation, and its address says why.
    expect(await page.getByRole('link', { name: 'Live check' }).count()).toBe(0);
    const stored = await page.evaluate<string[]>('Object.keys(sessionStorage)');
    expect(stored).toEqual(['ppe-console:tokens']);
    await screenshot(page, 'cloud-violations-viewer');

    await signOut(page);
    expect(cloud.hostedUi.logouts).toBe(1);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    const calls = cloud.api.requests.length;
    await page.goto(`${cloud.consoleUrl}/violations`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(cloud.api.requests.length).toBe(calls);
  });

  it('lets a reviewer review with a signed PUT (the body is in the signature), and says which permission a 403 lacks', async () => {
    const { page } = browser;
    await signIn(page, USERS.reviewer as PoolUser, '/violations');
    // In reviewer and camera: the identity pool gives the reviewer role, so no live check.
    expect(await page.getByTestId('signed-in-group').textContent()).toBe('reviewer');
    const first = page.getByRole('listbox', { name: 'Violations' }).getByRole('option').first();
    await first.waitFor();
    const personId = await first.getAttribute('data-person-id');
    await page.getByRole('button', { name: /^False positive/ }).click();
    await page
      .locator(`[data-person-id="${personId}"][data-review="false-positive"]`)
      .first()
      .waitFor();
    expect(cloud.api.requests).toContainEqual({
      method: 'PUT',
      path: `/v1/frames/${frameId}/persons/${personId}/review`,
      status: 200,
      group: 'reviewer',
    });

    cloud.api.revoked.add('GET /reports/compliance');
    try {
      await page.getByRole('link', { name: 'Compliance' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        'Your role may not call GET /reports/compliance: it lacks the permission execute-api:Invoke on GET /reports/compliance.',
      );
    } finally {
      cloud.api.revoked.clear();
    }
    await signOut(page);
  });

  it('meets stand-ins as strict as AWS: a reused code, a wrong verifier, a foreign Logins key, an unsigned or altered request and a role without the route are refused', async () => {
    const form = cloud.hostedUi.tokenRequests[0]?.form ?? {};
    const token = (body: Record<string, string>) =>
      callStandIn(cloud, hosts.hostedUi, {
        method: 'POST',
        path: '/oauth2/token',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const reused = await token(form);
    expect([reused.status, JSON.parse(reused.body)]).toEqual([400, { error: 'invalid_grant' }]);

    const verifier = 'a'.repeat(43);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = (query: Record<string, string>) =>
      callStandIn(cloud, hosts.hostedUi, {
        method: 'GET',
        path: `/oauth2/authorize?${new URLSearchParams(query)}`,
      });
    const good = {
      response_type: 'code',
      client_id: cloud.config.userPoolClientId ?? '',
      redirect_uri: `${cloud.consoleUrl}/`,
      scope: 'openid',
      state: 's1',
      code_challenge_method: 'S256',
      code_challenge: challenge,
    };
    expect((await authorize({ ...good, redirect_uri: 'https://evil.example/' })).status).toBe(400);
    const plain = await authorize({ ...good, code_challenge_method: 'plain' });
    expect(plain.headers.location).toBe(`${cloud.consoleUrl}/?error=invalid_request&state=s1`);
    cloud.hostedUi.signedIn = USERS.viewer;
    const issued = new URL(String((await authorize(good)).headers.location));
    const code = issued.searchParams.get('code') ?? '';
    const exchange = {
      grant_type: 'authorization_code',
      client_id: good.client_id,
      code,
      redirect_uri: good.redirect_uri,
    };
    const wrongVerifier = await token({ ...exchange, code_verifier: 'b'.repeat(43) });
    expect([wrongVerifier.status, wrongVerifier.body]).toEqual([400, '{"error":"invalid_grant"}']);
    // The failed attempt used the code up.
    expect((await token({ ...exchange, code_verifier: verifier })).status).toBe(400);
    const fresh = new URL(String((await authorize(good)).headers.location));
    const tokens = await token({
      ...exchange,
      code: fresh.searchParams.get('code') ?? '',
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    const idToken = JSON.parse(tokens.body).id_token;

    const identity = (target: string, body: object) =>
      callStandIn(cloud, hosts.identity, {
        method: 'POST',
        path: '/',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityService.${target}`,
        },
        body: JSON.stringify(body),
      });
    const foreign = await identity('GetId', {
      IdentityPoolId: cloud.config.identityPoolId,
      Logins: { 'accounts.google.com': idToken },
    });
    expect([foreign.status, JSON.parse(foreign.body).__type]).toEqual([
      400,
      'NotAuthorizedException',
    ]);
    const logins = {
      [`cognito-idp.${runtime.region}.amazonaws.com/${cloud.config.userPoolId}`]: idToken,
    };
    const forged = await identity('GetId', {
      IdentityPoolId: cloud.config.identityPoolId,
      Logins: { [Object.keys(logins)[0] as string]: `${idToken.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(400);
    const { IdentityId } = JSON.parse(
      (await identity('GetId', { IdentityPoolId: cloud.config.identityPoolId, Logins: logins }))
        .body,
    );
    const { Credentials } = JSON.parse(
      (await identity('GetCredentialsForIdentity', { IdentityId, Logins: logins })).body,
    );

    const path = `/v1/frames/${frameId}/persons/0/review`;
    const body = JSON.stringify({ disposition: 'confirmed' });
    const signed = await new SignatureV4({
      service: 'execute-api',
      region: runtime.region,
      sha256: Hash.bind(null, 'sha256'),
      credentials: {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretKey,
        sessionToken: Credentials.SessionToken,
      },
      applyChecksum: false,
    }).sign(
      new HttpRequest({
        method: 'PUT',
        hostname: hosts.api,
        path,
        headers: { host: hosts.api, 'content-type': 'application/json' },
        body,
      }),
    );
    const api = (headersSent: Record<string, string>, sent: string) =>
      callStandIn(cloud, hosts.api, { method: 'PUT', path, headers: headersSent, body: sent });
    const { host: _host, ...signedHeaders } = signed.headers;
    const unsigned = await api({ 'content-type': 'application/json' }, body);
    expect([unsigned.status, JSON.parse(unsigned.body).error.code]).toEqual([
      403,
      'UNAUTHENTICATED',
    ]);
    const altered = await api(signedHeaders, JSON.stringify({ disposition: 'false-positive' }));
    expect([altered.status, JSON.parse(altered.body).error.message]).toEqual([
      403,
      expect.stringContaining('The request signature does not match'),
    ]);
    const denied = await api(signedHeaders, body);
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body).error).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(
        /assumed-role\/PpeDetection-viewer-Role\/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke on resource: .*\/v1\/PUT\/frames\//,
      ),
    });
  });
});

describe('the CloudFront response headers policy against the built console', () => {
  it("serves the template's headers, and every view runs under them without a violation or a console error", async () => {
    const { page } = browser;
    const served = await page.goto(`${cloud.consoleUrl}/cameras`);
    for (const [name, value] of Object.entries(headers)) {
      expect(served?.headers()[name.toLowerCase()]).toBe(value);
    }
    expect(headers['Content-Security-Policy']).toContain("style-src 'self'");
    expect(headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['X-Frame-Options']).toBe('DENY');
    // The console's config.json and the policy name the same Cognito and API hosts.
    expect(headers['Content-Security-Policy']).toContain(`https://${hosts.hostedUi}`);
    expect(headers['Content-Security-Policy']).toContain(`https://${hosts.identity}`);

    errors.length = 0;
    await signIn(page, USERS.auditor as PoolUser, '/cameras');
    await page.locator('tr[data-camera-id="cam-01"]').waitFor();
    await page.goto(`${cloud.consoleUrl}/violations`);
    await page.getByRole('listbox', { name: 'Violations' }).getByRole('option').first().waitFor();
    expect(await page.getByRole('toolbar', { name: 'Review the selected person' }).count()).toBe(1);
    await page.goto(`${cloud.consoleUrl}/frames/${frameId}`);
    await page.locator('[data-person-id]').nth(3).waitFor();
    const image = page.getByRole('img', { name: /faces blurred/ });
    await image.waitFor();
    // Polled from the test through the DevTools protocol: waitForFunction would poll inside the
    // page by evaluating a string, which this very CSP refuses (no 'unsafe-eval').
    await expect
      .poll(
        () =>
          image.evaluate((element) => {
            const img = element as unknown as { complete: boolean; naturalWidth: number };
            return img.complete && img.naturalWidth > 0;
          }),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    // Preact's style props (CSSOM) position the boxes: a blocked style would leave them unplaced.
    const box = await page.locator('[data-person-id]').first().boundingBox();
    const picture = await page.getByTestId('frame-picture').boundingBox();
    expect(box?.width).toBeLessThan((picture?.width ?? 0) * 0.9);
    await screenshot(page, 'cloud-frame');
    await page.goto(`${cloud.consoleUrl}/compliance?groupBy=camera&interval=day`);
    await page.getByRole('img', { name: /^Compliance rate per day/ }).waitFor();
    await page.locator('tr[data-group="cam-01"]').first().waitFor();
    expect(await pageViolations(page)).toEqual([]);
    await signOut(page);

    await signIn(page, USERS.camera as PoolUser, '/live');
    await page.getByRole('button', { name: 'Start camera' }).waitFor();
    expect(await page.getByRole('link', { name: 'Violations' }).count()).toBe(0);
    await page.goto(`${cloud.consoleUrl}/violations`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'viewing frames and violations needs the viewer, reviewer or auditor group',
    );
    expect(await pageViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await signOut(page);
  });

  it('enforces the policy: an injected inline script and a style attribute are blocked and reported', async () => {
    const { page } = browser;
    await page.goto(`${cloud.consoleUrl}/cameras`);
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    errors.length = 0;
    const outcome = await page.evaluate<{ ran: boolean; color: string }>(`(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      const styled = document.createElement('p');
      styled.textContent = 'styled';
      styled.setAttribute('style', 'color: rgb(255, 0, 0)');
      document.body.append(styled);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { ran: window.__inlineRan === true, color: getComputedStyle(styled).color };
    })()`);
    expect(outcome.ran).toBe(false);
    expect(outcome.color).not.toBe('rgb(255, 0, 0)');
    const reported = await pageViolations(page);
    expect(reported).toContainEqual('script-src-elem inline');
    expect(reported).toContainEqual('style-src-attr inline');
    expect(errors.some((text) => text.includes('Content Security Policy'))).toBe(true);
  });
});
