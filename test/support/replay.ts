import type { DetectProtectiveEquipmentCommandInput } from '@aws-sdk/client-rekognition';
import type { EquipmentType } from '../../lambda/domain/equipment.js';
import { evaluatePersons, summarise } from '../../lambda/domain/evaluate-persons.js';
import { fixtureRecording } from './fixtures.js';

/**
 * The fixture's recorded detections, answered for any SummarizationAttributes: the Summary is
 * recomputed by the DESIGN.md rules, which reproduce Rekognition's own on the recorded request.
 */
export function replayFixture(input: DetectProtectiveEquipmentCommandInput) {
  const { response } = fixtureRecording;
  const summary = summarise(
    evaluatePersons(response.Persons ?? [], {
      requiredEquipment: (input.SummarizationAttributes?.RequiredEquipmentTypes ??
        []) as EquipmentType[],
      minConfidence: input.SummarizationAttributes?.MinConfidence ?? 50,
    }),
  );
  return {
    ...response,
    Summary: {
      PersonsWithRequiredEquipment: summary.personsWithRequiredEquipment,
      PersonsWithoutRequiredEquipment: summary.personsWithoutRequiredEquipment,
      PersonsIndeterminate: summary.personsIndeterminate,
    },
  };
}
