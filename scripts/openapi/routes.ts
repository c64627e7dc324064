import { frameRequestSchema } from '../../lambda/schemas/frame-request.js';
import { frameResultSchema, storedFrameSchema } from '../../lambda/schemas/frame-result.js';
import {
  cameraPathSchema,
  frameHeadersSchema,
  framePathSchema,
} from '../../lambda/schemas/parameters.js';
import {
  cameraFramesQuerySchema,
  complianceQuerySchema,
} from '../../lambda/schemas/read-queries.js';
import { cameraFramesSchema, complianceReportSchema } from '../../lambda/schemas/read-responses.js';
import { INVALID_BODY_MESSAGE } from '../../lib/ingest-api.js';
import type { Route } from './route.js';

/**
 * The routes of openapi.json: what each answers, with the prose and examples that the schemas do
 * not hold. Request, parameter and response shapes are the zod schemas themselves; a response
 * without a schema has the error body. A new route is one entry here and its schemas.
 */
export const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/frames',
    operationId: 'analyseFrame',
    tags: ['Frames'],
    summary: 'Analyse a frame',
    description:
      'Analyses one JPEG or PNG frame synchronously and answers with a verdict for every person in it: `compliant`, `violation` (with the missing equipment) or `indeterminate` (with the equipment that could not be verified). The result is stored (read it again with `GET /frames/{frameId}`), and a frame that raises an alert (`"alert": true`) is published to the SNS alert topic.\n\n`requiredEquipment` and `minConfidence` default to the policy for the camera or location (a policy naming the camera wins, then the longest matching location prefix, then the stack\'s default); `capturedAt` defaults to the time of receipt.\n\nSend an `Idempotency-Key` to retry safely: a retry with the same key, camera and frame gets the first answer back with `Idempotent-Replayed: true`, without a second Rekognition call, record or alert. A frame that Rekognition refused is stored as a rejection, and its error carries the `frameId`.',
    parameters: { header: frameHeadersSchema },
    requestBody: {
      schema: frameRequestSchema,
      examples: {
        full: {
          summary: 'Every field',
          value: {
            image:
              '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/...',
            cameraId: 'cam-01',
            capturedAt: '2026-11-27T09:00:00Z',
            location: 'plant-3/line-2',
            requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
            minConfidence: 80,
          },
        },
        minimal: {
          summary: 'Only the required fields: the policy decides the rest',
          value: {
            image:
              'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/...',
            cameraId: 'cam-01',
          },
        },
      },
    },
    responses: {
      '200': {
        description:
          'The frame was analysed (or, with `Idempotent-Replayed: true`, had been analysed by an earlier request with the same `Idempotency-Key`).',
        headers: {
          'Idempotent-Replayed': {
            $ref: '#/components/headers/IdempotentReplayed',
          },
        },
        schema: frameResultSchema,
        examples: {
          violation: {
            $ref: '#/components/examples/FrameResultViolation',
          },
          compliant: {
            $ref: '#/components/examples/FrameResultCompliant',
          },
        },
      },
      '400': {
        description:
          'The request cannot be analysed; `message` says which field and what to do.\n- `INVALID_FIELD`: a field is missing, has the wrong type or value, or is unknown. API Gateway checks the body against the request model first (its message starts with "Invalid request body"); the function then checks the rest and names the field in `field`.\n- `INVALID_JSON`: the body is not JSON.\n- `INVALID_IDEMPOTENCY_KEY`: the `Idempotency-Key` header is not 1 to 255 printable ASCII characters.\n- `INVALID_BASE64`: `image` is not base64.\n- `UNSUPPORTED_FORMAT`: `image` is not a JPEG or PNG, or its size cannot be read.\n- `BAD_DIMENSIONS`: `image` is not 64 to 4096 pixels on each side.\n- `REJECTED_BY_REKOGNITION`, `UNREADABLE_IMAGE`, and `UNSUPPORTED_FORMAT` when Rekognition could not read the image: Rekognition refused the image. The frame is stored as a rejection, and the error carries its `frameId`.\n- `BAD_REQUEST`: any other request API Gateway refuses.',
        headers: {
          'Idempotent-Replayed': {
            $ref: '#/components/headers/IdempotentReplayed',
          },
        },
        examples: {
          gatewayValidation: {
            summary: 'The body fails the API Gateway request model (INVALID_FIELD)',
            value: {
              error: {
                code: 'INVALID_FIELD',
                message: INVALID_BODY_MESSAGE,
              },
            },
          },
          invalidField: {
            summary: 'A field the function checks (INVALID_FIELD, with field)',
            value: {
              error: {
                code: 'INVALID_FIELD',
                message:
                  '"capturedAt" must be an ISO 8601 date-time with a time zone, such as 2026-11-27T09:00:00Z.',
                field: 'capturedAt',
              },
            },
          },
          unknownField: {
            summary: 'An unknown field (INVALID_FIELD)',
            value: {
              error: {
                code: 'INVALID_FIELD',
                message: 'Unknown field(s) "camera": remove them.',
                field: 'camera',
              },
            },
          },
          invalidJson: {
            summary: 'The body is not JSON (INVALID_JSON)',
            value: {
              error: {
                code: 'INVALID_JSON',
                message:
                  'The body is not valid JSON (Unexpected token \'c\', "{"cameraId": cam-01}" is not valid JSON): send a JSON object with "image" and "cameraId".',
              },
            },
          },
          invalidIdempotencyKey: {
            summary: 'A bad Idempotency-Key header (INVALID_IDEMPOTENCY_KEY)',
            value: {
              error: {
                code: 'INVALID_IDEMPOTENCY_KEY',
                message:
                  'The Idempotency-Key header must be 1 to 255 printable ASCII characters, such as a UUID.',
              },
            },
          },
          invalidBase64: {
            summary: 'image is not base64 (INVALID_BASE64)',
            value: {
              error: {
                code: 'INVALID_BASE64',
                message: '"image" is not valid base64: send the JPEG or PNG bytes base64-encoded.',
              },
            },
          },
          unsupportedFormat: {
            summary: 'image is neither JPEG nor PNG (UNSUPPORTED_FORMAT)',
            value: {
              error: {
                code: 'UNSUPPORTED_FORMAT',
                message: '"image" is not a JPEG or PNG: convert the frame to JPEG or PNG.',
              },
            },
          },
          badDimensions: {
            summary: 'image is too small or too large in pixels (BAD_DIMENSIONS)',
            value: {
              error: {
                code: 'BAD_DIMENSIONS',
                message:
                  '"image" is 5184x3456 pixels; Rekognition takes 64 to 4096 pixels on each side. Resize the frame.',
              },
            },
          },
          rejectedByRekognition: {
            summary:
              'Rekognition refused the image: stored as a rejection (REJECTED_BY_REKOGNITION)',
            value: {
              error: {
                code: 'REJECTED_BY_REKOGNITION',
                message:
                  'Rekognition refused the request; check the image is 64 to 4096 pixels on each side. (InvalidParameterException)',
                frameId: 'k-2c7e9a41d06b5f38e1a94c2d7b60f815',
              },
            },
          },
          rekognitionUnsupportedFormat: {
            summary:
              'Rekognition could not read the image: stored as a rejection (UNSUPPORTED_FORMAT)',
            value: {
              error: {
                code: 'UNSUPPORTED_FORMAT',
                message:
                  'Rekognition cannot read it as a JPEG or PNG; send a JPEG or PNG image. (InvalidImageFormatException)',
                frameId: '9e5b1d27-3c84-4f0a-b6d2-71a8e4c3f590',
              },
            },
          },
          unreadableImage: {
            summary:
              'Rekognition could not read the image: stored as a rejection (UNREADABLE_IMAGE)',
            value: {
              error: {
                code: 'UNREADABLE_IMAGE',
                message:
                  'Rekognition could not read the object; check it exists and is not KMS-encrypted. (InvalidS3ObjectException)',
                frameId: '0d6f2b84-51e9-4a3c-8f17-c9b2e5a06d43',
              },
            },
          },
          badRequest: {
            summary: 'Any other request API Gateway refuses (BAD_REQUEST)',
            value: {
              error: {
                code: 'BAD_REQUEST',
                message: 'Unsupported Media Type',
              },
            },
          },
        },
      },
      '403': 'Forbidden',
      '409': {
        description:
          'The first request with this `Idempotency-Key` is still being analysed: retry after `Retry-After` seconds with the same key, and get its answer.',
        headers: {
          'Retry-After': {
            $ref: '#/components/headers/RetryAfter',
          },
        },
        examples: {
          inProgress: {
            summary: 'An earlier request with this key is still in analysis',
            value: {
              error: {
                code: 'FRAME_IN_PROGRESS',
                message:
                  'The first request with this Idempotency-Key is still being analysed: retry in a few seconds.',
              },
            },
          },
        },
      },
      '413': {
        description:
          '`IMAGE_TOO_LARGE`: the image is over the 4 MB that Rekognition takes as bytes (or the body is over what API Gateway accepts, or Rekognition refused the image as too large, in which case the frame is stored as a rejection and the error carries its `frameId`). Upload such images to the ingest bucket (S3 path, up to 15 MB) instead.',
        headers: {
          'Idempotent-Replayed': {
            $ref: '#/components/headers/IdempotentReplayed',
          },
        },
        examples: {
          overFourMegabytes: {
            summary: 'The decoded image is over 4 MB',
            value: {
              error: {
                code: 'IMAGE_TOO_LARGE',
                message:
                  '"image" is 4.3 MB; Rekognition takes at most 4 MB as bytes. Upload larger images to the ingest bucket (S3 path, up to 15 MB) instead.',
              },
            },
          },
          gatewayLimit: {
            summary: 'The body is over the API Gateway limit',
            value: {
              error: {
                code: 'IMAGE_TOO_LARGE',
                message:
                  'Request body too large: upload large images to the ingest bucket under incoming/<cameraId>/ instead.',
              },
            },
          },
          rekognitionTooLarge: {
            summary: 'Rekognition refused the image as too large: stored as a rejection',
            value: {
              error: {
                code: 'IMAGE_TOO_LARGE',
                message:
                  'Rekognition takes at most 4096x4096 pixels and 15 MB from S3; resize the image. (ImageTooLargeException)',
                frameId: '6a3e8c15-0b7d-4f92-a4e1-d58c2b9f7e06',
              },
            },
          },
        },
      },
      '422': {
        description:
          "- `IDEMPOTENCY_KEY_REUSED`: this `Idempotency-Key` was already used, for this camera, with a different image, location, `requiredEquipment` or `minConfidence`: use a new key for every new frame.\n- `NO_RECORDING` (only the local runtime, `npm start`, with its replay detector): the replay has no recorded response for this image. The message says what to do: add a recording named after the image's sha256, start with `PPE_REPLAY_FALLBACK`, or use `PPE_DETECTOR=rekognition`. Nothing is stored; do not retry unchanged.",
        examples: {
          keyReused: {
            summary: 'The key belongs to another frame',
            value: {
              error: {
                code: 'IDEMPOTENCY_KEY_REUSED',
                message:
                  'This Idempotency-Key was already used for a different frame: use a new key for every new frame.',
              },
            },
          },
          noRecording: {
            summary: 'Local runtime only: the replay detector has no recording for the image',
            value: {
              error: {
                code: 'NO_RECORDING',
                message:
                  'Add a recording for this image (sha256 4e1f0c3a9b7d25e8f6a1c0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9): save its DetectProtectiveEquipment response as /home/me/ppe/local/samples/4e1f0c3a9b7d25e8f6a1c0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9.json; or restart with PPE_REPLAY_FALLBACK=/home/me/ppe/local/samples/empty-scene.json to answer every image without a recording as a scene with no persons; or with PPE_DETECTOR=rekognition to call Amazon Rekognition with your AWS credentials. The local replay detector has no recorded response for it.',
              },
            },
          },
        },
      },
      '429': 'Throttled',
      '500': {
        description:
          "`INTERNAL_ERROR`: an unexpected failure, logged with the request. No stack trace is returned. Retry (for `POST /frames`, with the same `Idempotency-Key`). API Gateway's own 5XX answers, with their own status (such as 502 when the function fails, 504 when it times out), carry the same body and code.\n\n`CONFIGURATION_ERROR`: Rekognition denied the call (AccessDeniedException). The message quotes Rekognition's, which names the denied action and the principal: the api-ingest function's role needs `rekognition:DetectProtectiveEquipment`. Nothing was stored; retry with the same `Idempotency-Key` once the role is fixed.",
        examples: {
          function: {
            summary: 'The function failed',
            value: {
              error: {
                code: 'INTERNAL_ERROR',
                message:
                  'The frame could not be analysed because of an internal error, which is logged: retry with the same Idempotency-Key.',
              },
            },
          },
          gateway: {
            summary: 'API Gateway could not reach the function',
            value: {
              error: {
                code: 'INTERNAL_ERROR',
                message:
                  'Internal error: retry later; quote the x-amzn-RequestId response header if it persists.',
              },
            },
          },
          configuration: {
            summary: "Rekognition denied the function's role (CONFIGURATION_ERROR)",
            value: {
              error: {
                code: 'CONFIGURATION_ERROR',
                message:
                  "Rekognition denied the call: the function's role needs rekognition:DetectProtectiveEquipment, and for an S3 upload it must be able to read the object (s3:GetObject, and kms:Decrypt if the object is encrypted with a KMS key). Fix the policy or the encryption, then retry. (AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/PpeDetection-ApiIngestFunctionRole-1A2B3C4D5E6F/PpeDetection-ApiIngestFunction is not authorized to perform: rekognition:DetectProtectiveEquipment because no identity-based policy allows the rekognition:DetectProtectiveEquipment action)",
              },
            },
          },
        },
      },
      '503': {
        description:
          "Rekognition is throttling (`DETECTOR_THROTTLED`, the account's DetectProtectiveEquipment quota) or unavailable (`DETECTOR_UNAVAILABLE`). Nothing was stored: retry after `Retry-After` seconds with the same `Idempotency-Key`. The results table may also be throttling (`STORE_THROTTLED`) or unavailable (`STORE_UNAVAILABLE`), or a commit lost to concurrent frames of the same camera more often than its retries allow; the frame was not stored: retry the same way.",
        headers: {
          'Retry-After': {
            $ref: '#/components/headers/RetryAfter',
          },
        },
        examples: {
          throttled: {
            summary: 'Rekognition is throttling (Retry-After: 2)',
            value: {
              error: {
                code: 'DETECTOR_THROTTLED',
                message:
                  'Rekognition is throttling requests: retry after the Retry-After seconds, with the same Idempotency-Key.',
              },
            },
          },
          unavailable: {
            summary: 'Rekognition is unavailable (Retry-After: 5)',
            value: {
              error: {
                code: 'DETECTOR_UNAVAILABLE',
                message:
                  'Rekognition is unavailable: retry after the Retry-After seconds, with the same Idempotency-Key.',
              },
            },
          },
          storeThrottled: {
            summary: 'DynamoDB is throttling (Retry-After: 2)',
            value: {
              error: {
                code: 'STORE_THROTTLED',
                message:
                  'The results table is busy: retry with the same Idempotency-Key after the Retry-After seconds.',
              },
            },
          },
          storeUnavailable: {
            summary: 'DynamoDB is unavailable (Retry-After: 5)',
            value: {
              error: {
                code: 'STORE_UNAVAILABLE',
                message:
                  'The results table is unavailable: retry with the same Idempotency-Key after the Retry-After seconds.',
              },
            },
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/frames/{frameId}',
    operationId: 'getFrame',
    tags: ['Frames'],
    summary: 'Read a stored frame result',
    description:
      'Returns a stored frame, whichever path it came in by: the result in the shape of the `POST /frames` response (`FrameResult`), or, for a frame that could not be analysed, its rejection (`FrameRejection`, `"status": "rejected"`). A frame uploaded to S3 a moment ago answers 404 until its analysis is stored. Results are kept for the configured result retention.',
    parameters: { path: framePathSchema },
    responses: {
      '200': {
        description: 'The stored result, or the stored rejection.',
        schema: storedFrameSchema,
        examples: {
          violation: {
            $ref: '#/components/examples/FrameResultViolation',
          },
          compliant: {
            $ref: '#/components/examples/FrameResultCompliant',
          },
          rejected: {
            summary: 'A frame that Rekognition could not read',
            value: {
              frameId: 's3-7d41c0e2b95a4f68a3e0d17c52b9f6a4',
              cameraId: 'cam-01',
              location: 'plant-3/line-2',
              capturedAt: '2026-11-27T08:59:40.000Z',
              source: 's3',
              status: 'rejected',
              rejection: {
                reason: 'not-an-image',
                message:
                  'Rekognition cannot read it as a JPEG or PNG; send a JPEG or PNG image. (InvalidImageFormatException)',
              },
            },
          },
        },
      },
      '400': {
        description:
          '`INVALID_FRAME_ID`: the id in the path cannot be a frame id (letters, digits and "-", at most 80). API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
        examples: {
          invalidFrameId: {
            summary: 'Not a frame id',
            value: {
              error: {
                code: 'INVALID_FRAME_ID',
                message:
                  'The frame id in the path must be the "frameId" of a POST /frames response: letters, digits and "-".',
              },
            },
          },
          missingParameter: {
            summary: 'API Gateway found no frame id in the path (INVALID_PARAMETER)',
            value: {
              error: {
                code: 'INVALID_PARAMETER',
                message: 'Missing required request parameters: [frameId]',
              },
            },
          },
        },
      },
      '403': 'Forbidden',
      '404': {
        description:
          '`FRAME_NOT_FOUND`: no stored result for this id, because the id is wrong, the result has expired, or an S3 upload is still in analysis.',
        examples: {
          notFound: {
            summary: 'No such frame (yet)',
            value: {
              error: {
                code: 'FRAME_NOT_FOUND',
                message:
                  'No stored result for frame s3-0c9f3a7d1e4b8562a9d07f1c3e6b2a58: check the id; a frame uploaded to S3 a moment ago may still be in analysis.',
              },
            },
          },
        },
      },
      '429': 'Throttled',
      '500': 'InternalError',
      '503': 'StoreUnavailable',
    },
  },
  {
    method: 'get',
    path: '/cameras/{cameraId}/frames',
    operationId: 'listCameraFrames',
    tags: ['Cameras'],
    summary: "Page through a camera's frames",
    description:
      "The frames of one camera, newest first (by capture time), as timeline entries: each frame's status, summary and missing equipment, without per-person detail (read that with `GET /frames/{frameId}`). Filter by capture time (`from` inclusive, `to` exclusive) and by frame status. A page holds at most `limit` entries and may hold fewer even when more follow: keep requesting with `nextToken` until a page comes without one. A token is only valid for the camera and filters that produced it.",
    parameters: { path: cameraPathSchema, query: cameraFramesQuerySchema },
    responses: {
      '200': {
        description:
          "One page of the camera's frames, newest first; `nextToken` when more may follow.",
        schema: cameraFramesSchema,
        examples: {
          page: {
            summary: 'A page of three frames, with more to follow',
            value: {
              cameraId: 'cam-01',
              items: [
                {
                  frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
                  capturedAt: '2026-11-27T09:00:05.000Z',
                  status: 'compliant',
                  source: 'api',
                  location: 'plant-3/line-2',
                  policy: 'default',
                  requiredEquipment: ['FACE_COVER'],
                  minConfidence: 80,
                  summary: {
                    personsWithRequiredEquipment: [0, 1, 2, 3],
                    personsWithoutRequiredEquipment: [],
                    personsIndeterminate: [],
                  },
                  personsTotal: 4,
                  missingEquipment: [],
                  alert: false,
                },
                {
                  frameId: '3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90',
                  capturedAt: '2026-11-27T09:00:00.000Z',
                  status: 'violation',
                  source: 'api',
                  location: 'plant-3/line-2',
                  policy: 'default',
                  requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
                  minConfidence: 80,
                  summary: {
                    personsWithRequiredEquipment: [],
                    personsWithoutRequiredEquipment: [0, 1, 2, 3],
                    personsIndeterminate: [],
                  },
                  personsTotal: 4,
                  missingEquipment: ['HAND_COVER'],
                  alert: true,
                  alertState: 'sent',
                },
                {
                  frameId: 's3-7d41c0e2b95a4f68a3e0d17c52b9f6a4',
                  capturedAt: '2026-11-27T08:59:40.000Z',
                  status: 'rejected',
                  source: 's3',
                  location: 'plant-3/line-2',
                  personsTotal: 0,
                  missingEquipment: [],
                  rejection: {
                    reason: 'not-an-image',
                    message:
                      'Rekognition cannot read it as a JPEG or PNG; send a JPEG or PNG image. (InvalidImageFormatException)',
                  },
                },
              ],
              nextToken:
                'eyJjIjp7InBrIjoiRlJBTUUjczMtN2Q0MWMwZTJiOTVhNGY2OGEzZTBkMTdjNTJiOWY2YTQiLCJzayI6IkZSQU1FIiwiZ3NpMXBrIjoiQ0FNRVJBI2NhbS0wMSIsImdzaTFzayI6IjIwMjYtMTEtMjdUMDg6NTk6NDAuMDAwWiNzMy03ZDQxYzBlMmI5NWE0ZjY4YTNlMGQxN2M1MmI5ZjZhNCJ9LCJzIjoiMWpILXpTNUw2aWRwT1Z6SyJ9',
            },
          },
          empty: {
            summary: 'No frames match',
            value: {
              cameraId: 'cam-09',
              items: [],
            },
          },
        },
      },
      '400': {
        description:
          '`INVALID_CAMERA_ID`: the camera id in the path is malformed. `INVALID_QUERY`: a query parameter is malformed or unknown, `from` is not before `to`, or `nextToken` was not issued for this camera and these filters. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
        examples: {
          invalidCameraId: {
            summary: 'A malformed camera id',
            value: {
              error: {
                code: 'INVALID_CAMERA_ID',
                message:
                  'The camera id in the path must be 1 to 64 letters, digits, ".", "_" or "-".',
              },
            },
          },
          missingParameter: {
            summary: 'API Gateway found no camera id in the path (INVALID_PARAMETER)',
            value: {
              error: {
                code: 'INVALID_PARAMETER',
                message: 'Missing required request parameters: [cameraId]',
              },
            },
          },
          invalidLimit: {
            summary: 'limit out of range',
            value: {
              error: {
                code: 'INVALID_QUERY',
                message: 'Query parameter "limit" must be a whole number from 1 to 100.',
              },
            },
          },
          invalidStatus: {
            summary: 'An unknown status',
            value: {
              error: {
                code: 'INVALID_QUERY',
                message:
                  'Query parameter "status" must be one of violation, indeterminate, compliant, rejected.',
              },
            },
          },
          foreignToken: {
            summary: 'A nextToken from another query',
            value: {
              error: {
                code: 'INVALID_QUERY',
                message:
                  'Query parameter "nextToken" was not issued for this camera and filter: repeat the query without it.',
              },
            },
          },
        },
      },
      '403': 'Forbidden',
      '429': 'Throttled',
      '500': 'InternalError',
      '503': 'StoreUnavailable',
    },
  },
  {
    method: 'get',
    path: '/reports/compliance',
    operationId: 'getComplianceReport',
    tags: ['Reports'],
    summary: 'Compliance report',
    description:
      'Counts of frames, persons and verdicts per camera or per location, bucketed per hour or per UTC day, with each group\'s total and compliance rate (compliant / (compliant + violations)). The period is rounded out to whole hours (`from` down, `to` up) and defaults to the 7 days up to now; it may span at most 92 days. Groups are sorted by camera or location; buckets run oldest first, and only buckets and groups with stored frames appear. Frames without a location group under `""`.',
    parameters: { query: complianceQuerySchema },
    responses: {
      '200': {
        description: 'The report.',
        schema: complianceReportSchema,
        examples: {
          perCameraPerDay: {
            summary: 'Two days, per camera and day',
            value: {
              from: '2026-11-25T00:00:00.000Z',
              to: '2026-11-27T00:00:00.000Z',
              groupBy: 'camera',
              interval: 'day',
              groups: [
                {
                  camera: 'cam-01',
                  buckets: [
                    {
                      start: '2026-11-25T00:00:00.000Z',
                      frames: 412,
                      rejected: 3,
                      persons: 1175,
                      compliant: 1092,
                      violations: 61,
                      indeterminate: 22,
                      violationsByEquipment: {
                        HEAD_COVER: 17,
                        HAND_COVER: 48,
                      },
                      complianceRate: 0.9471,
                    },
                    {
                      start: '2026-11-26T00:00:00.000Z',
                      frames: 388,
                      rejected: 1,
                      persons: 1090,
                      compliant: 1041,
                      violations: 35,
                      indeterminate: 14,
                      violationsByEquipment: {
                        HEAD_COVER: 8,
                        HAND_COVER: 29,
                      },
                      complianceRate: 0.9675,
                    },
                  ],
                  total: {
                    frames: 800,
                    rejected: 4,
                    persons: 2265,
                    compliant: 2133,
                    violations: 96,
                    indeterminate: 36,
                    violationsByEquipment: {
                      HEAD_COVER: 25,
                      HAND_COVER: 77,
                    },
                    complianceRate: 0.9569,
                  },
                },
                {
                  camera: 'cam-07',
                  buckets: [
                    {
                      start: '2026-11-26T00:00:00.000Z',
                      frames: 2,
                      rejected: 0,
                      persons: 0,
                      compliant: 0,
                      violations: 0,
                      indeterminate: 0,
                      violationsByEquipment: {},
                      complianceRate: null,
                    },
                  ],
                  total: {
                    frames: 2,
                    rejected: 0,
                    persons: 0,
                    compliant: 0,
                    violations: 0,
                    indeterminate: 0,
                    violationsByEquipment: {},
                    complianceRate: null,
                  },
                },
              ],
            },
          },
        },
      },
      '400': {
        description:
          '`INVALID_QUERY`: a query parameter is malformed or unknown, `from` is not before `to`, or the period spans more than 92 days. API Gateway may also answer `INVALID_PARAMETER` or `BAD_REQUEST`.',
        examples: {
          invalidInterval: {
            summary: 'An unknown interval',
            value: {
              error: {
                code: 'INVALID_QUERY',
                message: 'Query parameter "interval" must be hour or day.',
              },
            },
          },
          dateWithoutTime: {
            summary: 'A date without time and zone',
            value: {
              error: {
                code: 'INVALID_QUERY',
                message:
                  'Query parameter "from" must be an ISO 8601 date-time with a time zone, such as 2026-11-27T09:00:00Z.',
              },
            },
          },
          tooLong: {
            summary: 'A period over 92 days',
            value: {
              error: {
                code: 'INVALID_QUERY',
                message:
                  'Query parameters "from" and "to" may span at most 92 days: split the report.',
              },
            },
          },
        },
      },
      '403': 'Forbidden',
      '429': 'Throttled',
      '500': 'InternalError',
      '503': 'StoreUnavailable',
    },
  },
];
