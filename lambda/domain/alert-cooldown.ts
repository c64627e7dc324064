import type { EquipmentType } from './equipment.js';

/** What a camera's alerting remembers between frames. */
export interface CameraAlertState {
  /** Bumped on every change: writes are conditional on it. */
  version: number;
  /** Capture time of the frame that opened the current cooldown. */
  lastAlertAt: string;
  /**
   * When that cooldown ends (capture time), fixed when it opens, so that the digest of what it
   * held back needs no policy to know when it is due.
   */
  cooldownEndsAt: string;
  /** Equipment types alerted since then. */
  alertedMissing: EquipmentType[];
  /** Violations held back since the last alert, with what a digest of them reports. */
  heldBack: HeldBackRecord;
}

/** Violations held back by a cooldown, as the next alert reports them. */
export interface HeldBack {
  frames: number;
  violations: number;
}

/** What a camera's state keeps of the violations held back, for the next alert or a digest. */
export interface HeldBackRecord extends HeldBack {
  /** Violating persons per missing equipment type (see `filterableMissing`). */
  byEquipment: Partial<Record<EquipmentType, number>>;
  /** Earliest and latest capture time held back. */
  since?: string;
  until?: string;
  /** The held frame captured last, and its location. */
  lastFrameId?: string;
  location?: string;
}

/** A camera's state with nothing held back. */
export const NOTHING_HELD: HeldBackRecord = { frames: 0, violations: 0, byEquipment: {} };

/** A frame waiting for its alert. */
export interface AlertCandidate {
  frameId: string;
  capturedAt: string;
  location?: string;
  /** Types the violators are known to lack: what the cooldown compares. */
  missingEquipment: EquipmentType[];
  /** Violating persons per missing type, as held-back counts add them up. */
  violationsByEquipment: Partial<Record<EquipmentType, number>>;
  violations: number;
}

/** Publish now (with what was held back before it), or hold the alert back. */
export type AlertDecision =
  | { action: 'publish'; heldBack: HeldBack; next: Omit<CameraAlertState, 'version'> }
  | { action: 'hold'; state: CameraAlertState; heldBack: HeldBackRecord; digestDueAt: string };

const iso = (ms: number) => new Date(ms).toISOString();
const reported = ({ frames, violations }: HeldBack): HeldBack => ({ frames, violations });

/** What is held back once `candidate` is added to it. */
export function addHeldBack(held: HeldBackRecord, candidate: AlertCandidate): HeldBackRecord {
  const byEquipment = { ...held.byEquipment };
  for (const [type, count] of Object.entries(candidate.violationsByEquipment)) {
    const key = type as EquipmentType;
    byEquipment[key] = (byEquipment[key] ?? 0) + (count ?? 0);
  }
  const latest = held.until === undefined || candidate.capturedAt >= held.until;
  return {
    frames: held.frames + 1,
    violations: held.violations + candidate.violations,
    byEquipment,
    since:
      held.since === undefined || candidate.capturedAt < held.since
        ? candidate.capturedAt
        : held.since,
    until: latest ? candidate.capturedAt : held.until,
    ...(latest
      ? {
          lastFrameId: candidate.frameId,
          ...(candidate.location ? { location: candidate.location } : {}),
        }
      : { lastFrameId: held.lastFrameId, ...(held.location ? { location: held.location } : {}) }),
  };
}

/**
 * The cooldown rule: after an alert for a camera, further violations there within the cooldown
 * are held back (stored and counted, not alerted), unless they lack an equipment type not alerted
 * in this cooldown yet, which alerts at once. Times are capture times, so that a backlog of
 * uploads is judged by when things happened; a backlog frame older than the cooldown alerts, but
 * leaves the camera's cooldown (and what it held back) as it is, never moving it backwards.
 */
export function decideAlert(
  state: CameraAlertState | undefined,
  candidate: AlertCandidate,
  cooldownSeconds: number,
): AlertDecision {
  const at = Date.parse(candidate.capturedAt);
  const start = state ? Date.parse(state.lastAlertAt) : Number.NaN;
  const inCooldown = state !== undefined && Math.abs(at - start) < cooldownSeconds * 1000;
  const alerted = inCooldown ? state.alertedMissing : [];
  const newlyMissing = candidate.missingEquipment.filter((type) => !alerted.includes(type));
  // A state kept before cooldown ends were recorded has none: it ends a cooldown after its start.
  const endsAt = inCooldown ? state.cooldownEndsAt || iso(start + cooldownSeconds * 1000) : '';
  if (inCooldown && newlyMissing.length === 0) {
    return {
      action: 'hold',
      state,
      heldBack: addHeldBack(state.heldBack, candidate),
      digestDueAt: endsAt,
    };
  }
  if (state !== undefined && !inCooldown && at < start) {
    const { version: _version, ...unchanged } = state;
    return { action: 'publish', heldBack: reported(NOTHING_HELD), next: unchanged };
  }
  return {
    action: 'publish',
    heldBack: reported(state?.heldBack ?? NOTHING_HELD),
    next: {
      // A new type within the cooldown alerts, but does not extend the cooldown.
      lastAlertAt: inCooldown ? state.lastAlertAt : candidate.capturedAt,
      cooldownEndsAt: inCooldown ? endsAt : iso(at + cooldownSeconds * 1000),
      alertedMissing: [
        ...new Set([...alerted, ...candidate.missingEquipment]),
      ].sort() as EquipmentType[],
      heldBack: NOTHING_HELD,
    },
  };
}
