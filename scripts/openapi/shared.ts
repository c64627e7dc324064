import * as z from 'zod';
import type { Example, Header, RouteResponse } from './route.js';

/** The document's `info`: what the API is, and how to call it. */
export const INFO = {
  title: 'PPE detection API',
  version: '1.0.0',
  summary:
    'Frames in; per-person protective-equipment verdicts, camera timelines and compliance reports out.',
  description:
    'The REST API of the serverless PPE-detection backend: send a camera frame and get, for every person in it, whether they wear the protective equipment the area requires (Amazon Rekognition DetectProtectiveEquipment); read stored results back, page through a camera\'s timeline, and get compliance reports.\n\n**Base URL.** API Gateway (REST, regional) serves the stage `v1`: the stack output `ApiUrl` is `https://{restApiId}.execute-api.{region}.amazonaws.com/v1/`.\n\n**Authentication.** Every route requires AWS IAM: sign each request with AWS Signature Version 4 for the service `execute-api` in the stack\'s region (for example `curl --aws-sigv4 "aws:amz:$AWS_REGION:execute-api"`), as an identity allowed `execute-api:Invoke` on the API. Temporary credentials also send `X-Amz-Security-Token`.\n\n**Errors.** Every error has the body `{"error": {"code": "...", "message": "..."}}`, whether a function answered or API Gateway itself (authentication, throttling, request validation, size limits). Branch on `code`; `message` names the field or parameter and says what to do. Codes are upper-case and stable; messages may change.\n\n**Alerts** are not HTTP responses: a frame with a violation is published to the SNS alert topic (stack output `AlertTopicArn`); its message body is the schema `Alert` below. Violations that a camera\'s cooldown held back and no later alert reported are published as one digest per camera within a minute of the cooldown\'s end: the schema `AlertDigest`.\n\n**Large images.** `POST /frames` takes images of at most 4 MB (Rekognition\'s limit for image bytes). Upload larger ones, up to 15 MB, to the ingest bucket under `incoming/<cameraId>/`; their results are read with the same `GET` routes.',
  license: {
    name: 'MIT-0',
    identifier: 'MIT-0',
  },
};

/** Where the API is served: the stack output `ApiUrl`. */
export const SERVERS = [
  {
    url: 'https://{restApiId}.execute-api.{region}.amazonaws.com/v1',
    description: 'The deployed stage `v1`: the stack output `ApiUrl`.',
    variables: {
      restApiId: {
        default: 'a1b2c3d4e5',
        description: 'The id of the REST API (in the `ApiUrl` output).',
      },
      region: {
        default: 'eu-west-1',
        description: 'The region the stack is deployed in.',
      },
    },
  },
];

/** The groups the routes are listed under. */
export const TAGS = [
  {
    name: 'Frames',
    description: 'Analyse a frame and read its stored result.',
  },
  {
    name: 'Cameras',
    description: 'What a camera saw, frame by frame.',
  },
  {
    name: 'Reports',
    description: 'Compliance over time, per camera or location.',
  },
];

/** API Gateway's IAM authorization, as OpenAPI tools and API Gateway's import understand it. */
export const SECURITY_SCHEMES = {
  sigv4: {
    type: 'apiKey',
    name: 'Authorization',
    in: 'header',
    description:
      'AWS IAM authorization: AWS Signature Version 4 for the service `execute-api`, in the `Authorization` header (with `X-Amz-Date`, and `X-Amz-Security-Token` for temporary credentials). The signing identity needs `execute-api:Invoke` on the API.',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  },
};

/** Response headers that several routes send. */
export const HEADERS: Record<string, Header> = {
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    schema: z.int().min(1),
    example: 2,
  },
  IdempotentReplayed: {
    description:
      'Present, as `true`, when the answer is the stored outcome of an earlier request with the same `Idempotency-Key`: no second Rekognition call, record or alert was made.',
    schema: z.enum(['true']),
  },
};

