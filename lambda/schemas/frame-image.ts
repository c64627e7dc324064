import * as z from 'zod';
import { documented } from './api-docs.js';

/** The answer of GET /frames/{frameId}/image and GET /frames/{frameId}/image/original. */
export const frameImageResponseSchema = documented(
  z.object({
    url: documented(z.string(), {
      format: 'uri',
      description:
        'A presigned S3 GET URL of the image (JPEG for the blurred copy; JPEG or PNG for the original), valid until `expiresAt` (10 minutes). Load it in an `<img>`: it needs no other credentials.',
    }),
    expiresAt: documented(z.string(), {
      format: 'date-time',
      description: 'When the URL stops working: ask again for a new one.',
    }),
    variant: documented(z.enum(['blurred', 'original']), {
      description:
        "`blurred`: every person's head covered (the default for everyone); `original`: unblurred, for auditors, each access recorded in the frame's trail.",
    }),
    width: documented(z.int().min(1), { description: 'The image width in pixels.' }),
    height: documented(z.int().min(1), { description: 'The image height in pixels.' }),
  }),
  {
    id: 'FrameImage',
    description:
      "A frame's image as a short-lived URL. The person boxes of the frame's result are ratios of `width` and `height`.",
  },
);

/** The body of a frame image answer. */
export type FrameImageResponse = z.infer<typeof frameImageResponseSchema>;
