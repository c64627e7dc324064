import type { AlertBody } from './alert-message.js';
import type { EquipmentType } from './equipment.js';
import { fitText } from './sns-text.js';

/** SNS sends longer SMS as several messages; one message holds 140 ASCII characters. */
export const SMS_LIMIT = 140;

/** `HEAD_COVER` as people say it: `head cover`; a custom `HIGH_VIS_VEST`: `high vis vest`. */
export function humanise(type: EquipmentType): string {
  return type.toLowerCase().replaceAll('_', ' ');
}

const list = (types: readonly EquipmentType[]) => types.map(humanise).join(', ');
const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

/** `2026-11-27T09:00:00.000Z` as `2026-11-27 09:00:00 UTC`. */
export function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** The camera and, when known, its location: `cam-01 (plant-3/line-2)`. */
export function placeOf(cameraId: string, location: string | undefined): string {
  return location ? `${cameraId} (${location})` : cameraId;
}

/** What the violators lack, in a few words: `4 without hand cover`. */
export function violationSummary(body: AlertBody): string {
  if (body.violations.length === 0) {
    return `${body.indeterminate?.length ?? 0} unverified`;
  }
  const missing = [...new Set(body.violations.flatMap((v) => v.missingEquipment))].sort();
  return missing.length > 0
    ? `${body.violations.length} without ${list(missing)}`
    : `${body.violations.length} without required equipment`;
}

/**
 * The plain-text e-mail of an alert: who lacks what, where, when, what the cooldown held back
 * before it, and the frame to look up. UTF-8 is fine in an e-mail body, so names stay as given.
 */
export function alertEmailText(body: AlertBody): string {
  const lines = [
    `PPE violation at ${placeOf(body.cameraId, body.location)}`,
    `Captured: ${readableTime(body.capturedAt)} (${body.source === 's3' ? 'S3 upload' : 'API'})`,
    `Required: ${list(body.requiredEquipment)}, at confidence ${body.minConfidence}% or more`,
    '',
  ];
  if (body.violations.length > 0) {
    lines.push(
      `${body.violations.length} of ${plural(body.personsTotal, 'person')} without required equipment:`,
    );
    for (const v of body.violations) {
      const lacks =
        v.missingEquipment.length > 0
          ? `no ${list(v.missingEquipment)}`
          : 'missing equipment not determined (Rekognition counts them as without it)';
      lines.push(`  - person ${v.personId}: ${lacks} (confidence ${v.confidence}%)`);
    }
  }
  if (body.indeterminate && body.indeterminate.length > 0) {
    lines.push(`${plural(body.indeterminate.length, 'person')} could not be verified:`);
    for (const p of body.indeterminate) {
      lines.push(`  - person ${p.personId}: ${list(p.uncertainEquipment) || 'not clearly seen'}`);
    }
  }
  lines.push(
    '',
    body.heldBack.frames > 0
      ? `Held back by the camera's cooldown since its previous alert: ${plural(body.heldBack.violations, 'violation')} in ${plural(body.heldBack.frames, 'frame')}.`
      : 'Nothing was held back by the cooldown since the previous alert.',
    '',
    `Frame: ${body.frameId} (GET /frames/${body.frameId} shows the result)`,
  );
  return lines.join('\n');
}

/** The SMS of an alert, in one message of printable ASCII: what, where, when, held back, frame. */
export function alertSmsText(body: AlertBody): string {
  const held = body.heldBack.frames > 0 ? ` +${body.heldBack.violations} held back.` : '';
  const time = `${body.capturedAt.slice(0, 10)} ${body.capturedAt.slice(11, 16)} UTC`;
  return fitText(
    `PPE: ${violationSummary(body)} at `,
    placeOf(body.cameraId, body.location),
    `, ${time}.${held} Frame ${body.frameId}`,
    SMS_LIMIT,
  );
}
