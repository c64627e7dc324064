import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import { request, sampleImage, startTestRuntime } from './support/local-runtime.js';

const CONSOLE = 'http://127.0.0.1:3999';
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startTestRuntime({ consolePort: 3999 });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('reviewing violations on the local runtime', () => {
  it('lists a violation, records its review, and counts it as a false positive', async () => {
    const posted = await request(runtime, 'POST', '/frames', {
      image: sampleImage.toString('base64'),
      cameraId: 'cam-review',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:00Z',
      requiredEquipment: ['HAND_COVER'],
    });
    const frameId = (posted.json as { frameId: string }).frameId;
    const range = 'from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z';

    const cameras = await request(runtime, 'GET', '/cameras');
    const listed = await request(runtime, 'GET', `/violations?${range}&cameraId=cam-review`);
    const put = await request(runtime, 'PUT', `/frames/${frameId}/persons/0/review`, {
      disposition: 'false-positive',
      comment: 'gloves hidden by the box',
    });
    const frame = await request(runtime, 'GET', `/frames/${frameId}`);
    const trail = await request(runtime, 'GET', `/frames/${frameId}/reviews`);
    const report = await request(runtime, 'GET', `/reports/compliance?${range}`);

    expect(cameras.json).toEqual({
      items: [
        expect.objectContaining({
          cameraId: 'cam-review',
          lastFrame: expect.objectContaining({ frameId, status: 'violation' }),
        }),
      ],
    });
    expect((listed.json as { items: unknown[] }).items).toHaveLength(4);
    expect(put).toMatchObject({ status: 200, json: { reviewedBy: 'local', personId: 0 } });
    const persons = (frame.json as { persons: { personId: number; review: unknown }[] }).persons;
    expect(persons).toHaveLength(4);
    expect(persons.find((p) => p.personId === 0)?.review).toMatchObject({
      disposition: 'false-positive',
      reviewedBy: 'local',
    });
    expect((trail.json as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ personId: 0, comment: 'gloves hidden by the box' }),
    ]);
    const group = (report.json as { groups: { camera: string; total: object }[] }).groups.find(
      (g) => g.camera === 'cam-review',
    );
    expect(group?.total).toMatchObject({ violations: 3, falsePositives: 1 });
  });

  it('answers 409 for a person not in violation', async () => {
    const posted = await request(runtime, 'POST', '/frames', {
      image: sampleImage.toString('base64'),
      cameraId: 'cam-review-ok',
      requiredEquipment: ['FACE_COVER'],
    });
    const frameId = (posted.json as { frameId: string }).frameId;

    const put = await request(runtime, 'PUT', `/frames/${frameId}/persons/0/review`, {
      disposition: 'confirmed',
    });

    expect(put).toMatchObject({ status: 409, json: { error: { code: 'NOT_A_VIOLATION' } } });
  });
});

describe("CORS for the console's origin on the local runtime", () => {
  it('answers the preflight without authentication', async () => {
    const response = await fetch(`${runtime.urls.api}/frames/k-1/persons/0/review`, {
      method: 'OPTIONS',
      headers: {
        Origin: CONSOLE,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type,x-amz-date,authorization',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, PUT, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toContain('X-Amz-Security-Token');
  });

  it("puts the origin on the function's errors and on the runtime's own", async () => {
    const functionError = await request(runtime, 'GET', '/violations?limit=0', undefined, {
      Origin: 'http://localhost:3999',
    });
    const noRoute = await request(runtime, 'GET', '/nowhere', undefined, { Origin: CONSOLE });

    expect(functionError.status).toBe(400);
    expect(functionError.headers.get('access-control-allow-origin')).toBe('http://localhost:3999');
    expect(noRoute.status).toBe(404);
    expect(noRoute.headers.get('access-control-allow-origin')).toBe(CONSOLE);
  });

  it('gives another origin no CORS headers', async () => {
    const preflight = await fetch(`${runtime.urls.api}/violations`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:4000', 'Access-Control-Request-Method': 'GET' },
    });
    const answer = await request(runtime, 'GET', '/cameras', undefined, {
      Origin: 'http://127.0.0.1:4000',
    });

    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
