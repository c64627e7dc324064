import { type EquipmentType, isBuiltInEquipmentType } from './equipment.js';
import type {
  PersonStatus,
  PersonVerdict,
  RekognitionBox,
  RekognitionPerson,
} from './evaluate-persons.js';

/** A custom equipment type, detected by a Rekognition Custom Labels model (`customEquipment`). */
export interface CustomEquipment {
  type: EquipmentType;
  /** The Custom Labels model version that detects it. */
  projectVersionArn: string;
  /** The model's label names that count as this equipment. */
  labels: string[];
  /** A label box at this confidence or more covers the person; a weaker one leaves it uncertain. */
  minConfidence: number;
}

/** The subset of a DetectCustomLabels label that the merge reads. */
export interface CustomLabel {
  Name?: string;
  Confidence?: number;
  Geometry?: { BoundingBox?: RekognitionBox };
}

/** What one Custom Labels model said about a frame: its labels, or that it was not running. */
export type CustomLabelsOutcome =
  | { projectVersionArn: string; labels: CustomLabel[] }
  | { projectVersionArn: string; notRunning: true; message: string };

/** A custom verdict for one type: the same words as the built-in parts' verdicts. */
export type CustomVerdict = 'covered' | 'missing' | 'uncertain';

/** A label box given to a person, as results show it. */
export interface AssignedLabel {
  type: EquipmentType;
  name: string;
  confidence: number;
  box: Required<RekognitionBox>;
}

/** Below this, DetectCustomLabels boxes are not asked for: the PPE detector's own floor. */
export const CUSTOM_LABELS_FLOOR = 50;

/**
 * The MinConfidence to send to one model for a frame: low enough that boxes weaker than each
 * type's `minConfidence` come back too (they make the type uncertain rather than missing), but
 * not below the floor, or below the lowest `minConfidence` when that is lower still.
 */
export function customLabelsMinConfidence(definitions: readonly CustomEquipment[]): number {
  return Math.min(CUSTOM_LABELS_FLOOR, ...definitions.map((d) => d.minConfidence));
}

/** The configured custom types a requirement names, grouped by the model that detects them. */
export function customModelsFor(
  required: readonly EquipmentType[],
  catalogue: readonly CustomEquipment[],
): Map<string, CustomEquipment[]> {
  const models = new Map<string, CustomEquipment[]>();
  for (const definition of catalogue) {
    if (!required.includes(definition.type)) continue;
    const list = models.get(definition.projectVersionArn) ?? [];
    list.push(definition);
    models.set(definition.projectVersionArn, list);
  }
  return models;
}

function fullBox(box: RekognitionBox | undefined): Required<RekognitionBox> | undefined {
  const { Left, Top, Width, Height } = box ?? {};
  if (Left === undefined || Top === undefined || Width === undefined || Height === undefined) {
    return undefined;
  }
  return { Left, Top, Width, Height };
}

/**
 * The person a label box belongs to: the one whose box contains the label box's centre, the
 * smallest such box when several do (a worker in front of another); -1 when none does or the
 * label has no box (an image-level label of a classification model cannot be given to anyone).
 */
export function personForBox(
  persons: readonly RekognitionPerson[],
  box: RekognitionBox | undefined,
): number {
  const label = fullBox(box);
  if (!label) return -1;
  const x = label.Left + label.Width / 2;
  const y = label.Top + label.Height / 2;
  let best = -1;
  let bestArea = Number.POSITIVE_INFINITY;
  persons.forEach((person, index) => {
    const p = fullBox(person.BoundingBox);
    if (!p) return;
    const inside = x >= p.Left && x <= p.Left + p.Width && y >= p.Top && y <= p.Top + p.Height;
    const area = p.Width * p.Height;
    if (inside && area < bestArea) {
      best = index;
      bestArea = area;
    }
  });
  return best;
}

/** Each person's custom verdicts (by type) and the label boxes given to them. */
export interface CustomJudgement {
  verdicts: Map<EquipmentType, CustomVerdict>;
  labels: AssignedLabel[];
}

/**
 * Judges the required custom types for every person of a frame (by index in `persons`): each
 * label box goes to {@link personForBox}; for a type, a person is covered when one of its labels
 * at the type's `minConfidence` or more was given to them, uncertain when only weaker ones were,
 * missing otherwise. A type whose model was not running (or that no `customEquipment` entry
 * defines) is uncertain for everyone.
 */
export function judgeCustomEquipment(
  persons: readonly RekognitionPerson[],
  required: readonly EquipmentType[],
  catalogue: readonly CustomEquipment[],
  outcomes: readonly CustomLabelsOutcome[],
): CustomJudgement[] {
  const judgements: CustomJudgement[] = persons.map(() => ({ verdicts: new Map(), labels: [] }));
  for (const type of required) {
    if (isBuiltInEquipmentType(type)) continue;
    const definition = catalogue.find((d) => d.type === type);
    const outcome = outcomes.find((o) => o.projectVersionArn === definition?.projectVersionArn);
    if (!definition || !outcome || 'notRunning' in outcome) {
      for (const judgement of judgements) judgement.verdicts.set(type, 'uncertain');
      continue;
    }
    for (const judgement of judgements) judgement.verdicts.set(type, 'missing');
    for (const label of outcome.labels) {
      if (!label.Name || !definition.labels.includes(label.Name)) continue;
      const index = personForBox(persons, label.Geometry?.BoundingBox);
      const judgement = judgements[index];
      const box = fullBox(label.Geometry?.BoundingBox);
      if (!judgement || !box) continue;
      const confidence = label.Confidence ?? 0;
      judgement.labels.push({ type, name: label.Name, confidence, box });
      if (confidence >= definition.minConfidence) judgement.verdicts.set(type, 'covered');
      else if (judgement.verdicts.get(type) === 'missing')
        judgement.verdicts.set(type, 'uncertain');
    }
  }
  return judgements;
}

/** The required custom types judged uncertain for everyone: their model did not run, or none is defined. */
export function notRunningTypes(
  required: readonly EquipmentType[],
  catalogue: readonly CustomEquipment[],
  outcomes: readonly CustomLabelsOutcome[],
): EquipmentType[] {
  return required.filter((type) => {
    if (isBuiltInEquipmentType(type)) return false;
    const definition = catalogue.find((d) => d.type === type);
    const outcome = outcomes.find((o) => o.projectVersionArn === definition?.projectVersionArn);
    return !definition || !outcome || 'notRunning' in outcome;
  });
}

/**
 * A person's verdict over all required types: the built-in verdict (already reconciled with
 * Rekognition's Summary) combined with the custom ones by the same rules. A person below the
 * minimum confidence stays indeterminate; a definite miss wins over uncertainty.
 */
export function withCustomVerdicts(
  verdict: PersonVerdict,
  judgement: CustomJudgement | undefined,
  personConfident: boolean,
): PersonVerdict {
  if (!judgement || judgement.verdicts.size === 0) return verdict;
  const of = (wanted: CustomVerdict) =>
    [...judgement.verdicts].filter(([, v]) => v === wanted).map(([type]) => type);
  const missingEquipment = [...verdict.missingEquipment, ...of('missing')];
  const uncertainEquipment = [...verdict.uncertainEquipment, ...of('uncertain')];
  let status: PersonStatus;
  if (!personConfident) status = 'indeterminate';
  else if (verdict.status === 'violation' || of('missing').length > 0) status = 'violation';
  else if (verdict.status === 'indeterminate' || of('uncertain').length > 0) {
    status = 'indeterminate';
  } else status = 'compliant';
  return { ...verdict, status, missingEquipment, uncertainEquipment };
}
