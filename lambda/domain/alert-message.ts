import type { HeldBack } from './alert-cooldown.js';
import type { EquipmentType } from './equipment.js';
import type { BoundingBox, FrameResult } from './frame-result.js';
import { fitText, SUBJECT_LIMIT } from './sns-text.js';

/** The JSON body of an alert, per the DESIGN.md contract: no image bytes, no face data. */
export interface AlertBody {
  type: 'PPE_VIOLATION';
  frameId: string;
  cameraId: string;
  location?: string;
  capturedAt: string;
  source: string;
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

/** An alert ready for SNS: body, e-mail subject and attributes for filter policies. */
export interface AlertMessage {
  body: AlertBody;
  subject: string;
  attributes: {
    eventType: string;
    cameraId: string;
    location?: string;
    missingEquipment: EquipmentType[];
  };
}

function humanise(type: EquipmentType): string {
  return type.toLowerCase().replace('_', ' ');
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
  const missing = [...new Set(violations.flatMap((v) => v.missingEquipment))].sort();
  const place = result.location ? `${result.cameraId} (${result.location})` : result.cameraId;
  const what =
    violations.length > 0
      ? `${violations.length} without ${missing.map(humanise).join(', ')}`
      : `${indeterminate.length} unverified`;
  const held = heldBack.frames > 0 ? ` (+${heldBack.violations} held back)` : '';
  return {
    body: {
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
    },
    subject: fitText('PPE alert at ', place, `: ${what}${held}`, SUBJECT_LIMIT),
    attributes: {
      eventType: 'PPE_VIOLATION',
      cameraId: result.cameraId,
      ...(result.location ? { location: result.location } : {}),
      missingEquipment: missing,
    },
  };
}
