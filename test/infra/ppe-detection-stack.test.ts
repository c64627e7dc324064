import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PpeDetectionStack } from '../../lib/ppe-detection-stack.js';
import { HOSTILE_ERROR_STRINGS, renderGatewayResponse } from './gateway-response-render.js';
import { buildApp, synthesize, TEST_CONTEXT } from './synth.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type PolicyStatementJson = {
  Effect: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

// Synthesize once per file: every synth bundles the functions with esbuild.
let stack: PpeDetectionStack;
let template: Template;
let logicalId: (construct: IConstruct) => string;
beforeAll(() => {
  ({ stack, template, logicalId } = synthesize(TEST_CONTEXT));
});

describe('REST API', () => {
  it('requires IAM authorization on every method but the CORS preflights, which reach nothing', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as Resource[];

    expect(methods.length).toBeGreaterThan(0);
    for (const method of methods) {
      if (method.Properties.HttpMethod === 'OPTIONS') {
        // The console's origin (its distribution) is always allowed: browsers preflight
        // without credentials, and a mock answers them without calling any function.
        expect(method.Properties.AuthorizationType).toBe('NONE');
        expect((method.Properties.Integration as { Type: string }).Type).toBe('MOCK');
      } else {
        expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
      }
    }
  });

  it('validates the POST /frames body against the frame model', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: Match.objectLike({
        required: ['image', 'cameraId'],
        properties: Match.objectLike({
          cameraId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
          minConfidence: { type: 'number', minimum: 50, maximum: 100 },
        }),
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestValidatorId: Match.anyValue(),
      RequestModels: { 'application/json': Match.anyValue() },
    });
  });

  it('throttles the stage and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          ThrottlingRateLimit: 25,
          ThrottlingBurstLimit: 50,
        }),
      ]),
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('^\\{"requestId":"\\$context.requestId"'),
      },
    });
  });

  it('answers gateway errors in the contract error shape', () => {
    for (const type of ['BAD_REQUEST_BODY', 'MISSING_AUTHENTICATION_TOKEN', 'THROTTLED']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseTemplates: {
          'application/json': Match.stringLikeRegexp('^\\{"error":\\{"code":"[A-Z_]+","message":'),
        },
      });
    }
  });

  it.each(HOSTILE_ERROR_STRINGS)(
    'answers valid JSON in the error shape from every gateway response, even for %j',
    (errorString) => {
      const responses = Object.values(
        template.findResources('AWS::ApiGateway::GatewayResponse'),
      ) as Resource[];
      expect(responses.length).toBeGreaterThan(5);
      for (const response of responses) {
        const templates = response.Properties.ResponseTemplates as Record<string, string>;
        const body = renderGatewayResponse(String(templates['application/json']), errorString);

        const parsed = JSON.parse(body);
        expect(Object.keys(parsed), body).toEqual(['error']);
        expect(Object.keys(parsed.error), body).toEqual(['code', 'message']);
        expect(parsed.error.code).toMatch(/^[A-Z_]+$/);
        expect(typeof parsed.error.message).toBe('string');
      }
    },
  );

  it('tells a body that fails the request model what the body must hold', () => {
    const [response] = Object.values(
      template.findResources('AWS::ApiGateway::GatewayResponse', {
        Properties: { ResponseType: 'BAD_REQUEST_BODY' },
      }),
    ) as Resource[];
    const templates = response?.Properties.ResponseTemplates as Record<string, string>;
    const body = JSON.parse(renderGatewayResponse(String(templates['application/json']), 'x'));

    expect(body.error.code).toBe('INVALID_FIELD');
    expect(body.error.message).toMatch(/^Invalid request body: .*image.*cameraId/);
  });
});

describe('S3 ingest path', () => {
  it('encrypts the bucket, blocks public access and expires incoming images', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'incoming/', ExpirationInDays: 14, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('versions the ingest bucket and removes replaced versions after a day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'incoming/', ExpirationInDays: 14, Status: 'Enabled' }),
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            ExpiredObjectDeleteMarker: true,
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  it('denies requests without TLS on the ingest bucket', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.ingest.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('moves repeatedly failing notifications to a dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 360,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [logicalId(stack.ingest.deadLetterQueue), 'Arn'],
        },
        maxReceiveCount: 5,
      },
    });
  });

  it('consumes the queue with partial batch failures at the configured concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.ingest.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack.functions.s3Ingest) },
      BatchSize: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });
});

describe('configuration checks before anything is built', () => {
  it('refuses a Rekognition pace at which a batch would not fit in the s3-ingest timeout', () => {
    expect(() => buildApp({ rekognitionTps: '1', s3MaxConcurrency: '10' })).toThrow(
      /takes 50 s, over the 30 s allowed \(half the 60 s timeout\)/,
    );
  });
});

