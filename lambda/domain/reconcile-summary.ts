import type { PersonStatus, PersonVerdict } from './evaluate-persons.js';

/** Rekognition's own Summary, as the SDK returns it. */
export interface RekognitionSummary {
  PersonsWithRequiredEquipment?: number[];
  PersonsWithoutRequiredEquipment?: number[];
  PersonsIndeterminate?: number[];
}

/** Verdicts made to agree with Rekognition's Summary, and the ids where our rules disagreed. */
export interface ReconciledVerdicts {
  verdicts: PersonVerdict[];
  disagreements: number[];
}

function statusInSummary(summary: RekognitionSummary, personId: number): PersonStatus | undefined {
  if (summary.PersonsWithoutRequiredEquipment?.includes(personId)) return 'violation';
  if (summary.PersonsIndeterminate?.includes(personId)) return 'indeterminate';
  if (summary.PersonsWithRequiredEquipment?.includes(personId)) return 'compliant';
  return undefined;
}

/**
 * Rekognition's Summary is the authority on each person's status; our rules only add which
 * equipment is missing. Where they disagree (a model change, say), the status follows the Summary
 * and the equipment lists are moved so that they never contradict it.
 */
export function reconcileWithSummary(
  verdicts: readonly PersonVerdict[],
  summary: RekognitionSummary | undefined,
): ReconciledVerdicts {
  const disagreements: number[] = [];
  const reconciled = verdicts.map((verdict) => {
    const expected = summary ? statusInSummary(summary, verdict.personId) : undefined;
    if (!expected || expected === verdict.status) return verdict;
    disagreements.push(verdict.personId);
    const doubtful = [...verdict.missingEquipment, ...verdict.uncertainEquipment];
    if (expected === 'compliant') {
      return { ...verdict, status: expected, missingEquipment: [], uncertainEquipment: [] };
    }
    if (expected === 'indeterminate') {
      return { ...verdict, status: expected, missingEquipment: [], uncertainEquipment: doubtful };
    }
    return { ...verdict, status: expected, missingEquipment: doubtful, uncertainEquipment: [] };
  });
  return { verdicts: reconciled, disagreements };
}
