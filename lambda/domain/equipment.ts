/** The protective equipment types that DetectProtectiveEquipment detects (the built-in ones). */
export const EQUIPMENT_TYPES = ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'] as const;

/** One of the three types DetectProtectiveEquipment knows. */
export type BuiltInEquipmentType = (typeof EQUIPMENT_TYPES)[number];

/**
 * An equipment type a frame can require: a built-in one, or a custom one that the stack's
 * `customEquipment` configures (detected by Rekognition Custom Labels). Which custom types exist
 * is known only at run time, so the type is a string of {@link EQUIPMENT_TYPE_PATTERN}.
 */
export type EquipmentType = string;

/** What every equipment type name looks like: the built-in ones and any custom one. */
export const EQUIPMENT_TYPE_PATTERN = /^[A-Z][A-Z_]{2,31}$/;

/** The body parts that Rekognition reports for a person. */
export type BodyPartName = 'FACE' | 'HEAD' | 'LEFT_HAND' | 'RIGHT_HAND';

/** Which body parts a required built-in equipment type must cover. */
export const BODY_PARTS_FOR: Readonly<Record<BuiltInEquipmentType, readonly BodyPartName[]>> = {
  FACE_COVER: ['FACE'],
  HEAD_COVER: ['HEAD'],
  HAND_COVER: ['LEFT_HAND', 'RIGHT_HAND'],
};

/** Rekognition's bounds for MinConfidence: values below 50 behave as 50. */
export const MIN_CONFIDENCE_FLOOR = 50;
export const MIN_CONFIDENCE_CEILING = 100;

/** Whether a string names one of the built-in types that DetectProtectiveEquipment detects. */
export function isBuiltInEquipmentType(value: string): value is BuiltInEquipmentType {
  return (EQUIPMENT_TYPES as readonly string[]).includes(value);
}

/**
 * Required types in one canonical order, without duplicates, so records and keys compare equal:
 * the built-in ones in their order, then custom ones alphabetically.
 */
export function normaliseEquipment(types: readonly EquipmentType[]): EquipmentType[] {
  const custom = [...new Set(types.filter((type) => !isBuiltInEquipmentType(type)))].sort();
  return [...EQUIPMENT_TYPES.filter((type) => types.includes(type)), ...custom];
}

/**
 * The types this stack knows, for validation and messages: the built-in ones, then the
 * configured custom ones.
 */
export function knownEquipmentTypes(customTypes: readonly EquipmentType[]): EquipmentType[] {
  return [...EQUIPMENT_TYPES, ...customTypes];
}

/**
 * The first type in `types` that the stack does not know, with the sentence that says so and
 * lists the known ones; undefined when all are known.
 */
export function unknownEquipment(
  types: readonly EquipmentType[],
  known: readonly EquipmentType[],
): { index: number; type: string; message: string } | undefined {
  const index = types.findIndex((type) => !known.includes(type));
  if (index < 0) return undefined;
  const type = types[index] ?? '';
  return {
    index,
    type,
    message: `"${type}" is not an equipment type of this stack: use ${known.join(', ')} (custom types come from the "customEquipment" configuration)`,
  };
}
