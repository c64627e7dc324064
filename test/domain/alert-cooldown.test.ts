import { describe, expect, it } from 'vitest';
import {
  type AlertCandidate,
  type CameraAlertState,
  decideAlert,
} from '../../lambda/domain/alert-cooldown.js';

const state: CameraAlertState = {
  version: 3,
  lastAlertAt: '2026-11-27T09:00:00.000Z',
  cooldownEndsAt: '2026-11-27T09:05:00.000Z',
  alertedMissing: ['HEAD_COVER'],
  heldBack: {
    frames: 4,
    violations: 6,
    byEquipment: { HEAD_COVER: 6 },
    since: '2026-11-27T09:01:00.000Z',
    until: '2026-11-27T09:03:00.000Z',
    lastFrameId: 'f-3',
  },
};
const at = (
  time: string,
  missingEquipment: ('HEAD_COVER' | 'FACE_COVER')[] = ['HEAD_COVER'],
): AlertCandidate => ({
  frameId: `f-${time}`,
  capturedAt: `2026-11-27T${time}.000Z`,
  missingEquipment,
  violationsByEquipment: Object.fromEntries(missingEquipment.map((type) => [type, 1])),
  violations: 1,
});

describe('decideAlert', () => {
  it('publishes the first alert of a camera, and fixes when its cooldown ends', () => {
    expect(decideAlert(undefined, at('09:00:00'), 300)).toEqual({
      action: 'publish',
      heldBack: { frames: 0, violations: 0 },
      next: {
        lastAlertAt: '2026-11-27T09:00:00.000Z',
        cooldownEndsAt: '2026-11-27T09:05:00.000Z',
        alertedMissing: ['HEAD_COVER'],
        heldBack: { frames: 0, violations: 0, byEquipment: {} },
      },
    });
  });

  it('holds back the same violation within the cooldown, recording it for a digest', () => {
    expect(decideAlert(state, at('09:04:59'), 300)).toEqual({
      action: 'hold',
      state,
      digestDueAt: '2026-11-27T09:05:00.000Z',
      heldBack: {
        frames: 5,
        violations: 7,
        byEquipment: { HEAD_COVER: 7 },
        since: '2026-11-27T09:01:00.000Z',
        until: '2026-11-27T09:04:59.000Z',
        lastFrameId: 'f-09:04:59',
      },
    });
  });

  it('alerts at once for a newly missing type, without extending the cooldown', () => {
    const decision = decideAlert(state, at('09:02:00', ['HEAD_COVER', 'FACE_COVER']), 300);

    expect(decision).toMatchObject({
      action: 'publish',
      next: {
        lastAlertAt: '2026-11-27T09:00:00.000Z',
        cooldownEndsAt: '2026-11-27T09:05:00.000Z',
        alertedMissing: ['FACE_COVER', 'HEAD_COVER'],
      },
    });
  });

  it('alerts after the cooldown, reporting what was held back, and starts a new one', () => {
    const decision = decideAlert(state, at('09:05:00'), 300);

    expect(decision).toMatchObject({
      action: 'publish',
      heldBack: { frames: 4, violations: 6 },
      next: {
        lastAlertAt: '2026-11-27T09:05:00.000Z',
        cooldownEndsAt: '2026-11-27T09:10:00.000Z',
        heldBack: { frames: 0, violations: 0 },
      },
    });
  });

  it('never holds back with a cooldown of zero', () => {
    expect(decideAlert(state, at('09:00:00'), 0).action).toBe('publish');
  });

  it('holds back a late upload captured within the cooldown before the alert', () => {
    const decision = decideAlert(state, at('08:58:00'), 300);

    expect(decision.action).toBe('hold');
    expect(decision).toMatchObject({ heldBack: { since: '2026-11-27T08:58:00.000Z' } });
  });

  it('alerts a backlog frame older than the cooldown without moving the cooldown backwards', () => {
    const decision = decideAlert(state, at('08:50:00'), 300);
    const { version: _version, ...unchanged } = state;

    expect(decision).toEqual({
      action: 'publish',
      heldBack: { frames: 0, violations: 0 },
      next: unchanged,
    });
  });

  it('holds for a digest at the end of a cooldown kept before its end was recorded', () => {
    const decision = decideAlert({ ...state, cooldownEndsAt: '' }, at('09:01:00'), 300);

    expect(decision).toMatchObject({ action: 'hold', digestDueAt: '2026-11-27T09:05:00.000Z' });
  });
});
