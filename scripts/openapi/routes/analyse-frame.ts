import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { frameRequestSchema } from '../../../lambda/schemas/frame-request.js';
import { frameResultSchema } from '../../../lambda/schemas/frame-result.js';
import { frameHeadersSchema } from '../../../lambda/schemas/parameters.js';
import { gatewayErrorBody } from '../../../lib/ingest-api.js';

import type { Route } from '../route.js';

/** POST /frames: analyse a frame. */
export const ANALYSE_FRAME: Route = {
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
          value: gatewayErrorBody(ResponseType.BAD_REQUEST_BODY),
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
          summary: 'Rekognition refused the image: stored as a rejection (REJECTED_BY_REKOGNITION)',
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
          summary: 'Rekognition could not read the image: stored as a rejection (UNREADABLE_IMAGE)',
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
          value: gatewayErrorBody(ResponseType.REQUEST_TOO_LARGE),
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
          value: gatewayErrorBody(ResponseType.DEFAULT_5XX),
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
};
