import type { EquipmentType } from './equipment.js';

/** What a camera's alerting remembers between frames. */
export interface CameraAlertState {
  /** Bumped on every change: writes are conditional on it. */
  version: number;
  /** Capture time of the frame that opened the current cooldown. */
  lastAlertAt: string;
  /** Equipment types alerted since then. */
  alertedMissing: EquipmentType[];
  /** Frames with violations held back since the last alert, and their violating persons. */
  heldBack: HeldBack;
}

/** Violations held back by a cooldown, as the next alert reports them. */
export interface HeldBack {
  frames: number;
  violations: number;
}

/** A frame waiting for its alert. */
export interface AlertCandidate {
  capturedAt: string;
  missingEquipment: EquipmentType[];
}

/** Publish now (with what was held back before it), or hold the alert back. */
export type AlertDecision =
  | { action: 'publish'; heldBack: HeldBack; next: Omit<CameraAlertState, 'version'> }
  | { action: 'hold'; state: CameraAlertState };

/**
 * The cooldown rule: after an alert for a camera, further violations there within the cooldown
 * are held back (stored and counted, not alerted), unless they lack an equipment type not alerted
 * in this cooldown yet, which alerts at once. Times are capture times, so that a backlog of
 * uploads is judged by when things happened.
 */
export function decideAlert(
  state: CameraAlertState | undefined,
  candidate: AlertCandidate,
  cooldownSeconds: number,
): AlertDecision {
  const at = Date.parse(candidate.capturedAt);
  const inCooldown =
    state !== undefined && Math.abs(at - Date.parse(state.lastAlertAt)) < cooldownSeconds * 1000;
  const alerted = inCooldown ? state.alertedMissing : [];
  const newlyMissing = candidate.missingEquipment.filter((type) => !alerted.includes(type));
  if (inCooldown && newlyMissing.length === 0) return { action: 'hold', state };
  return {
    action: 'publish',
    heldBack: state?.heldBack ?? { frames: 0, violations: 0 },
    next: {
      // A new type within the cooldown alerts, but does not extend the cooldown.
      lastAlertAt: inCooldown ? state.lastAlertAt : candidate.capturedAt,
      alertedMissing: [
        ...new Set([...alerted, ...candidate.missingEquipment]),
      ].sort() as EquipmentType[],
      heldBack: { frames: 0, violations: 0 },
    },
  };
}
