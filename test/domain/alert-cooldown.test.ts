import { describe, expect, it } from 'vitest';
import { type CameraAlertState, decideAlert } from '../../lambda/domain/alert-cooldown.js';

const state: CameraAlertState = {
  version: 3,
  lastAlertAt: '2026-11-27T09:00:00.000Z',
  alertedMissing: ['HEAD_COVER'],
  heldBack: { frames: 4, violations: 6 },
};
const at = (time: string, missingEquipment: ('HEAD_COVER' | 'FACE_COVER')[] = ['HEAD_COVER']) => ({
  capturedAt: `2026-11-27T${time}.000Z`,
  missingEquipment,
});

describe('decideAlert', () => {
  it('publishes the first alert of a camera', () => {
    expect(decideAlert(undefined, at('09:00:00'), 300)).toEqual({
      action: 'publish',
      heldBack: { frames: 0, violations: 0 },
      next: {
        lastAlertAt: '2026-11-27T09:00:00.000Z',
        alertedMissing: ['HEAD_COVER'],
        heldBack: { frames: 0, violations: 0 },
      },
    });
  });

  it('holds back the same violation within the cooldown', () => {
    expect(decideAlert(state, at('09:04:59'), 300)).toEqual({ action: 'hold', state });
  });

  it('alerts at once for a newly missing type, without extending the cooldown', () => {
    const decision = decideAlert(state, at('09:02:00', ['HEAD_COVER', 'FACE_COVER']), 300);

    expect(decision).toMatchObject({
      action: 'publish',
      next: {
        lastAlertAt: '2026-11-27T09:00:00.000Z',
        alertedMissing: ['FACE_COVER', 'HEAD_COVER'],
      },
    });
  });

  it('alerts after the cooldown, reporting what was held back, and starts a new one', () => {
    const decision = decideAlert(state, at('09:05:00'), 300);

    expect(decision).toMatchObject({
      action: 'publish',
      heldBack: { frames: 4, violations: 6 },
      next: { lastAlertAt: '2026-11-27T09:05:00.000Z', heldBack: { frames: 0, violations: 0 } },
    });
  });

  it('never holds back with a cooldown of zero', () => {
    expect(decideAlert(state, at('09:00:00'), 0).action).toBe('publish');
  });

  it('holds back a late upload captured within the cooldown before the alert', () => {
    expect(decideAlert(state, at('08:58:00'), 300).action).toBe('hold');
  });
});
