import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  type IModel,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS } from '../lambda/handlers/cors.js';
import { frameRequestSchema } from '../lambda/schemas/frame-request.js';
import { MIN_CONFIDENCE_RANGE } from '../lambda/schemas/min-confidence.js';
import { violationsQuerySchema } from '../lambda/schemas/read-queries.js';
import { requestModelSchema } from './request-model.js';

/** Props of {@link IngestApi}. */
export interface IngestApiProps {
  /** Handles `POST /frames`: analyses one base64 image. */
  readonly ingestFunction: IFunction;
  /** Handles `GET /frames/{frameId}`: returns a stored result. */
  readonly getFrameFunction: IFunction;
  /**
   * Handles `GET /cameras`, `GET /cameras/{cameraId}/frames`, `GET /violations` and
   * `GET /reports/compliance`: the read side.
   */
  readonly queryFunction: IFunction;
  /**
   * Handles `PUT /frames/{frameId}/persons/{personId}/review` and `GET /frames/{frameId}/reviews`.
   */
  readonly reviewFunction: IFunction;
  /** Steady-state requests per second the stage accepts before answering 429. */
  readonly rateLimit: number;
  /** Requests the stage accepts in a burst above the rate before answering 429. */
  readonly burstLimit: number;
  /**
   * The console's origins (https, as `consoleOrigins` gives them): every resource answers their
   * CORS preflight without authentication, and every gateway error carries
   * `Access-Control-Allow-Origin`. The functions add the header to their own answers.
   * @default none: no preflight, no CORS headers
   */
  readonly consoleOrigins?: readonly string[];
  /**
   * How long access logs are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly accessLogRetention?: RetentionDays;
}

/**
 * API Gateway's answer for a body that fails the request model: every rule the model checks, since
 * the gateway cannot say which one failed.
 */
export const INVALID_BODY_MESSAGE =
  'Invalid request body: send a JSON object with image (a base64 JPEG or PNG of at most 4 MB; ' +
  'larger images go to the ingest bucket) and cameraId (1 to 64 of A-Z, a-z, 0-9, dot, ' +
  'underscore, hyphen); capturedAt, if given, is an ISO 8601 date-time with a time zone; ' +
  'location, if given, is 1 to 256 characters; requiredEquipment, if given, lists FACE_COVER, ' +
  `HEAD_COVER or HAND_COVER, and minConfidence, if given, is ${MIN_CONFIDENCE_RANGE}.`;

/** Stands for API Gateway's own message, `$context.error.messageString`, in {@link GATEWAY_ERRORS}. */
const GATEWAY_MESSAGE = Symbol('API Gateway message');

/**
 * Errors that API Gateway answers itself, rewritten to the contract's error body
 * `{"error": {"code", "message"}}` so clients parse one shape whatever answered.
 *
 * Gateway response templates are not run by VTL: they only substitute variables, so nothing can
 * be escaped in them. The message is therefore either a fixed text (JSON-encoded here) or
 * `$context.error.messageString`, which API Gateway inserts as a quoted JSON string. The raw
 * `$context.error.message` and `validationErrorString` never appear: they hold double quotes.
 */
const GATEWAY_ERRORS: ReadonlyArray<{
  type: ResponseType;
  code: string;
  message: string | typeof GATEWAY_MESSAGE;
}> = [
  {
    type: ResponseType.BAD_REQUEST_BODY,
    code: 'INVALID_FIELD',
    message: INVALID_BODY_MESSAGE,
  },
  {
    type: ResponseType.BAD_REQUEST_PARAMETERS,
    code: 'INVALID_PARAMETER',
    message: GATEWAY_MESSAGE,
  },
  { type: ResponseType.ACCESS_DENIED, code: 'FORBIDDEN', message: GATEWAY_MESSAGE },
  {
    type: ResponseType.INVALID_SIGNATURE,
    code: 'UNAUTHENTICATED',
    message:
      'The request signature does not match: sign with AWS Signature Version 4 for service execute-api, over the exact body and path.',
  },
  {
    type: ResponseType.EXPIRED_TOKEN,
    code: 'UNAUTHENTICATED',
    message: 'The credentials have expired: refresh them and sign the request again.',
  },
  {
    type: ResponseType.MISSING_AUTHENTICATION_TOKEN,
    code: 'UNAUTHENTICATED',
    message:
      'Missing authentication, or no such route: sign the request with AWS Signature Version 4 (service execute-api), and check the method and path against openapi.json.',
  },
  { type: ResponseType.UNAUTHORIZED, code: 'UNAUTHENTICATED', message: GATEWAY_MESSAGE },
  {
    type: ResponseType.THROTTLED,
    code: 'THROTTLED',
    message: 'Too many requests: retry after a short, growing delay.',
  },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    code: 'IMAGE_TOO_LARGE',
    message:
      'Request body too large: upload large images to the ingest bucket under incoming/<cameraId>/ instead.',
  },
  { type: ResponseType.DEFAULT_4XX, code: 'BAD_REQUEST', message: GATEWAY_MESSAGE },
  {
    type: ResponseType.DEFAULT_5XX,
    code: 'INTERNAL_ERROR',
    message:
      'Internal error: retry later; quote the x-amzn-RequestId response header if it persists.',
  },
];

