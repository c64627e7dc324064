import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import * as z from 'zod';
import { gatewayErrorBody } from '../../lib/ingest-api.js';
import type { Header, RouteResponse } from './route.js';

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
  {
    name: 'Reviews',
    description: 'Persons in violation, and what reviewers decided about them.',
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
        value: gatewayErrorBody(ResponseType.MISSING_AUTHENTICATION_TOKEN),
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
        value: gatewayErrorBody(ResponseType.INVALID_SIGNATURE),
      },
      expired: {
        summary: 'Expired credentials',
        value: gatewayErrorBody(ResponseType.EXPIRED_TOKEN),
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
        value: gatewayErrorBody(ResponseType.THROTTLED),
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
        value: gatewayErrorBody(ResponseType.DEFAULT_5XX),
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
