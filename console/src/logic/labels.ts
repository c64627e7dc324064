import type { EquipmentType } from '../../../lambda/domain/equipment.js';

/**
 * An equipment type in words: `HEAD_COVER` is "head cover", and a custom type of the deployment
 * reads the same way (`HIGH_VIS_VEST` is "high vis vest").
 */
export const equipmentWords = (type: EquipmentType): string =>
  type.toLowerCase().replaceAll('_', ' ');

/** What a screen reader says for a person's box: "Person 2: violation, missing head cover". */
export function personLabel(person: {
  personId: number;
  status: string;
  missingEquipment: readonly EquipmentType[];
  uncertainEquipment?: readonly EquipmentType[];
  review?: { disposition: string } | null;
}): string {
  const parts = [`Person ${person.personId}: ${person.status}`];
  if (person.missingEquipment.length > 0) {
    parts.push(`missing ${person.missingEquipment.map(equipmentWords).join(' and ')}`);
  }
  if (person.uncertainEquipment && person.uncertainEquipment.length > 0) {
    parts.push(`not verified ${person.uncertainEquipment.map(equipmentWords).join(' and ')}`);
  }
  if (person.review) parts.push(`reviewed ${person.review.disposition}`);
  return parts.join(', ');
}
