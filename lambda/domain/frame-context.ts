import { type EquipmentType, normaliseEquipment } from './equipment.js';
import type { FrameContext, FrameSource } from './frame-result.js';
import { type PolicySet, resolvePolicy } from './policy.js';

/** What an ingest path knows of a frame: its identity, and the settings its sender overrides. */
export interface FrameFacts {
  frameId: string;
  cameraId: string;
  location?: string;
  capturedAt: string;
  source: FrameSource;
  /** The request body's or the object metadata's own settings; the policy fills in the rest. */
  overrides?: {
    requiredEquipment?: readonly EquipmentType[] | undefined;
    minConfidence?: number | undefined;
  };
}

/** A frame's context and how its policy wants indeterminate persons treated. */
export interface ResolvedFrame {
  context: FrameContext;
  alertOnIndeterminate: boolean;
}

/**
 * The context a frame is analysed in, the same on both ingest paths: the policy of its camera or
 * location, overridden by the sender's own equipment and confidence, the equipment in one order.
 */
export function frameContext(facts: FrameFacts, policies: PolicySet): ResolvedFrame {
  const { frameId, cameraId, location, capturedAt, source, overrides = {} } = facts;
  const policy = resolvePolicy(policies, cameraId, location);
  return {
    context: {
      frameId,
      cameraId,
      ...(location ? { location } : {}),
      capturedAt,
      source,
      requiredEquipment: normaliseEquipment(
        overrides.requiredEquipment ?? policy.requiredEquipment,
      ),
      minConfidence: overrides.minConfidence ?? policy.minConfidence,
      policy: policy.id,
    },
    alertOnIndeterminate: policy.alertOnIndeterminate,
  };
}
