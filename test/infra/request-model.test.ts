import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { documented } from '../../lambda/schemas/api-docs.js';
import { frameRequestSchema, MAX_IMAGE_CHARACTERS } from '../../lambda/schemas/frame-request.js';
import { requestModelSchema } from '../../lib/request-model.js';

describe('requestModelSchema', () => {
  const model = requestModelSchema(frameRequestSchema, 'FrameRequest');

  it('describes the POST /frames body as the function checks it, in draft 4', () => {
    expect(model).toMatchObject({
      schema: 'http://json-schema.org/draft-04/schema#',
      title: 'FrameRequest',
      type: 'object',
      required: ['image', 'cameraId'],
      properties: {
        cameraId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
        capturedAt: { type: 'string', pattern: '^.*[Tt].*([Zz]|[+-]\\d\\d:?\\d\\d)$' },
        location: { type: 'string', minLength: 1, maxLength: 256 },
        requiredEquipment: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^[A-Z][A-Z_]{2,31}$' },
        },
      },
    });
  });

  it("caps image at the gateway's length, which the function leaves to its 4 MB check", () => {
    expect(model.properties?.image).toEqual({
      type: 'string',
      minLength: 1,
      maxLength: MAX_IMAGE_CHARACTERS,
    });
    const long = 'A'.repeat(MAX_IMAGE_CHARACTERS + 1);
    expect(frameRequestSchema.safeParse({ image: long, cameraId: 'cam-01' }).success).toBe(true);
  });

  it('is self-contained, and lets unknown fields through for the function to name them', () => {
    const text = JSON.stringify(model);

    expect(text).not.toContain('$ref');
    expect(text).not.toContain('definitions');
    expect(text).not.toContain('description');
    expect(model.additionalProperties).toBeUndefined();
  });

  it('refuses a schema with a keyword API Gateway does not know, naming it', () => {
    const schema = z.object({ note: documented(z.string(), { deprecated: true }) });

    expect(() => requestModelSchema(schema, 'Note')).toThrow(
      'Note.note: API Gateway models have no "deprecated"',
    );
  });
});
