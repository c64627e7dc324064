import { describe, expect, it } from 'vitest';
import { frameContext } from '../../lambda/domain/frame-context.js';
import type { PolicySet } from '../../lambda/domain/policy.js';
import { resolvePolicyRules } from '../../lambda/schemas/policy.js';

const policies: PolicySet = resolvePolicyRules(
  {
    id: 'default',
    requiredEquipment: ['HEAD_COVER'],
    minConfidence: 80,
    alertOnIndeterminate: false,
    cooldownSeconds: 300,
  },
  [
    {
      id: 'plant',
      locationPrefix: 'plant-3/',
      requiredEquipment: ['HAND_COVER', 'FACE_COVER'],
      minConfidence: 90,
      alertOnIndeterminate: true,
    },
  ],
);

const frame = {
  frameId: 'f-1',
  cameraId: 'cam-01',
  capturedAt: '2026-11-27T09:00:00.000Z',
  source: 's3' as const,
};

describe('frameContext', () => {
  it('takes equipment, confidence and indeterminate alerts from the policy of the location', () => {
    expect(frameContext({ ...frame, location: 'plant-3/line-1' }, policies)).toEqual({
      context: {
        ...frame,
        location: 'plant-3/line-1',
        requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
        minConfidence: 90,
        policy: 'plant',
      },
      alertOnIndeterminate: true,
    });
  });

  it("lets the sender's equipment and confidence override the policy, but not its id", () => {
    const { context, alertOnIndeterminate } = frameContext(
      {
        ...frame,
        location: 'plant-3/line-1',
        overrides: { requiredEquipment: ['HAND_COVER', 'HEAD_COVER'], minConfidence: 60 },
      },
      policies,
    );

    expect(context).toMatchObject({
      requiredEquipment: ['HEAD_COVER', 'HAND_COVER'],
      minConfidence: 60,
      policy: 'plant',
    });
    expect(alertOnIndeterminate).toBe(true);
  });

  it('falls back to the default policy and leaves out an absent location', () => {
    const { context } = frameContext(
      { ...frame, overrides: { requiredEquipment: undefined, minConfidence: undefined } },
      policies,
    );

    expect(context).toEqual({
      ...frame,
      requiredEquipment: ['HEAD_COVER'],
      minConfidence: 80,
      policy: 'default',
    });
    expect('location' in context).toBe(false);
  });
});