/**
 * The body API Gateway answers for one of its own errors that has a fixed message: the examples in
 * openapi.json are made from it, so they show what the gateway sends.
 */
export function gatewayErrorBody(type: ResponseType): { error: { code: string; message: string } } {
  const found = GATEWAY_ERRORS.find((entry) => entry.type.responseType === type.responseType);
  if (!found || found.message === GATEWAY_MESSAGE) {
    throw new Error(`API Gateway's ${type.responseType} has no fixed message`);
  }
  return { error: { code: found.code, message: found.message } };
}

/** The gateway response body: the contract's error shape, valid JSON whatever API Gateway says. */
function gatewayErrorTemplate(code: string, message: string | typeof GATEWAY_MESSAGE): string {
  const value =
    message === GATEWAY_MESSAGE ? '$context.error.messageString' : JSON.stringify(message);
  return `{"error":{"code":${JSON.stringify(code)},"message":${value}}}`;
}

/**
 * The CORS headers of the gateway's own errors. A gateway response cannot choose among origins:
 * one origin is sent as it is; with several, the request's Origin is echoed, which exposes only
 * the gateway's error bodies (the functions' answers check the origin themselves).
 */
function gatewayCorsHeaders(origins: readonly string[]): Record<string, string> {
  if (origins.length === 0) return {};
  return {
    'Access-Control-Allow-Origin':
      origins.length === 1 ? `'${origins[0]}'` : 'method.request.header.Origin',
    'Access-Control-Allow-Headers': `'${CORS_ALLOW_HEADERS.join(',')}'`,
    Vary: "'Origin'",
  };
}

/** One JSON line per request, with latency and error fields for troubleshooting. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  `{${[
    ['requestId', AccessLogField.contextRequestId()],
    ['requestTime', AccessLogField.contextRequestTime()],
    ['ip', AccessLogField.contextIdentitySourceIp()],
    ['caller', AccessLogField.contextIdentityCaller()],
    ['userArn', AccessLogField.contextIdentityUserArn()],
    ['httpMethod', AccessLogField.contextHttpMethod()],
    ['resourcePath', AccessLogField.contextResourcePath()],
    ['status', AccessLogField.contextStatus()],
    ['protocol', AccessLogField.contextProtocol()],
    ['responseLength', AccessLogField.contextResponseLength()],
    ['responseLatency', AccessLogField.contextResponseLatency()],
    ['integrationLatency', AccessLogField.contextIntegrationLatency()],
    ['integrationError', AccessLogField.contextIntegrationErrorMessage()],
    ['xrayTraceId', AccessLogField.contextXrayTraceId()],
    ['errorType', AccessLogField.contextErrorResponseType()],
    ['error', AccessLogField.contextErrorMessage()],
  ]
    .map(([key, value]) => `"${key}":"${value}"`)
    .join(',')}}`,
);

/**
 * The authenticated REST API in front of the two API functions.
 *
 * Every method requires IAM (SigV4) authorization: cameras and gateways are machines that
 * hold AWS credentials (IAM Roles Anywhere, IoT credential provider, or an IAM user),
 * so no user pool is needed. API Gateway rejects malformed bodies before they cost a
 * Lambda invocation or a Rekognition call.
 */
export class IngestApi extends Construct {
  /** The REST API. */
  public readonly api: RestApi;
  /** Model of the `POST /frames` body. */
  public readonly frameRequestModel: IModel;
  /** Validates the declared parameters and bodies of every method. */
  private readonly validator: RequestValidator;

