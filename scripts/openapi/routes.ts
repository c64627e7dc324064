import type { Route } from './route.js';
import { ANALYSE_FRAME } from './routes/analyse-frame.js';
import { CAMERA_FRAMES } from './routes/camera-frames.js';
import { CAMERAS } from './routes/cameras.js';
import { COMPLIANCE_REPORT } from './routes/compliance-report.js';
import { FRAME_IMAGE } from './routes/frame-image.js';
import { FRAME_IMAGE_ORIGINAL } from './routes/frame-image-original.js';
import { GET_FRAME } from './routes/get-frame.js';
import { REVIEW_PERSON } from './routes/review-person.js';
import { REVIEW_TRAIL } from './routes/review-trail.js';
import { VIOLATIONS } from './routes/violations.js';

/**
 * The routes of openapi.json, one file each under routes/: what each answers, with the prose and
 * examples that the schemas do not hold. Request, parameter and response shapes are the zod
 * schemas themselves; a response without a schema has the error body. A new route is one file
 * there, its schemas, and an entry here.
 */
export const ROUTES: Route[] = [
  ANALYSE_FRAME,
  GET_FRAME,
  CAMERA_FRAMES,
  COMPLIANCE_REPORT,
  FRAME_IMAGE,
  FRAME_IMAGE_ORIGINAL,
  CAMERAS,
  VIOLATIONS,
  REVIEW_PERSON,
  REVIEW_TRAIL,
];
