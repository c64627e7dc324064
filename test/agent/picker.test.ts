import { describe, expect, it } from 'vitest';
import {
  initialPickerState,
  type PickerSettings,
  type PickReason,
  pick,
} from '../../agent/picker.js';

/** Runs the picker over frames at `fps` for `seconds`, motion as a function of time. */
function sequence(
  settings: PickerSettings,
  seconds: number,
  fps: number,
  moving: (t: number) => boolean,
) {
  let state = initialPickerState();
  const picks: { t: number; reason: PickReason }[] = [];
  for (let i = 0; i <= seconds * fps; i++) {
    const t = i / fps;
    const decision = pick(settings, state, t, moving(t));
    state = decision.state;
    if (decision.reason) picks.push({ t: Number(t.toFixed(3)), reason: decision.reason });
  }
  return picks;
}

const defaults: PickerSettings = { interval: 2, heartbeat: 60, motion: true };

describe('the picker', () => {
  it('picks the first frame even in a still scene', () => {
    expect(sequence(defaults, 10, 5, () => false)).toEqual([{ t: 0, reason: 'first' }]);
  });

  it('sends a heartbeat frame when nothing changed for the heartbeat', () => {
    const picks = sequence({ ...defaults, heartbeat: 30 }, 100, 5, () => false);
    expect(picks).toEqual([
      { t: 0, reason: 'first' },
      { t: 30, reason: 'heartbeat' },
      { t: 60, reason: 'heartbeat' },
      { t: 90, reason: 'heartbeat' },
    ]);
  });

  it('sends no heartbeat with heartbeat 0', () => {
    expect(sequence({ ...defaults, heartbeat: 0 }, 200, 5, () => false)).toHaveLength(1);
  });

  it('picks the first moving frame at once, then one every interval while motion lasts', () => {
    const picks = sequence(defaults, 30, 5, (t) => t >= 10.2 && t < 17);
    expect(picks).toEqual([
      { t: 0, reason: 'first' },
      { t: 10.2, reason: 'motion' },
      { t: 12.2, reason: 'motion' },
      { t: 14.2, reason: 'motion' },
      { t: 16.2, reason: 'motion' },
    ]);
  });

  it('counts the heartbeat from the last frame sent, motion included', () => {
    const picks = sequence({ ...defaults, heartbeat: 10 }, 25, 5, (t) => t >= 5 && t < 6);
    expect(picks.map((p) => p.t)).toEqual([0, 5, 15, 25]);
    expect(picks[2]?.reason).toBe('heartbeat');
  });

  it('with motion off samples every interval whatever the picture does', () => {
    const picks = sequence({ ...defaults, motion: false }, 10, 5, (t) => t > 3);
    expect(picks.map((p) => p.t)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(picks.slice(1).every((p) => p.reason === 'interval')).toBe(true);
  });

  it('keeps to the interval when frames arrive at a rate that does not divide it', () => {
    const picks = sequence({ ...defaults, interval: 1 }, 5, 3, () => true);
    expect(picks.map((p) => p.t)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
