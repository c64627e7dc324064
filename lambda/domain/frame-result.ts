import {
  type CustomEquipment,
  type CustomLabelsOutcome,
  judgeCustomEquipment,
  notRunningTypes,
  withCustomVerdicts,
} from './custom-equipment.js';
import { type EquipmentType, isBuiltInEquipmentType } from './equipment.js';
import {
  evaluatePersons,
  type FrameSummary,
  type PersonStatus,
  type RekognitionBox,
  type RekognitionPerson,
  type Requirement,
  summarise,
} from './evaluate-persons.js';
import { type RekognitionSummary, reconcileWithSummary } from './reconcile-summary.js';

/** Where a frame came in. */
export type FrameSource = 'api' | 's3';

/** A bounding box as ratios of the image size, in the contract's casing. */
export interface BoundingBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Everything known about a frame before it is analysed. */
export interface FrameContext {
  frameId: string;
  cameraId: string;
  location?: string;
  capturedAt: string;
  source: FrameSource;
  requiredEquipment: EquipmentType[];
  minConfidence: number;
  /** The id of the policy the frame was judged by. */
  policy: string;
}

/** One detected body part with its equipment, as stored and returned. */
export interface BodyPartResult {
  name: string;
  confidence: number;
  equipment: {
    type: string;
    confidence: number;
    coversBodyPart: boolean;
    coversConfidence: number;
    boundingBox: BoundingBox;
  }[];
}

/** A Custom Labels box given to a person: which custom type it counts for, and how sure. */
export interface CustomLabelResult {
  type: EquipmentType;
  /** The model's label name. */
  name: string;
  confidence: number;
  boundingBox: BoundingBox;
}

/** A reviewer's decision about a person in violation. */
export type Disposition = 'confirmed' | 'false-positive' | 'inconclusive';

/** A person's current review, as the stored result carries it. */
export interface PersonReview {
  disposition: Disposition;
  reviewedBy: string;
  reviewedAt: string;
}

/** One person's stored verdict and detections. */
export interface PersonResult {
  personId: number;
  status: PersonStatus;
  missingEquipment: EquipmentType[];
  uncertainEquipment: EquipmentType[];
  confidence: number;
  boundingBox: BoundingBox;
  bodyParts: BodyPartResult[];
  /** When the frame requires custom equipment: the Custom Labels boxes given to this person. */
  customLabels?: CustomLabelResult[];
  /** On a stored result: the current review (null: none yet); absent from a fresh analysis. */
  review?: PersonReview | null;
}

/** The worst status in a frame: what a timeline shows for it. */
export type FrameStatus = PersonStatus | 'empty';

/** The analysed frame: the POST /frames response and the stored result. */
export interface FrameResult extends FrameContext {
  status: FrameStatus;
  modelVersion: string;
  summary: FrameSummary;
  persons: PersonResult[];
  alert: boolean;
  /**
   * Required custom types whose Custom Labels model was not running: uncertain for everyone in
   * the frame. Absent when there are none.
   */
  unavailableEquipment?: EquipmentType[];
}

/** The subset of a DetectProtectiveEquipment response that a frame result is built from. */
export interface DetectionResponse {
  ProtectiveEquipmentModelVersion?: string;
  Persons?: RekognitionPerson[];
  Summary?: RekognitionSummary;
  /** What each Custom Labels model the frame needed answered (not Rekognition's own field). */
  customLabels?: CustomLabelsOutcome[];
}

const round = (value: number | undefined) => Math.round((value ?? 0) * 1000) / 1000;
const ratio = (value: number | undefined) => Math.round((value ?? 0) * 1e6) / 1e6;

function toBox(box: RekognitionBox | undefined): BoundingBox {
  return {
    left: ratio(box?.Left),
    top: ratio(box?.Top),
    width: ratio(box?.Width),
    height: ratio(box?.Height),
  };
}

function toBodyParts(person: RekognitionPerson): BodyPartResult[] {
  return (person.BodyParts ?? []).map((part) => ({
    name: part.Name ?? 'UNKNOWN',
    confidence: round(part.Confidence),
    equipment: (part.EquipmentDetections ?? []).map((detection) => ({
      type: detection.Type ?? 'UNKNOWN',
      confidence: round(detection.Confidence),
      coversBodyPart: detection.CoversBodyPart?.Value === true,
      coversConfidence: round(detection.CoversBodyPart?.Confidence),
      boundingBox: toBox(detection.BoundingBox),
    })),
  }));
}

function frameStatus(persons: readonly PersonResult[]): FrameStatus {
  for (const status of ['violation', 'indeterminate', 'compliant'] as const) {
    if (persons.some((person) => person.status === status)) return status;
  }
  return 'empty';
}

/** The frame result and the person ids where our rules had to yield to Rekognition's Summary. */
export interface BuiltFrameResult {
  result: FrameResult;
  disagreements: number[];
}

/**
 * Turns a DetectProtectiveEquipment response (and the Custom Labels answers beside it) into the
 * stored result: a verdict for every person over all required types, whose built-in part agrees
 * with Rekognition's Summary, and whether the frame raises an alert (a violation, or an
 * indeterminate person when the stack alerts on those). `customEquipment` defines the custom
 * types (the stack's `customEquipment`).
 */
export function buildFrameResult(
  context: FrameContext,
  response: DetectionResponse,
  alertOnIndeterminate: boolean,
  customEquipment: readonly CustomEquipment[] = [],
): BuiltFrameResult {
  const detected = response.Persons ?? [];
  const requirement: Requirement = context;
  const reconciled = reconcileWithSummary(evaluatePersons(detected, requirement), response.Summary);
  const { disagreements } = reconciled;
  const customRequired = context.requiredEquipment.filter((t) => !isBuiltInEquipmentType(t));
  const outcomes = response.customLabels ?? [];
  const custom = judgeCustomEquipment(detected, customRequired, customEquipment, outcomes);
  const m = Math.max(context.minConfidence, 50);
  const verdicts = reconciled.verdicts.map((verdict, index) =>
    withCustomVerdicts(verdict, custom[index], (detected[index]?.Confidence ?? 0) >= m),
  );
  const unavailable = notRunningTypes(customRequired, customEquipment, outcomes);
  const persons = verdicts.map((verdict, index) => {
    const person = detected[index] ?? {};
    return {
      ...verdict,
      confidence: round(person.Confidence),
      boundingBox: toBox(person.BoundingBox),
      bodyParts: toBodyParts(person),
      ...(customRequired.length > 0
        ? {
            customLabels: (custom[index]?.labels ?? []).map((label) => ({
              type: label.type,
              name: label.name,
              confidence: round(label.confidence),
              boundingBox: toBox(label.box),
            })),
          }
        : {}),
    };
  });
  const alert = persons.some(
    (p) => p.status === 'violation' || (alertOnIndeterminate && p.status === 'indeterminate'),
  );
  return {
    result: {
      ...context,
      status: frameStatus(persons),
      modelVersion: response.ProtectiveEquipmentModelVersion ?? 'unknown',
      summary: summarise(verdicts),
      persons,
      alert,
      ...(unavailable.length > 0 ? { unavailableEquipment: unavailable } : {}),
    },
    disagreements,
  };
}
