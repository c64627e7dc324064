import type { CameraAlertState } from './alert-cooldown.js';
import type { Notification } from './alert-message.js';
import { humanise, placeOf, readableTime, SMS_LIMIT } from './alert-text.js';
import { type EquipmentType, normaliseEquipment } from './equipment.js';
import { fitText, SUBJECT_LIMIT } from './sns-text.js';

/**
 * The JSON body of a digest: the violations a camera's cooldown held back when no alert after it
 * reported them. No image bytes, no face data, no person boxes.
 */
export interface DigestBody {
  type: 'PPE_VIOLATION_DIGEST';
  cameraId: string;
  location?: string;
  /** Frames and violating persons held back. */
  frames: number;
  violations: number;
  /** Types missing in them, and violating persons per type. */
  missingEquipment: EquipmentType[];
  violationsByEquipment: Partial<Record<EquipmentType, number>>;
  /** Earliest and latest capture time held back. */
  since: string;
  until: string;
  /** When the cooldown that held them back ended (capture time). */
  cooldownEndedAt: string;
  /** The held frame captured last. */
  lastFrameId: string;
}

/** A digest ready for SNS. */
export type DigestMessage = Notification<DigestBody>;

/** The digest of what a camera's state holds back; undefined when it holds nothing. */
export function digestOf(cameraId: string, state: CameraAlertState): DigestBody | undefined {
  const held = state.heldBack;
  if (held.frames === 0 || !held.since || !held.until || !held.lastFrameId) return undefined;
  const missingEquipment = normaliseEquipment(
    Object.keys(held.byEquipment).filter((type) => (held.byEquipment[type] ?? 0) > 0),
  );
  return {
    type: 'PPE_VIOLATION_DIGEST',
    cameraId,
    ...(held.location ? { location: held.location } : {}),
    frames: held.frames,
    violations: held.violations,
    missingEquipment,
    violationsByEquipment: Object.fromEntries(
      missingEquipment.map((type) => [type, held.byEquipment[type]]),
    ),
    since: held.since,
    until: held.until,
    cooldownEndedAt: state.cooldownEndsAt,
    lastFrameId: held.lastFrameId,
  };
}

const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/** Builds the digest notification: subject, e-mail and SMS texts, attributes. */
export function buildDigestMessage(body: DigestBody): DigestMessage {
  const place = placeOf(body.cameraId, body.location);
  const lacking = body.missingEquipment.map(humanise).join(', ') || 'required equipment';
  const byType = body.missingEquipment
    .map(
      (type) => `  - ${humanise(type)}: ${plural(body.violationsByEquipment[type] ?? 0, 'person')}`,
    )
    .join('\n');
  const email = [
    `PPE violations held back at ${place}`,
    `From ${readableTime(body.since)} to ${readableTime(body.until)}, the camera's alert cooldown held back ${plural(body.violations, 'violation')} in ${plural(body.frames, 'frame')}; no alert after the cooldown (it ended ${readableTime(body.cooldownEndedAt)}) reported them.`,
    '',
    'Persons without:',
    byType,
    '',
    `Latest frame: ${body.lastFrameId} (GET /frames/${body.lastFrameId} shows the result)`,
  ].join('\n');
  const since = `${body.since.slice(0, 10)} ${body.since.slice(11, 16)} UTC`;
  return {
    body,
    subject: fitText(
      'PPE digest at ',
      place,
      `: ${body.violations} held back without ${lacking}`,
      SUBJECT_LIMIT,
    ),
    text: {
      email,
      sms: fitText(
        `PPE digest: ${body.violations} held back without ${lacking} at `,
        place,
        ` since ${since}. Frame ${body.lastFrameId}`,
        SMS_LIMIT,
      ),
    },
    attributes: {
      eventType: 'PPE_VIOLATION_DIGEST',
      cameraId: body.cameraId,
      ...(body.location ? { location: body.location } : {}),
      missingEquipment: body.missingEquipment,
    },
  };
}
