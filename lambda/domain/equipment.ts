/** The protective equipment types that Rekognition detects and can require. */
export const EQUIPMENT_TYPES = ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'] as const;
export type EquipmentType = (typeof EQUIPMENT_TYPES)[number];

/** The body parts that Rekognition reports for a person. */
export type BodyPartName = 'FACE' | 'HEAD' | 'LEFT_HAND' | 'RIGHT_HAND';

/** Which body parts a required equipment type must cover. */
export const BODY_PARTS_FOR: Readonly<Record<EquipmentType, readonly BodyPartName[]>> = {
  FACE_COVER: ['FACE'],
  HEAD_COVER: ['HEAD'],
  HAND_COVER: ['LEFT_HAND', 'RIGHT_HAND'],
};

/** Rekognition's bounds for MinConfidence: values below 50 behave as 50. */
export const MIN_CONFIDENCE_FLOOR = 50;
export const MIN_CONFIDENCE_CEILING = 100;

/** Whether a string names an equipment type. */
export function isEquipmentType(value: string): value is EquipmentType {
  return (EQUIPMENT_TYPES as readonly string[]).includes(value);
}

/** Required types in one canonical order, without duplicates, so records and keys compare equal. */
export function normaliseEquipment(types: readonly EquipmentType[]): EquipmentType[] {
  return EQUIPMENT_TYPES.filter((type) => types.includes(type));
}
