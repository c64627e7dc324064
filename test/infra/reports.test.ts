import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PpeDetectionStack } from '../../lib/ppe-detection-stack.js';
import { synthesize, TEST_CONTEXT } from './synth.js';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

const REPORT_CONTEXT = {
  ...TEST_CONTEXT,
  reportSchedule: 'cron(30 7 ? * MON *)',
  reportTimezone: 'Europe/Berlin',
  reportPeriod: 'week',
  reportEmails: 'audit@example.com,safety@example.com',
  reportRetentionDays: '60',
};

// Synthesize once per file: every synth bundles the functions with esbuild.
let stack: PpeDetectionStack;
let template: Template;
let logicalId: (construct: IConstruct) => string;
beforeAll(() => {
  ({ stack, template, logicalId } = synthesize(REPORT_CONTEXT));
});

const statementsOf = (roleConstruct: IConstruct): Statement[] => {
  const roleId = logicalId(roleConstruct);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(roleId),
  );
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
};

describe('the report schedule', () => {
  it('runs the configured expression in the configured time zone, without a flexible window', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
    });
  });

  it('invokes the report function with the scheduled time, retries, and keeps what it cannot deliver in the DLQ', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.reports.function), 'Arn'] },
        Input: '{"at":"<aws.scheduler.scheduled-time>"}',
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [logicalId(stack.reports.deadLetterQueue), 'Arn'] },
        },
      },
    });
  });

  it('is the default weekly Monday 06:00 UTC schedule when nothing is configured', () => {
    const defaults = synthesize({}).template;

    defaults.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
    });
  });

  it('sends runs that fail after Lambda retries them to the same DLQ, which raises an alarm', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stack.reports.function) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalId(stack.reports.deadLetterQueue), 'Arn'] },
        },
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(stack.reports.deadLetterQueue), 'QueueName'] },
        },
      ],
      AlarmActions: [{ Ref: logicalId(stack.alerts.operationsTopic) }],
    });
  });

  it('gives the function its period, time zone, bucket, topic and console URL', () => {
    const fn = template.toJSON().Resources[logicalId(stack.reports.function)];

    expect(fn.Properties.Environment.Variables).toMatchObject({
      REPORT_PERIOD: 'week',
      REPORT_TIMEZONE: 'Europe/Berlin',
      REPORTS_BUCKET: { Ref: logicalId(stack.reports.bucket) },
      REPORT_TOPIC_ARN: { Ref: logicalId(stack.reports.topic) },
      CONSOLE_URL: {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [logicalId(stack.consoleHosting.distribution), 'DomainName'] },
          ],
        ],
      },
    });
  });
});

describe('the reports bucket', () => {
  it('is encrypted, private, TLS-only, logged, and expires reports after the configured days', () => {
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
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(stack.ingest.accessLogBucket) },
        LogFilePrefix: 'reports-bucket/',
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'expire-reports',
            Prefix: 'reports/',
            ExpirationInDays: 60,
            Status: 'Enabled',
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.reports.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('the reports topic', () => {
  it('is encrypted with the stack key, TLS-only, and subscribes the report e-mails', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'PPE compliance reports',
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack.alerts.key), 'Arn'] },
    });
    for (const email of ['audit@example.com', 'safety@example.com']) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: logicalId(stack.reports.topic) },
      });
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(stack.reports.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe("the report function's permissions", () => {
  const role = () => stack.reports.function.role as IConstruct;

  it('reads only the hourly statistics: Query on the table, for STATS# partitions, no index', () => {
    const dynamo = statementsOf(role()).filter((s) =>
      JSON.stringify(s.Action).includes('dynamodb:'),
    );

    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::GetAtt': [logicalId(stack.results.table), 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STATS#*'] } },
      },
    ]);
  });

  it('writes only under reports/ of the reports bucket, and publishes only to the reports topic', () => {
    const statements = statementsOf(role());
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    const sns = statements.filter((s) => JSON.stringify(s.Action).includes('sns:'));

    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: {
          'Fn::Join': [
            '',
            [{ 'Fn::GetAtt': [logicalId(stack.reports.bucket), 'Arn'] }, '/reports/*'],
          ],
        },
      },
    ]);
    expect(sns).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: logicalId(stack.reports.topic) } },
    ]);
  });

  it('lets the scheduler invoke only the report function', () => {
    const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    const roleId = (schedule as { Properties: { Target: { RoleArn: { 'Fn::GetAtt': string[] } } } })
      .Properties.Target.RoleArn['Fn::GetAtt'][0];
    expect(roleId).toBe(logicalId(stack.reports.scheduleRole));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(String(roleId)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);

    const invoke = statements.filter((s) => JSON.stringify(s.Action).includes('lambda:'));
    expect(invoke.length).toBeGreaterThan(0);
    for (const statement of invoke) {
      expect(statement.Action).toBe('lambda:InvokeFunction');
      expect(JSON.stringify(statement.Resource)).toContain(logicalId(stack.reports.function));
    }
  });
});
