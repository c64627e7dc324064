import type { HeldBack } from './alert-cooldown.js';
import { alertEmailText, alertSmsText, placeOf, violationSummary } from './alert-text.js';
import type { EquipmentType } from './equipment.js';
import type { BoundingBox, FrameResult, FrameSource, PersonResult } from './frame-result.js';
import { fitText, SUBJECT_LIMIT } from './sns-text.js';

/** The JSON body of an alert, per the DESIGN.md contract: no image bytes, no face data. */
export interface AlertBody {
  type: 'PPE_VIOLATION';
  frameId: string;
  cameraId: string;
  location?: string;
  capturedAt: string;
  source: FrameSource;
  requiredEquipment: EquipmentType[];
  minConfidence: number;
  personsTotal: number;
  violations: {
    personId: number;
    missingEquipment: EquipmentType[];
    confidence: number;
    boundingBox: BoundingBox;
  }[];
  indeterminate?: { personId: number; uncertainEquipment: EquipmentType[] }[];
  /** Violations at this camera held back by its cooldown since the previous alert. */
  heldBack: HeldBack;
}

/** Message attributes that subscription filter policies match on. */
export interface NotificationAttributes {
  eventType: string;
  cameraId: string;
  location?: string;
  missingEquipment: EquipmentType[];
}

/**
 * A notification ready for SNS: the JSON body (what every protocol but e-mail and SMS gets),
 * the e-mail subject, plain texts for e-mail and SMS, and attributes for filter policies.
 */
export interface Notification<Body> {
  body: Body;
  subject: string;
  text: { email: string; sms: string };
  attributes: NotificationAttributes;
}

/** An alert for one frame. */
export type AlertMessage = Notification<AlertBody>;

/**
 * The types a violator counts under for filter policies and held-back counts. When Rekognition's
 * Summary overruled our rules, a violator's missing types are unknown: then every type the frame
 * required, since at least one of them is missing. A subscriber filtering on any required type
 * then still hears of the violation (one more message at worst), where `UNKNOWN` or no attribute
 * would let a filter policy drop it unseen.
 */
export function filterableMissing(
  person: Pick<PersonResult, 'missingEquipment'>,
  requiredEquipment: readonly EquipmentType[],
): EquipmentType[] {
  return person.missingEquipment.length > 0 ? person.missingEquipment : [...requiredEquipment];
}

/** Builds the alert for a frame that raised one, with what its camera's cooldown held back. */
export function buildAlertMessage(
  result: FrameResult,
  heldBack: HeldBack = { frames: 0, violations: 0 },
): AlertMessage {
  const violations = result.persons
    .filter((person) => person.status === 'violation')
    .map(({ personId, missingEquipment, confidence, boundingBox }) => ({
      personId,
      missingEquipment,
      confidence,
      boundingBox,
    }));
  const indeterminate = result.persons
    .filter((person) => person.status === 'indeterminate')
    .map(({ personId, uncertainEquipment }) => ({ personId, uncertainEquipment }));
  const missing = [
    ...new Set(violations.flatMap((v) => filterableMissing(v, result.requiredEquipment))),
  ].sort();
  const body: AlertBody = {
    type: 'PPE_VIOLATION',
    frameId: result.frameId,
    cameraId: result.cameraId,
    ...(result.location ? { location: result.location } : {}),
    capturedAt: result.capturedAt,
    source: result.source,
    requiredEquipment: result.requiredEquipment,
    minConfidence: result.minConfidence,
    personsTotal: result.persons.length,
    violations,
    ...(indeterminate.length > 0 ? { indeterminate } : {}),
    heldBack,
  };
  const held = heldBack.frames > 0 ? ` (+${heldBack.violations} held back)` : '';
  return {
    body,
    subject: fitText(
      'PPE alert at ',
      placeOf(result.cameraId, result.location),
      `: ${violationSummary(body)}${held}`,
      SUBJECT_LIMIT,
    ),
    text: { email: alertEmailText(body), sms: alertSmsText(body) },
    attributes: {
      eventType: 'PPE_VIOLATION',
      cameraId: result.cameraId,
      ...(result.location ? { location: result.location } : {}),
      missingEquipment: missing,
    },
  };
}
