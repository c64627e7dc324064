import { describe, expect, it } from 'vitest';
import { MIN_CONFIDENCE_CEILING, MIN_CONFIDENCE_FLOOR } from '../../lambda/domain/equipment.js';
import { frameRequestSchema } from '../../lambda/schemas/frame-request.js';
import { policyRuleInputSchema } from '../../lambda/schemas/policy.js';
import { parseS3Metadata } from '../../lambda/schemas/s3-metadata.js';
import { ppeConfigSchema } from '../../lib/config.js';
import { INVALID_BODY_MESSAGE } from '../../lib/ingest-api.js';
import { requestModelSchema } from '../../lib/request-model.js';

const frame = { image: 'aGk=', cameraId: 'cam-01' };
const rule = { id: 'gate', cameras: ['cam-01'] };

/** Whether each input that takes a MinConfidence accepts this value. */
function acceptedBy(value: number) {
  return {
    body: frameRequestSchema.safeParse({ ...frame, minConfidence: value }).success,
    metadata: 'metadata' in parseS3Metadata({ 'min-confidence': String(value) }),
    policy: policyRuleInputSchema.safeParse({ ...rule, minConfidence: value }).success,
    config: ppeConfigSchema.shape.minConfidence.safeParse(String(value)).success,
  };
}

describe('MinConfidence', () => {
  it("takes Rekognition's range, ends included, in every input", () => {
    const everywhere = { body: true, metadata: true, policy: true, config: true };
    const nowhere = { body: false, metadata: false, policy: false, config: false };

    expect(acceptedBy(MIN_CONFIDENCE_FLOOR)).toEqual(everywhere);
    expect(acceptedBy(MIN_CONFIDENCE_CEILING)).toEqual(everywhere);
    expect(acceptedBy(MIN_CONFIDENCE_FLOOR - 0.01)).toEqual(nowhere);
    expect(acceptedBy(MIN_CONFIDENCE_CEILING + 0.01)).toEqual(nowhere);
  });

  it('has the same bounds in the API Gateway model and its error message', () => {
    const model = requestModelSchema(frameRequestSchema, 'FrameRequest');

    expect(model.properties?.minConfidence).toEqual({
      type: 'number',
      minimum: MIN_CONFIDENCE_FLOOR,
      maximum: MIN_CONFIDENCE_CEILING,
    });
    expect(INVALID_BODY_MESSAGE).toContain(
      `minConfidence, if given, is a number from ${MIN_CONFIDENCE_FLOOR} to ${MIN_CONFIDENCE_CEILING}`,
    );
  });
});
