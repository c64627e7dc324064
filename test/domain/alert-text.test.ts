import { describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../lambda/domain/alert-message.js';
import { SMS_LIMIT } from '../../lambda/domain/alert-text.js';
import { buildFrameResult, type FrameContext } from '../../lambda/domain/frame-result.js';
import { fixtureRecording } from '../support/fixtures.js';

const context: FrameContext = {
  frameId: 'f-1',
  cameraId: 'cam-01',
  location: 'plant-3/line-2',
  capturedAt: '2026-11-27T09:00:00.000Z',
  source: 'api',
  requiredEquipment: ['HAND_COVER'],
  minConfidence: 80,
  policy: 'default',
};
const violationAt = (overrides: Partial<FrameContext> = {}) =>
  buildFrameResult(
    { ...context, ...overrides },
    { ...fixtureRecording.response, Summary: undefined },
    false,
  ).result;

describe('the e-mail text of an alert', () => {
  const { email } = buildAlertMessage(violationAt(), { frames: 2, violations: 8 }).text;

  it('says where and when, in words rather than JSON', () => {
    expect(email).not.toContain('{');
    expect(email).toContain('PPE violation at cam-01 (plant-3/line-2)');
    expect(email).toContain('Captured: 2026-11-27 09:00:00 UTC (API)');
  });

  it('says who lacks what', () => {
    expect(email).toContain('4 of 4 persons without required equipment:');
    expect(email).toMatch(/- person 0: no hand cover \(confidence [\d.]+%\)/);
  });

  it('says how many violations the cooldown held back, and names the frame', () => {
    expect(email).toContain('8 violations in 2 frames');
    expect(email).toContain('Frame: f-1');
  });

  it('keeps a non-ASCII location as it is', () => {
    const text = buildAlertMessage(violationAt({ location: 'Halle Süd' })).text.email;

    expect(text).toContain('PPE violation at cam-01 (Halle Süd)');
  });
});

describe('the SMS text of an alert', () => {
  it('says what, where, when, how many held back and the frame in one short message', () => {
    const { sms } = buildAlertMessage(violationAt(), { frames: 2, violations: 8 }).text;

    expect(sms).toBe(
      'PPE: 4 without hand cover at cam-01 (plant-3/line-2), 2026-11-27 09:00 UTC. +8 held back. Frame f-1',
    );
  });

  it('stays one message of printable ASCII with a long camera id and a non-ASCII location', () => {
    const frameId = 'b3c1f0a2-6d7e-4f7a-9a51-2f0c1d9e8b7a';
    const { sms } = buildAlertMessage(
      violationAt({ frameId, cameraId: 'c'.repeat(64), location: `Süd — ${'l'.repeat(250)}` }),
    ).text;

    expect(sms.length).toBeLessThanOrEqual(SMS_LIMIT);
    expect(sms).toMatch(/^[\x20-\x7e]+$/);
    expect(sms).toMatch(/^PPE: 4 without hand cover at c+/);
    expect(sms.endsWith(`Frame ${frameId}`)).toBe(true);
  });
});