describe('alerts', () => {
  it('publishes from the table stream, filtered, bisected, with an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.results.table), 'StreamArn'] },
      FunctionName: { Ref: logicalId(stack.functions.alertPublisher) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: {
        Filters: [{ Pattern: '{"dynamodb":{"NewImage":{"alertState":{"S":["PENDING"]}}}}' }],
      },
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalId(stack.alertDeadLetterQueue), 'Arn'] },
        },
      },
    });
  });

  it('runs the alert digest every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack.functions.alertDigest), 'Arn'] },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalId(stack.functions.alertDigest), 'Arn'] },
    });
  });

  it('encrypts both topics with a rotated customer-managed key', () => {
    const keyRef = { 'Fn::GetAtt': [logicalId(stack.alerts.key), 'Arn'] };
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const topic of [stack.alerts.alertTopic, stack.alerts.operationsTopic]) {
      expect(template.toJSON().Resources[logicalId(topic)].Properties.KmsMasterKeyId).toEqual(
        keyRef,
      );
    }
  });

  it('subscribes the configured e-mail addresses', () => {
    const alertTopic = { Ref: logicalId(stack.alerts.alertTopic) };
    const operationsTopic = { Ref: logicalId(stack.alerts.operationsTopic) };
    for (const [endpoint, topic] of [
      ['safety@example.com', alertTopic],
      ['lead@example.com', alertTopic],
      ['ops@example.com', operationsTopic],
    ] as const) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: endpoint,
        TopicArn: topic,
      });
    }
    template.resourceCountIs('AWS::SNS::Subscription', 3);
  });
});

describe('results table', () => {
  it('is on-demand, encrypted, recoverable, expiring and streamed', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.arrayWith(
        [
          ['byCamera', 'gsi1pk', 'gsi1sk'],
          ['violationsByDay', 'gsi2pk', 'gsi2sk'],
        ].map(([IndexName, hash, range]) =>
          Match.objectLike({
            IndexName,
            KeySchema: [
              { AttributeName: hash, KeyType: 'HASH' },
              { AttributeName: range, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ),
      ),
    });
  });

  it('is retained when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('alarms', () => {
  it('alarms on the first message in each dead-letter queue', () => {
    const operationsTopic = { Ref: logicalId(stack.alerts.operationsTopic) };
    for (const dlq of [stack.ingest.deadLetterQueue, stack.alertDeadLetterQueue]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [operationsTopic],
      });
    }
  });

  /** The statements of the policy of one topic. */
  function topicStatements(topic: IConstruct): PolicyStatementJson[] {
    const policies = Object.values(
      template.findResources('AWS::SNS::TopicPolicy', {
        Properties: { Topics: [{ Ref: logicalId(topic) }] },
      }),
    ) as Resource[];
    expect(policies).toHaveLength(1);
    const document = policies[0]?.Properties.PolicyDocument as { Statement: PolicyStatementJson[] };
    return document.Statement;
  }

  it("lets CloudWatch publish to the operations topic for this stack's alarms only, in this account", () => {
    const operationsTopic = { Ref: logicalId(stack.alerts.operationsTopic) };
    const notifying = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(([, alarm]) =>
        [...(alarm.Properties.AlarmActions ?? []), ...(alarm.Properties.OKActions ?? [])].some(
          (action: unknown) => JSON.stringify(action) === JSON.stringify(operationsTopic),
        ),
      )
      .map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    // One per dead-letter queue (ingest, alerts, reports, export), an errors and a throttles alarm
    // per function (the export function too), and the export's delivery alarms.
    expect(notifying).toHaveLength(
      4 + 2 * (Object.keys(stack.functions).length + 1) + stack.analytics.alarms.length,
    );

    const allows = topicStatements(stack.alerts.operationsTopic).filter(
      (statement) => statement.Effect === 'Allow',
    );

    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: operationsTopic,
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    const sourceArns = allows[0]?.Condition?.ArnEquals?.['aws:SourceArn'];
    expect(new Set([sourceArns].flat().map((arn) => JSON.stringify(arn)))).toEqual(
      new Set(notifying.map((arn) => JSON.stringify(arn))),
    );
  });

  it('denies nothing on either topic but requests without TLS, so IAM still governs the account', () => {
    // Publishing (the alert publisher's role), subscribing and managing the topics by the
    // account's own principals rest on their IAM permissions, which a Deny would override.
    for (const topic of [stack.alerts.alertTopic, stack.alerts.operationsTopic]) {
      const statements = topicStatements(topic);
      const denies = statements.filter((statement) => statement.Effect === 'Deny');

      expect(denies.length).toBeGreaterThan(0);
      for (const deny of denies) {
        expect(deny.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      }
      for (const allow of statements.filter((statement) => statement.Effect === 'Allow')) {
        expect(allow.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
      }
    }
  });

  it('alarms on errors of each function', () => {
    for (const fn of Object.values(stack.functions)) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn) } }],
        Threshold: 1,
        Period: 300,
      });
    }
  });
});