  public constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    const origins = props.consoleOrigins ?? [];

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.api = new RestApi(this, 'Api', {
      description: 'PPE detection: frames in, results, timelines and compliance reports out',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      ...(origins.length > 0
        ? {
            // OPTIONS on every resource, a mock without authorization: browsers send
            // preflights without credentials.
            defaultCorsPreflightOptions: {
              allowOrigins: [...origins],
              allowMethods: [...CORS_ALLOW_METHODS],
              allowHeaders: [...CORS_ALLOW_HEADERS],
              maxAge: Duration.minutes(10),
            },
          }
        : {}),
      deployOptions: {
        stageName: 'v1',
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
      },
    });

    for (const { type, code, message } of GATEWAY_ERRORS) {
      this.api.addGatewayResponse(`${type.responseType}Response`, {
        type,
        responseHeaders: {
          'Content-Type': "'application/json'",
          ...gatewayCorsHeaders(origins),
        },
        templates: { 'application/json': gatewayErrorTemplate(code, message) },
      });
    }

    this.validator = new RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const validator = this.validator;

    this.frameRequestModel = this.api.addModel('FrameRequest', {
      contentType: 'application/json',
      schema: requestModelSchema(frameRequestSchema, 'FrameRequest'),
    });

    const frames = this.api.root.addResource('frames');
    frames.addMethod(
      'POST',
      new LambdaIntegration(props.ingestFunction, { allowTestInvoke: false }),
      {
        requestValidator: validator,
        requestModels: { 'application/json': this.frameRequestModel },
      },
    );
    frames
      .addResource('{frameId}')
      .addMethod('GET', new LambdaIntegration(props.getFrameFunction, { allowTestInvoke: false }), {
        requestValidator: validator,
        requestParameters: { 'method.request.path.frameId': true },
      });

    // The read side: optional query strings are declared, and validated by the function.
    const queries = new LambdaIntegration(props.queryFunction, { allowTestInvoke: false });
    const optional = (...names: string[]) =>
      Object.fromEntries(names.map((name) => [`method.request.querystring.${name}`, false]));
    this.api.root
      .addResource('cameras')
      .addResource('{cameraId}')
      .addResource('frames')
      .addMethod('GET', queries, {
        requestValidator: validator,
        requestParameters: {
          'method.request.path.cameraId': true,
          ...optional('from', 'to', 'status', 'limit', 'nextToken'),
        },
      });
    this.api.root
      .addResource('reports')
      .addResource('compliance')
      .addMethod('GET', queries, {
        requestValidator: validator,
        requestParameters: optional('from', 'to', 'groupBy', 'interval'),
      });
    this.api.root.addResource('violations').addMethod('GET', queries, {
      requestValidator: validator,
      requestParameters: optional(...Object.keys(violationsQuerySchema.shape)),
    });
    this.api.root.resourceForPath('/cameras').addMethod('GET', queries);

    // Reviews: the path is validated here, the body by the function, which names the field at
    // fault; the gateway's body error has one message for the whole API, the POST /frames one.
    const reviews = new LambdaIntegration(props.reviewFunction, { allowTestInvoke: false });
    const frame = this.api.root.resourceForPath('/frames/{frameId}');
    frame
      .addResource('persons')
      .addResource('{personId}')
      .addResource('review')
      .addMethod('PUT', reviews, {
        requestValidator: validator,
        requestParameters: {
          'method.request.path.frameId': true,
          'method.request.path.personId': true,
        },
      });
    frame.addResource('reviews').addMethod('GET', reviews, {
      requestValidator: validator,
      requestParameters: { 'method.request.path.frameId': true },
    });
  }

  /**
   * GET /frames/{frameId}/image (the blurred copy) and GET /frames/{frameId}/image/original
   * (auditors): two resources, because IAM scopes execute-api:Invoke by path, not query string.
   */
  public addFrameImageRoutes(fn: IFunction): void {
    const integration = new LambdaIntegration(fn, { allowTestInvoke: false });
    const image = this.api.root.resourceForPath('/frames/{frameId}').addResource('image');
    const options = {
      requestValidator: this.validator,
      requestParameters: { 'method.request.path.frameId': true },
    };
    image.addMethod('GET', integration, options);
    image.addResource('original').addMethod('GET', integration, options);
  }
}
