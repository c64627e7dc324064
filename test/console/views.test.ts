import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, sampleImage, startTestRuntime } from '../e2e/support/local-runtime.js';
import { screenshot, startBrowser, type TestBrowser } from './support/browser.js';

// Started while the tests are collected: which tests run depends on the runtime's route list.
const runtime: LocalRuntime = await startTestRuntime({ consolePort: 0 });
let browser: TestBrowser;
let consoleUrl: string;
let frameId: string;
// biome-ignore lint/suspicious/noExplicitAny: the stored result as the API answers it.
let stored: any;

beforeAll(async () => {
  consoleUrl = runtime.urls.console ?? '';
  const answer = await request(runtime, 'POST', '/frames', {
    cameraId: 'cam-01',
    location: 'plant-3/line-2',
    requiredEquipment: ['HAND_COVER'],
    image: sampleImage.toString('base64'),
  });
  expect(answer.status).toBe(200);
  frameId = answer.json.frameId;
  // A second camera whose four workers wear what its default policy requires (face and head).
  const compliant = await request(runtime, 'POST', '/frames', {
    cameraId: 'cam-02',
    location: 'plant-3/line-1',
    image: sampleImage.toString('base64'),
  });
  expect(compliant.json.status).toBe('compliant');
  stored = (await request(runtime, 'GET', `/frames/${frameId}`)).json;
  browser = await startBrowser();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the console served by the local runtime', () => {
  it('is its own origin, named in /local/info, with config.json pointing at the API and a no-sign-in banner', async () => {
    const info = await request(runtime, 'GET', '/local/info');
    expect(info.json.consoleUrl).toBe(consoleUrl);
    expect(new URL(consoleUrl).origin).not.toBe(new URL(runtime.urls.api).origin);
    const config = await (await fetch(`${consoleUrl}/config.json`)).json();
    expect(config).toEqual({ apiUrl: runtime.urls.api, region: runtime.region, auth: 'none' });
    const { page } = browser;
    await page.goto(`${consoleUrl}/cameras`);
    await expect(page.getByRole('note', { name: 'Runtime' }).textContent()).resolves.toContain(
      'Local runtime: no sign-in',
    );
  });

  it('answers any address of the app with the app (single-page routing), and a preflight from its origin', async () => {
    const page = await fetch(`${consoleUrl}/violations?day=2026-11-27`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const preflight = await fetch(`${runtime.urls.api}/frames/x/persons/1/review`, {
      method: 'OPTIONS',
      headers: { Origin: consoleUrl, 'Access-Control-Request-Method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(consoleUrl);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const error = await fetch(`${runtime.urls.api}/frames/unknown-frame`, {
      headers: { Origin: consoleUrl },
    });
    expect(error.headers.get('access-control-allow-origin')).toBe(consoleUrl);
  });
});

describe('the frame view', () => {
  it('draws one box per person where boundingBox times the picture size says, labelled by status and what is missing', async () => {
    const { page } = browser;
    await page.goto(`${consoleUrl}/frames/${frameId}`);
    const boxes = page.locator('[data-person-id]');
    await boxes.nth(3).waitFor();
    expect(await boxes.count()).toBe(4);
    const picture = await page.getByTestId('frame-picture').boundingBox();
    if (!picture) throw new Error('no picture');
    for (const person of stored.persons) {
      const box = page.locator(`[data-person-id="${person.personId}"]`);
      expect(await box.getAttribute('data-status')).toBe('violation');
      expect(await box.getAttribute('aria-label')).toBe(
        `Person ${person.personId}: violation, missing hand cover`,
      );
      const rect = await box.boundingBox();
      const { left, top, width, height } = person.boundingBox;
      const clip = (v: number) => Math.min(1, Math.max(0, v));
      const expected = {
        x: picture.x + clip(left) * picture.width,
        y: picture.y + clip(top) * picture.height,
        right: picture.x + clip(left + width) * picture.width,
        bottom: picture.y + clip(top + height) * picture.height,
      };
      expect(rect?.x).toBeCloseTo(expected.x, -0.4);
      expect(rect?.y).toBeCloseTo(expected.y, -0.4);
      expect((rect?.x ?? 0) + (rect?.width ?? 0)).toBeCloseTo(expected.right, -0.4);
      expect((rect?.y ?? 0) + (rect?.height ?? 0)).toBeCloseTo(expected.bottom, -0.4);
    }
    // The image under the boxes is the blurred copy, never the original.
    const image = page.getByRole('img', { name: /faces blurred/ });
    await image.waitFor();
    expect(await image.getAttribute('src')).toContain('/blurred/');
    await screenshot(page, 'frame');
  });
});

describe('the compliance view', () => {
  it("shows the report's numbers in its table, and its CSV download has the API's numbers", async () => {
    const { page } = browser;
    const api = (await request(runtime, 'GET', '/reports/compliance?groupBy=camera&interval=day'))
      .json;
    // biome-ignore lint/suspicious/noExplicitAny: the API's JSON.
    const bucket = api.groups.find((group: any) => group.camera === 'cam-01').buckets[0];
    expect(bucket.violations).toBe(4);
    expect(api.groups).toHaveLength(2);
    await page.goto(`${consoleUrl}/compliance?groupBy=camera&interval=day`);
    const row = page.locator(`tr[data-group="cam-01"][data-start="${bucket.start}"]`);
    await row.waitFor();
    const cell = (column: string) => row.locator(`[data-column="${column}"]`).textContent();
    expect(await cell('persons')).toBe(String(bucket.persons));
    expect(await cell('violations')).toBe('4');
    expect(await cell('compliant')).toBe(String(bucket.compliant));
    expect(await cell('complianceRate')).toBe(`${(bucket.complianceRate * 100).toFixed(1)}%`);
    await expect(
      page
        .getByRole('img', {
          name: 'Compliance rate per day. Over the period: cam-01: 0.0%; cam-02: 100.0%',
        })
        .isVisible(),
    ).resolves.toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const path = await download.path();
    const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    const columns = (header ?? '').split(',');
    const expected = api.groups.flatMap(
      // biome-ignore lint/suspicious/noExplicitAny: the API's JSON.
      (group: any) =>
        // biome-ignore lint/suspicious/noExplicitAny: the API's JSON.
        group.buckets.map((b: any) => ({
          group: group.camera,
          start: b.start,
          frames: String(b.frames),
          rejected: String(b.rejected),
          persons: String(b.persons),
          compliant: String(b.compliant),
          violations: String(b.violations),
          falsePositives: String(b.falsePositives ?? 0),
          indeterminate: String(b.indeterminate),
          complianceRate: b.complianceRate === null ? '' : String(b.complianceRate),
        })),
    );
    const parsed = rows.map((line) =>
      Object.fromEntries(line.split(',').map((value, index) => [columns[index], value])),
    );
    expect(parsed).toEqual(expected);
    await screenshot(page, 'compliance');
  });
});

describe('the cameras and violations views', () => {
  it("triage by keyboard sends the contract's PUT review for the selected person, against the contract's GET /violations answer", async () => {
    // The answers are intercepted, built from the stored frame in the routes' shapes, to drive
    // the keyboard through two pages; the tests below run against the real routes.
    const { context, page } = browser;
    const items = stored.persons.map(
      // biome-ignore lint/suspicious/noExplicitAny: the stored result's persons.
      (person: any) => ({
        frameId,
        personId: person.personId,
        cameraId: 'cam-01',
        location: 'plant-3/line-2',
        capturedAt: stored.capturedAt,
        missingEquipment: person.missingEquipment,
        confidence: person.confidence,
        boundingBox: person.boundingBox,
        review: null,
      }),
    );
    const queries: string[] = [];
    const reviews: { url: string; body: unknown }[] = [];
    await context.route(`${runtime.urls.api}/violations**`, (route) => {
      const search = new URL(route.request().url()).searchParams;
      queries.push(`?${search}`);
      // Two pages: the first three, then the last after `nextToken`.
      const page =
        search.get('nextToken') === 'page-2'
          ? { items: items.slice(3) }
          : { items: items.slice(0, 3), nextToken: 'page-2' };
      return route.fulfill({
        json: page,
        headers: { 'Access-Control-Allow-Origin': consoleUrl },
      });
    });
    await context.route(`${runtime.urls.api}/frames/*/persons/*/review`, (route) => {
      if (route.request().method() === 'OPTIONS') return route.fallback();
      reviews.push({ url: route.request().url(), body: route.request().postDataJSON() });
      return route.fulfill({
        json: {
          ...route.request().postDataJSON(),
          reviewedBy: 'local',
          reviewedAt: stored.capturedAt,
        },
        headers: { 'Access-Control-Allow-Origin': consoleUrl },
      });
    });
    try {
      await page.goto(`${consoleUrl}/violations?day=2026-11-27&equipment=HAND_COVER&review=bogus`);
      const options = page.getByRole('listbox', { name: 'Violations' }).getByRole('option');
      await options.nth(2).waitFor();
      expect(queries).toEqual([
        '?from=2026-11-27T00%3A00%3A00Z&to=2026-11-28T00%3A00%3A00Z&equipment=HAND_COVER',
      ]);
      await page.getByRole('button', { name: 'More violations' }).click();
      await options.nth(3).waitFor();
      expect(queries.at(-1)).toBe(
        '?from=2026-11-27T00%3A00%3A00Z&to=2026-11-28T00%3A00%3A00Z&equipment=HAND_COVER&nextToken=page-2',
      );
      expect(await page.getByRole('button', { name: 'More violations' }).count()).toBe(0);
      await options.first().focus();
      await page.keyboard.press('j');
      await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
      await page.keyboard.press('f');
      const second = items[1];
      await page
        .locator(`[data-person-id="${second.personId}"][data-review="false-positive"]`)
        .waitFor();
      expect(reviews).toEqual([
        {
          url: `${runtime.urls.api}/frames/${frameId}/persons/${second.personId}/review`,
          body: { disposition: 'false-positive' },
        },
      ]);
      await expect(options.nth(2).getAttribute('aria-selected')).resolves.toBe('true');
      await page.keyboard.press('c');
      await page
        .locator(`[data-person-id="${items[2].personId}"][data-review="confirmed"]`)
        .waitFor();
      await page.keyboard.press('k');
      await page.keyboard.press('k');
      await screenshot(page, 'violations');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${consoleUrl}/frames/${frameId}`);
      await page.locator('[data-person-id]').first().waitFor();
    } finally {
      await context.unrouteAll();
    }
  });

  it('the cameras view lists the camera with its latest frame', async () => {
    const { page } = browser;
    await page.goto(`${consoleUrl}/cameras`);
    const row = page.locator('tr[data-camera-id="cam-01"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('violation');
    await screenshot(page, 'cameras');
  });

  it('the violations view lists the violations; a reviewer marks a false positive by keyboard and the compliance view changes', async () => {
    const { page } = browser;
    await page.goto(`${consoleUrl}/violations?cameraId=cam-01`);
    const options = page.getByRole('listbox', { name: 'Violations' }).getByRole('option');
    await options.nth(3).waitFor();
    expect(await options.count()).toBe(4);
    const first = options.first();
    const personId = Number(await first.getAttribute('data-person-id'));
    expect(await first.getAttribute('data-frame-id')).toBe(frameId);
    await first.focus();
    await page.keyboard.press('f');
    await page.locator(`[data-person-id="${personId}"][data-review="false-positive"]`).waitFor();
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await screenshot(page, 'violations');

    const api = (await request(runtime, 'GET', '/reports/compliance?groupBy=camera&interval=day'))
      .json;
    // biome-ignore lint/suspicious/noExplicitAny: the API's JSON.
    expect(api.groups.find((group: any) => group.camera === 'cam-01').total.falsePositives).toBe(1);
    await page.goto(`${consoleUrl}/compliance?groupBy=camera&interval=day`);
    const row = page.locator('tr[data-group="cam-01"]').first();
    await row.waitFor();
    await expect(row.locator('[data-column="falsePositives"]').textContent()).resolves.toBe('1');
    await expect(row.locator('[data-column="violations"]').textContent()).resolves.toBe('3');

    await page.goto(`${consoleUrl}/violations?cameraId=cam-01`);
    await options.first().waitFor();
    await options.first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${consoleUrl}/frames/${frameId}`);
  });
});
