import {
  BODY_PARTS_FOR,
  type BuiltInEquipmentType,
  type EquipmentType,
  isBuiltInEquipmentType,
  normaliseEquipment,
} from './equipment.js';

/** The subset of a DetectProtectiveEquipment bounding box that we use. */
export interface RekognitionBox {
  Width?: number;
  Height?: number;
  Left?: number;
  Top?: number;
}

/** The subset of a DetectProtectiveEquipment person that the verdict rules read. */
export interface RekognitionPerson {
  Id?: number;
  Confidence?: number;
  BoundingBox?: RekognitionBox;
  BodyParts?: {
    Name?: string;
    Confidence?: number;
    EquipmentDetections?: {
      Type?: string;
      Confidence?: number;
      BoundingBox?: RekognitionBox;
      CoversBodyPart?: { Confidence?: number; Value?: boolean };
    }[];
  }[];
}

/** The summarization that a verdict is made against. */
export interface Requirement {
  requiredEquipment: readonly EquipmentType[];
  minConfidence: number;
}

/** A person's verdict: what the safety manager acts on. */
export type PersonStatus = 'compliant' | 'violation' | 'indeterminate';

/** The verdict for one person, with which required equipment is missing or uncertain. */
export interface PersonVerdict {
  personId: number;
  status: PersonStatus;
  missingEquipment: EquipmentType[];
  uncertainEquipment: EquipmentType[];
}

type PartVerdict = 'covered' | 'missing' | 'uncertain';

/**
 * Judges one required type on one body part, by the DESIGN.md rules (which reproduce
 * Rekognition's own Summary): an unseen or unsure body part is uncertain, a confident covering
 * detection covers it, a confident detection that does not cover it is missing, a weak detection
 * is uncertain and no detection at all is missing.
 */
function judgePart(
  person: RekognitionPerson,
  partName: string,
  type: BuiltInEquipmentType,
  m: number,
): PartVerdict {
  const part = person.BodyParts?.find((candidate) => candidate.Name === partName);
  if (!part || (part.Confidence ?? 0) < m) return 'uncertain';
  const detections = (part.EquipmentDetections ?? []).filter((d) => d.Type === type);
  const confident = detections.filter((d) => (d.Confidence ?? 0) >= m);
  const covering = confident.some(
    (d) => d.CoversBodyPart?.Value === true && (d.CoversBodyPart.Confidence ?? 0) >= m,
  );
  if (covering) return 'covered';
  if (confident.some((d) => d.CoversBodyPart?.Value === false)) return 'missing';
  if (detections.length > 0) return 'uncertain';
  return 'missing';
}

/** Judges one required type: missing if any of its parts is, else uncertain if any is. */
function judgeType(person: RekognitionPerson, type: BuiltInEquipmentType, m: number): PartVerdict {
  const parts = BODY_PARTS_FOR[type].map((partName) => judgePart(person, partName, type, m));
  if (parts.includes('missing')) return 'missing';
  if (parts.includes('uncertain')) return 'uncertain';
  return 'covered';
}

/**
 * Per-person verdicts for one frame on the built-in types it requires (custom types are judged
 * from Custom Labels, see custom-equipment.ts). A person below the minimum confidence is
 * indeterminate; a definite miss wins over another part's uncertainty.
 */
export function evaluatePersons(
  persons: readonly RekognitionPerson[],
  requirement: Requirement,
): PersonVerdict[] {
  const m = Math.max(requirement.minConfidence, 50);
  const required = normaliseEquipment(requirement.requiredEquipment).filter(isBuiltInEquipmentType);
  return persons.map((person, index) => {
    const personId = person.Id ?? index;
    const verdicts = required.map((type) => ({ type, verdict: judgeType(person, type, m) }));
    const missingEquipment = verdicts.filter((v) => v.verdict === 'missing').map((v) => v.type);
    const uncertainEquipment = verdicts.filter((v) => v.verdict === 'uncertain').map((v) => v.type);
    let status: PersonStatus;
    if ((person.Confidence ?? 0) < m) status = 'indeterminate';
    else if (missingEquipment.length > 0) status = 'violation';
    else if (uncertainEquipment.length > 0) status = 'indeterminate';
    else status = 'compliant';
    return { personId, status, missingEquipment, uncertainEquipment };
  });
}

/** The three id lists of a Rekognition Summary, as our contract names them. */
export interface FrameSummary {
  personsWithRequiredEquipment: number[];
  personsWithoutRequiredEquipment: number[];
  personsIndeterminate: number[];
}

/** Builds the Summary that Rekognition would report for these verdicts. */
export function summarise(verdicts: readonly PersonVerdict[]): FrameSummary {
  const ids = (status: PersonStatus) =>
    verdicts.filter((v) => v.status === status).map((v) => v.personId);
  return {
    personsWithRequiredEquipment: ids('compliant'),
    personsWithoutRequiredEquipment: ids('violation'),
    personsIndeterminate: ids('indeterminate'),
  };
}
