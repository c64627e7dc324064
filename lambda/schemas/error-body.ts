import * as z from 'zod';
import { documented } from './api-docs.js';

/** The error body of every route, whoever answered: a function or API Gateway. */
export const errorBodySchema = documented(
  z.object({
    error: z.object({
      code: documented(z.string().regex(/^[A-Z][A-Z0-9_]*$/), {
        description:
          'A stable, upper-case code such as `INVALID_FIELD`; each response lists its codes.',
        examples: ['INVALID_FIELD'],
      }),
      message: documented(z.string(), {
        description: 'What is wrong, naming the field or parameter, and what to do about it.',
      }),
      field: documented(z.string().optional(), {
        description:
          '`INVALID_FIELD` from the function: the field at fault, as a dotted path (`requiredEquipment.1`), or the unknown fields, comma-separated.',
      }),
      frameId: documented(z.string().optional(), {
        description:
          'When the frame was stored as a rejection (Rekognition refused it): its id, for `GET /frames/{frameId}`.',
      }),
    }),
  }),
  {
    id: 'Error',
    description:
      'Every error, from the functions and from API Gateway alike. Branch on `code`; `message` says what to do.',
    examples: [
      {
        error: {
          code: 'FRAME_NOT_FOUND',
          message:
            'No stored result for frame s3-0c9f3a7d1e4b8562a9d07f1c3e6b2a58: check the id; a frame uploaded to S3 a moment ago may still be in analysis.',
        },
      },
    ],
  },
);