/** Error responses that several routes share (the error body, with their codes as examples). */
export const RESPONSES: Record<string, RouteResponse> = {
  Forbidden: {
    description:
      'Not authenticated or not allowed, answered by API Gateway before any function runs: `UNAUTHENTICATED` for an unsigned request (and for a method or path that does not exist, which API Gateway cannot tell apart), a signature that does not match, or expired credentials; `FORBIDDEN` when the signing identity lacks `execute-api:Invoke` on the route. IAM authentication never answers 401. Any other error that API Gateway answers itself comes with the code `BAD_REQUEST` and its own message.',
    examples: {
      unsigned: {
        summary: 'Unsigned request, or no such route',
        value: {
          error: {
            code: 'UNAUTHENTICATED',
            message:
              'Missing authentication, or no such route: sign the request with AWS Signature Version 4 (service execute-api), and check the method and path against openapi.json.',
          },
        },
      },
      notAllowed: {
        summary: 'Signed, but the identity may not invoke the route',
        value: {
          error: {
            code: 'FORBIDDEN',
            message:
              'User: arn:aws:sts::123456789012:assumed-role/camera-gateway/plant-3 is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:********2012:a1b2c3d4e5/v1/POST/frames',
          },
        },
      },
      badSignature: {
        summary: 'Signature does not match',
        value: {
          error: {
            code: 'UNAUTHENTICATED',
            message:
              'The request signature does not match: sign with AWS Signature Version 4 for service execute-api, over the exact body and path.',
          },
        },
      },
      expired: {
        summary: 'Expired credentials',
        value: {
          error: {
            code: 'UNAUTHENTICATED',
            message: 'The credentials have expired: refresh them and sign the request again.',
          },
        },
      },
      otherGatewayError: {
        summary: 'Another error answered by API Gateway',
        value: {
          error: {
            code: 'BAD_REQUEST',
            message: 'Invalid key=value pair (missing equal-sign) in Authorization header.',
          },
        },
      },
    },
  },
  Throttled: {
    description:
      "`THROTTLED`: the stage's request rate or burst limit (configured by `apiRateLimit` and `apiBurstLimit`) is exceeded. Retry after a short, growing delay.",
    examples: {
      throttled: {
        summary: 'Too many requests',
        value: {
          error: {
            code: 'THROTTLED',
            message: 'Too many requests: retry after a short, growing delay.',
          },
        },
      },
    },
  },
  InternalError: {
    description:
      "`INTERNAL_ERROR`: an unexpected failure, logged with the request. No stack trace is returned. Retry (for `POST /frames`, with the same `Idempotency-Key`). API Gateway's own 5XX answers, with their own status (such as 502 when the function fails, 504 when it times out), carry the same body and code.",
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
    },
  },
  StoreUnavailable: {
    description:
      'DynamoDB is throttling (`STORE_THROTTLED`) or unavailable (`STORE_UNAVAILABLE`): retry after `Retry-After` seconds.',
    headers: {
      'Retry-After': {
        $ref: '#/components/headers/RetryAfter',
      },
    },
    examples: {
      storeThrottled: {
        summary: 'DynamoDB is throttling (Retry-After: 2)',
        value: {
          error: {
            code: 'STORE_THROTTLED',
            message: 'The results table is busy: retry after the Retry-After seconds.',
          },
        },
      },
      storeUnavailable: {
        summary: 'DynamoDB is unavailable (Retry-After: 5)',
        value: {
          error: {
            code: 'STORE_UNAVAILABLE',
            message: 'The results table is unavailable: retry after the Retry-After seconds.',
          },
        },
      },
    },
  },
};

