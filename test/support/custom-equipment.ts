import type { CustomEquipment } from '../../lambda/domain/custom-equipment.js';

/** A Custom Labels model version ARN of the documented shape. */
export const VEST_MODEL =
  'arn:aws:rekognition:us-east-1:123456789012:project/ppe-vests/version/ppe-vests.2026-11-20T10.00.00/1763632800000';

/** A second model, for goggles. */
export const GOGGLES_MODEL =
  'arn:aws:rekognition:us-east-1:123456789012:project/ppe-goggles/version/v1/1763632800001';

/** High-visibility vests, detected by the vest model's `vest` label at 80. */
export const HIGH_VIS_VEST: CustomEquipment = {
  type: 'HIGH_VIS_VEST',
  projectVersionArn: VEST_MODEL,
  labels: ['vest', 'hi-vis-jacket'],
  minConfidence: 80,
};

/** Goggles, from their own model. */
export const GOGGLES: CustomEquipment = {
  type: 'GOGGLES',
  projectVersionArn: GOGGLES_MODEL,
  labels: ['goggles'],
  minConfidence: 70,
};
