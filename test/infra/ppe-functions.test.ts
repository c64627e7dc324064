import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { policySetSchema } from '../../lambda/schemas/policy.js';
import type { PpeDetectionStack, PpeFunctionName } from '../../lib/ppe-detection-stack.js';
import { FUNCTION_TAG, NODE_RUNTIME } from '../../lib/ppe-function.js';
import { bundledPolicies, synthesize, TEST_CONTEXT } from './synth.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[] };

// Synthesize once per file: every synth bundles the functions with esbuild.
let stack: PpeDetectionStack;
let template: Template;
let logicalId: (construct: IConstruct) => string;
beforeAll(() => {
  ({ stack, template, logicalId } = synthesize(TEST_CONTEXT));
});

/** Environment variables of one of the stack's functions. */
function variablesOf(name: PpeFunctionName): Record<string, unknown> {
  const fn = template.toJSON().Resources[logicalId(stack.functions[name])];
  return fn.Properties.Environment.Variables;
}

/** Actions of every IAM policy attached to a function's role. */
function roleActions(name: PpeFunctionName): string[] {
  const roleId = logicalId(stack.functions[name].role as IConstruct);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) => [s.Action].flat()),
  );
}

describe('functions', () => {
  const ours = () =>
    Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: {
          Tags: Match.arrayWith([{ Key: FUNCTION_TAG.key, Value: FUNCTION_TAG.value }]),
        },
      }),
    ) as Resource[];

  it('run on arm64 with the chosen Node.js runtime and active tracing', () => {
    // The stack's functions and the analytics export's.
    expect(ours()).toHaveLength(Object.keys(stack.functions).length + 1);
    for (const fn of ours()) {
      expect(fn.Properties).toMatchObject({
        Architectures: ['arm64'],
        Runtime: 'nodejs24.x',
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('use the newest Node.js runtime that aws-cdk-lib offers', () => {
    const versions = Object.keys(Runtime)
      .map((name) => /^NODEJS_(\d+)_X$/.exec(name)?.[1])
      .filter((major): major is string => major !== undefined)
      .map(Number);

    expect(NODE_RUNTIME.name).toBe(`nodejs${Math.max(...versions)}.x`);
  });

  it('receive the analysis settings from the configuration', () => {
    const table = { Ref: logicalId(stack.results.table) };
    const analysis = { TABLE_NAME: table, RESULT_RETENTION_DAYS: '30' };

    expect(variablesOf('apiIngest')).toMatchObject(analysis);
    expect(variablesOf('s3Ingest')).toMatchObject({
      ...analysis,
      INGEST_BUCKET: { Ref: logicalId(stack.ingest.bucket) },
    });
    expect(variablesOf('getFrame')).toMatchObject({ TABLE_NAME: table });
    expect(variablesOf('queryResults')).toMatchObject({ TABLE_NAME: table });
    expect(variablesOf('alertPublisher')).toMatchObject({
      TABLE_NAME: table,
      TOPIC_ARN: { Ref: logicalId(stack.alerts.alertTopic) },
    });
  });

  it('pace each s3-ingest container at rekognitionTps / s3MaxConcurrency, and only those', () => {
    expect(variablesOf('s3Ingest')).toMatchObject({ DETECTOR_CALLS_PER_SECOND: '2' });
    expect(variablesOf('apiIngest')).not.toHaveProperty('DETECTOR_CALLS_PER_SECOND');
  });

  it('hand the policies to both ingest paths and the alert publisher in their code', () => {
    for (const name of ['apiIngest', 's3Ingest', 'alertPublisher'] as const) {
      const policies = bundledPolicies(stack.functions[name]);

      expect(policySetSchema.parse(policies)).toEqual({
        default: {
          id: 'default',
          requiredEquipment: ['HEAD_COVER', 'HAND_COVER'],
          minConfidence: 90,
          alertOnIndeterminate: true,
          cooldownSeconds: 600,
        },
        rules: [
          {
            id: 'food-line',
            locationPrefix: 'plant-3/',
            requiredEquipment: ['FACE_COVER', 'HAND_COVER'],
            minConfidence: 90,
            alertOnIndeterminate: true,
            cooldownSeconds: 60,
          },
        ],
      });
    }
  });

  it('set the Powertools service name, metrics namespace and source maps', () => {
    for (const name of Object.keys(stack.functions) as PpeFunctionName[]) {
      expect(variablesOf(name)).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'ppe-detection',
        POWERTOOLS_METRICS_NAMESPACE: 'PpeDetection',
      });
    }
  });

  it('let api-ingest call DetectProtectiveEquipment', () => {
    expect(roleActions('apiIngest')).toContain('rekognition:DetectProtectiveEquipment');
  });

  it('let s3-ingest read and tag uploaded frames and their versions, and tell a missing one', () => {
    const bucket = logicalId(stack.ingest.bucket);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalId(stack.functions.s3Ingest.role as IConstruct) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: [
              's3:GetObject',
              's3:GetObjectVersion',
              's3:PutObjectTagging',
              's3:PutObjectVersionTagging',
            ],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/incoming/*']] },
          },
          { Action: 's3:ListBucket', Effect: 'Allow', Resource: { 'Fn::GetAtt': [bucket, 'Arn'] } },
        ]),
      },
    });
  });

  it.each(['getFrame', 'queryResults'] as const)('give %s no write access to data', (name) => {
    const dataActions = roleActions(name).filter((action) =>
      /^(dynamodb|s3|sns|sqs|rekognition|kms):/.test(action),
    );

    expect(new Set(dataActions)).toEqual(new Set(['dynamodb:Query']));
  });

  // The DynamoDB commands each function's adapters send (lambda/adapters/): a transaction's Put
  // and Update need PutItem and UpdateItem; nothing calls GetItem, BatchGetItem or ConditionCheck
  // on the ingest and read paths.
  it('give the review function no index access and no delete', () => {
    const roleId = logicalId(stack.functions.review.role as IConstruct);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Resource: unknown }[]);

    expect(JSON.stringify(statements)).not.toContain('/index/');
    expect(roleActions('review')).not.toContain('dynamodb:DeleteItem');
  });

  it.each([
    ['apiIngest', ['Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']],
    ['s3Ingest', ['Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']],
    ['getFrame', ['Query']],
    ['queryResults', ['Query']],
    ['alertPublisher', ['GetItem', 'UpdateItem', 'PutItem']],
    ['frameImage', ['Query', 'PutItem']],
    ['review', ['GetItem', 'Query', 'UpdateItem', 'PutItem']],
  ] as const)('grant %s exactly the table actions its code uses', (name, actions) => {
    const streamReads = /^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/;
    const tableActions = roleActions(name).filter(
      (action) => action.startsWith('dynamodb:') && !streamReads.test(action),
    );

    expect(new Set(tableActions)).toEqual(new Set(actions.map((a) => `dynamodb:${a}`)));
  });

  it('let the alert publisher publish and keep its ledger, but not query or delete', () => {
    const actions = roleActions('alertPublisher');

    expect(actions).toEqual(
      expect.arrayContaining([
        'sns:Publish',
        'kms:GenerateDataKey',
        'dynamodb:GetItem',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
      ]),
    );
    expect(actions).not.toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });

  it('let the alert digest query and change its own ledger and publish, but not read indexes', () => {
    const roleId = logicalId(stack.functions.alertDigest.role as IConstruct);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as (Statement & { Resource: unknown })[],
    );
    const table = { 'Fn::GetAtt': [logicalId(stack.results.table), 'Arn'] };
    const dynamodb = statements.filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );

    expect(dynamodb).toEqual([
      expect.objectContaining({
        Action: [
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: table,
      }),
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Resource: { Ref: logicalId(stack.alerts.alertTopic) },
      }),
    );
    expect(variablesOf('alertDigest')).not.toHaveProperty('POLICIES');
  });
});