/** Whole results that several responses show. */
export const EXAMPLES: Record<string, Example> = {
  FrameResultViolation: {
    summary:
      'Four workers without gloves: real Rekognition detections, with FACE_COVER and HAND_COVER required',
    value: {
      frameId: '3f0c9a52-6d1e-4b8a-9f47-2c5e8d1b7a90',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:00.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
      minConfidence: 80,
      policy: 'default',
      status: 'violation',
      modelVersion: '1.0',
      summary: {
        personsWithRequiredEquipment: [],
        personsWithoutRequiredEquipment: [0, 1, 2, 3],
        personsIndeterminate: [],
      },
      persons: [
        {
          personId: 0,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.974,
          boundingBox: {
            left: 0.702604,
            top: 0.157031,
            width: 0.222917,
            height: 0.824219,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.077,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 99.763,
                  boundingBox: {
                    left: 0.753747,
                    top: 0.260886,
                    width: 0.068054,
                    height: 0.093818,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 99.257,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.115,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.969,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.483,
                  coversBodyPart: true,
                  coversConfidence: 99.997,
                  boundingBox: {
                    left: 0.745578,
                    top: 0.162041,
                    width: 0.093582,
                    height: 0.107539,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 1,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.996,
          boundingBox: {
            left: 0.494271,
            top: 0.242969,
            width: 0.219792,
            height: 0.742969,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.713,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.961,
                  coversBodyPart: true,
                  coversConfidence: 96.604,
                  boundingBox: {
                    left: 0.577518,
                    top: 0.336714,
                    width: 0.057328,
                    height: 0.073234,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 98.096,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 95.691,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.997,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 97.718,
                  coversBodyPart: true,
                  coversConfidence: 99.945,
                  boundingBox: {
                    left: 0.564139,
                    top: 0.239458,
                    width: 0.079945,
                    height: 0.084795,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 2,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.986,
          boundingBox: {
            left: 0.121875,
            top: 0.267969,
            width: 0.194792,
            height: 0.722656,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 98.421,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.978,
                  coversBodyPart: true,
                  coversConfidence: 95.939,
                  boundingBox: {
                    left: 0.225349,
                    top: 0.357517,
                    width: 0.057568,
                    height: 0.078833,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 92.425,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 96.88,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.987,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 90.256,
                  coversBodyPart: true,
                  coversConfidence: 99.991,
                  boundingBox: {
                    left: 0.205294,
                    top: 0.265236,
                    width: 0.087276,
                    height: 0.094969,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 3,
          status: 'violation',
          missingEquipment: ['HAND_COVER'],
          uncertainEquipment: [],
          confidence: 99.989,
          boundingBox: {
            left: 0.31875,
            top: 0.292188,
            width: 0.185417,
            height: 0.6875,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.323,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 98.565,
                  boundingBox: {
                    left: 0.380871,
                    top: 0.393161,
                    width: 0.055802,
                    height: 0.064051,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 96.117,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.493,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.919,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.81,
                  coversBodyPart: true,
                  coversConfidence: 99.693,
                  boundingBox: {
                    left: 0.366796,
                    top: 0.287503,
                    width: 0.081052,
                    height: 0.07953,
                  },
                },
              ],
            },
          ],
        },
      ],
      alert: true,
    },
  },
  FrameResultCompliant: {
    summary:
      'The same four workers with FACE_COVER required: the real Rekognition response and Summary, sent with an Idempotency-Key',
    value: {
      frameId: 'k-9b1f4e7a2c6d8035e1a4b7c9d2f60e18',
      cameraId: 'cam-01',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:05.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER'],
      minConfidence: 80,
      policy: 'default',
      status: 'compliant',
      modelVersion: '1.0',
      summary: {
        personsWithRequiredEquipment: [0, 1, 2, 3],
        personsWithoutRequiredEquipment: [],
        personsIndeterminate: [],
      },
      persons: [
        {
          personId: 0,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.974,
          boundingBox: {
            left: 0.702604,
            top: 0.157031,
            width: 0.222917,
            height: 0.824219,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.077,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 99.763,
                  boundingBox: {
                    left: 0.753747,
                    top: 0.260886,
                    width: 0.068054,
                    height: 0.093818,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 99.257,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.115,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.969,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.483,
                  coversBodyPart: true,
                  coversConfidence: 99.997,
                  boundingBox: {
                    left: 0.745578,
                    top: 0.162041,
                    width: 0.093582,
                    height: 0.107539,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 1,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.996,
          boundingBox: {
            left: 0.494271,
            top: 0.242969,
            width: 0.219792,
            height: 0.742969,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.713,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.961,
                  coversBodyPart: true,
                  coversConfidence: 96.604,
                  boundingBox: {
                    left: 0.577518,
                    top: 0.336714,
                    width: 0.057328,
                    height: 0.073234,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 98.096,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 95.691,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.997,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 97.718,
                  coversBodyPart: true,
                  coversConfidence: 99.945,
                  boundingBox: {
                    left: 0.564139,
                    top: 0.239458,
                    width: 0.079945,
                    height: 0.084795,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 2,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.986,
          boundingBox: {
            left: 0.121875,
            top: 0.267969,
            width: 0.194792,
            height: 0.722656,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 98.421,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.978,
                  coversBodyPart: true,
                  coversConfidence: 95.939,
                  boundingBox: {
                    left: 0.225349,
                    top: 0.357517,
                    width: 0.057568,
                    height: 0.078833,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 92.425,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 96.88,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.987,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 90.256,
                  coversBodyPart: true,
                  coversConfidence: 99.991,
                  boundingBox: {
                    left: 0.205294,
                    top: 0.265236,
                    width: 0.087276,
                    height: 0.094969,
                  },
                },
              ],
            },
          ],
        },
        {
          personId: 3,
          status: 'compliant',
          missingEquipment: [],
          uncertainEquipment: [],
          confidence: 99.989,
          boundingBox: {
            left: 0.31875,
            top: 0.292188,
            width: 0.185417,
            height: 0.6875,
          },
          bodyParts: [
            {
              name: 'FACE',
              confidence: 99.323,
              equipment: [
                {
                  type: 'FACE_COVER',
                  confidence: 99.984,
                  coversBodyPart: true,
                  coversConfidence: 98.565,
                  boundingBox: {
                    left: 0.380871,
                    top: 0.393161,
                    width: 0.055802,
                    height: 0.064051,
                  },
                },
              ],
            },
            {
              name: 'LEFT_HAND',
              confidence: 96.117,
              equipment: [],
            },
            {
              name: 'RIGHT_HAND',
              confidence: 80.493,
              equipment: [],
            },
            {
              name: 'HEAD',
              confidence: 99.919,
              equipment: [
                {
                  type: 'HEAD_COVER',
                  confidence: 98.81,
                  coversBodyPart: true,
                  coversConfidence: 99.693,
                  boundingBox: {
                    left: 0.366796,
                    top: 0.287503,
                    width: 0.081052,
                    height: 0.07953,
                  },
                },
              ],
            },
          ],
        },
      ],
      alert: false,
    },
  },
};
