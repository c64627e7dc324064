import type { CustomEquipment } from '../domain/custom-equipment.js';
import { customEquipmentListSchema } from '../schemas/custom-equipment.js';

/**
 * The custom equipment types (`CUSTOM_EQUIPMENT`, JSON, set by the stack from `customEquipment`;
 * unset: none), read once at module load, failing fast with the variable's name.
 */
export function loadCustomEquipment(env: NodeJS.ProcessEnv = process.env): CustomEquipment[] {
  const text = env.CUSTOM_EQUIPMENT;
  if (!text) return [];
  try {
    return customEquipmentListSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(
      `Environment variable CUSTOM_EQUIPMENT is not a valid customEquipment list: ${(error as Error).message}`,
    );
  }
}
