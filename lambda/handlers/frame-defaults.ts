import type { EquipmentType } from '../domain/equipment.js';

/** The stack's defaults for what a frame must be judged against, from its configuration. */
export interface FrameDefaults {
  requiredEquipment: EquipmentType[];
  minConfidence: number;
}
