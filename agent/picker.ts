/** Why a frame was picked: the camera's first, a change in the scene, a quiet-scene heartbeat, or plain sampling. */
export type PickReason = 'first' | 'motion' | 'heartbeat' | 'interval';

/** How a camera samples its frames. Times are seconds. */
export interface PickerSettings {
  /** Least time between two frames while the scene changes (or between any two with motion off). */
  interval: number;
  /** A frame at least this often even in a still scene; 0 = never. */
  heartbeat: number;
  /** Off: every interval, whatever the picture does. */
  motion: boolean;
}

/** What the picker remembers between frames: when it last picked one. */
export interface PickerState {
  lastPickedAt: number | undefined;
}

/** Frame times are sums of 1/fps: a hair under the interval still counts as the interval. */
const EPSILON = 1e-6;

/** The state of a camera that has picked nothing yet. */
export const initialPickerState = (): PickerState => ({ lastPickedAt: undefined });

/**
 * Decides whether the frame at time `t` (seconds, on the source's clock) is worth analysing,
 * given whether the motion detector saw a change in it. Pure: the state goes in and comes out,
 * so the policy is tested as a function of time and motion alone.
 */
export function pick(
  settings: PickerSettings,
  state: PickerState,
  t: number,
  moving: boolean,
): { reason: PickReason | undefined; state: PickerState } {
  const picked = (reason: PickReason) => ({ reason, state: { lastPickedAt: t } });
  if (state.lastPickedAt === undefined) return picked('first');
  const since = t - state.lastPickedAt;
  if (!settings.motion) {
    return since >= settings.interval - EPSILON ? picked('interval') : { reason: undefined, state };
  }
  if (moving && since >= settings.interval - EPSILON) return picked('motion');
  if (settings.heartbeat > 0 && since >= settings.heartbeat - EPSILON) return picked('heartbeat');
  return { reason: undefined, state };
}
