import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/start-local-runtime.js';
import {
  alertsFor,
  request,
  sampleImage,
  startTestRuntime,
  tableItemsFor,
} from './support/local-runtime.js';

const frame = {
  image: sampleImage.toString('base64'),
  cameraId: 'cam-01',
  location: 'plant-3/line-2',
  capturedAt: '2026-11-27T09:00:00Z',
};

let runtime: LocalRuntime;

// A camera policy, as `-c policies=...` gives it: the runtime hands it to the functions in their
// policy file, as the stack does.
const gatePolicy = {
  id: 'gate',
  cameras: ['cam-gate'],
  requiredEquipment: ['HAND_COVER' as const],
};

beforeAll(async () => {
  runtime = await startTestRuntime({ analysis: { policies: [gatePolicy] } });
});
afterAll(async () => {
  await runtime?.stop();
});

describe('POST /frames on the local runtime', () => {
  it('judges the four workers of the sample frame against the requested equipment', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      ...frame,
      requiredEquipment: ['FACE_COVER'],
    });

    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:00.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER'],
      minConfidence: 80,
      modelVersion: '1.0',
      summary: {
        personsWithRequiredEquipment: [0, 1, 2, 3],
        personsWithoutRequiredEquipment: [],
        personsIndeterminate: [],
      },
      alert: false,
    });
    expect(reply.json.persons).toHaveLength(4);
  });

  it('stores the result, which GET /frames/{frameId} returns as it was answered', async () => {
    const posted = await request(runtime, 'POST', '/frames', frame);

    const stored = await request(runtime, 'GET', `/frames/${posted.json.frameId}`);

    expect(stored.status).toBe(200);
    // Each stored person also carries its review: none yet.
    expect(stored.json).toEqual({
      ...posted.json,
      persons: posted.json.persons.map((person: object) => ({ ...person, review: null })),
    });
  });

  it('publishes one alert naming the missing hand cover when all four workers lack it', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      ...frame,
      requiredEquipment: ['HAND_COVER'],
    });
    await runtime.idle();

    expect(reply.json.alert).toBe(true);
    const alerts = await alertsFor(runtime, reply.json.frameId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      message: {
        type: 'PPE_VIOLATION',
        cameraId: 'cam-01',
        location: 'plant-3/line-2',
        source: 'api',
        personsTotal: 4,
      },
      attributes: {
        eventType: 'PPE_VIOLATION',
        cameraId: 'cam-01',
        location: 'plant-3/line-2',
        missingEquipment: ['HAND_COVER'],
      },
      subject: 'PPE alert at cam-01 (plant-3/line-2): 4 without hand cover',
      emailText: expect.stringContaining('PPE violation at cam-01 (plant-3/line-2)'),
      smsText: expect.stringMatching(/^PPE: 4 without hand cover at cam-01 \(plant-3\/line-2\)/),
    });
    expect(alerts[0]?.message).toMatchObject({
      violations: [0, 1, 2, 3].map((personId) => ({ personId, missingEquipment: ['HAND_COVER'] })),
    });
  });

  it("judges a camera by its policy from the functions' policy file, on the API and the alert path", async () => {
    const reply = await request(runtime, 'POST', '/frames', { ...frame, cameraId: 'cam-gate' });
    await runtime.idle();

    expect(reply.json).toMatchObject({
      policy: 'gate',
      requiredEquipment: ['HAND_COVER'],
      status: 'violation',
      alert: true,
    });
    expect(await alertsFor(runtime, reply.json.frameId)).toHaveLength(1);
  });

  it('publishes no alert when every worker wears the required face cover', async () => {
    const reply = await request(runtime, 'POST', '/frames', {
      ...frame,
      requiredEquipment: ['FACE_COVER'],
    });
    await runtime.idle();

    expect(reply.json.alert).toBe(false);
    expect(await alertsFor(runtime, reply.json.frameId)).toEqual([]);
  });

  it('answers a retry with the same Idempotency-Key with the first result, one record and one alert', async () => {
    const body = { ...frame, requiredEquipment: ['HAND_COVER'] };
    const headers = { 'Idempotency-Key': 'e2e-retry-1' };
    const callsBefore = runtime.detectorStats()?.answered ?? 0;

    const first = await request(runtime, 'POST', '/frames', body, headers);
    const second = await request(runtime, 'POST', '/frames', body, headers);
    await runtime.idle();

    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect((runtime.detectorStats()?.answered ?? 0) - callsBefore).toBe(1);
    const items = await tableItemsFor(runtime, first.json.frameId);
    expect(items.filter((item) => item.sk?.S === 'FRAME')).toHaveLength(1);
    expect(items).toHaveLength(5);
    expect(await alertsFor(runtime, first.json.frameId)).toHaveLength(1);
  });
});

describe('GET /frames/{frameId} on the local runtime', () => {
  it('answers an unknown frame id with 404 and the contract error body', async () => {
    const reply = await request(runtime, 'GET', '/frames/no-such-frame');

    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatchObject({ code: 'FRAME_NOT_FOUND' });
  });

  it('passes the API Gateway request id back in x-amzn-RequestId', async () => {
    const reply = await request(runtime, 'GET', '/frames/no-such-frame');

    expect(reply.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the read routes on the local runtime', () => {
  it('lists a camera’s stored frames, with query parameters passed through', async () => {
    const posted = await request(runtime, 'POST', '/frames', {
      ...frame,
      cameraId: 'cam-timeline',
    });

    const timeline = await request(runtime, 'GET', '/cameras/cam-timeline/frames?limit=10');

    expect(timeline.status).toBe(200);
    expect(timeline.json.items.map((item: { frameId: string }) => item.frameId)).toEqual([
      posted.json.frameId,
    ]);
  });

  it('answers GET /reports/compliance with the frames counted by camera', async () => {
    await request(runtime, 'POST', '/frames', { ...frame, cameraId: 'cam-report' });

    const report = await request(
      runtime,
      'GET',
      '/reports/compliance?from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z',
    );

    expect(report.status).toBe(200);
    expect(report.json.groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ camera: 'cam-report' })]),
    );
  });
});

describe('GET /local/info', () => {
  it('tells where the S3 endpoint and the bucket are, and which detector runs', async () => {
    const reply = await request(runtime, 'GET', '/local/info');

    expect(reply.json).toMatchObject({
      s3Endpoint: runtime.urls.s3,
      bucket: 'ppe-ingest',
      detector: 'replay',
    });
  });
});
