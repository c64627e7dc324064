import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { GOGGLES, GOGGLES_MODEL, HIGH_VIS_VEST, VEST_MODEL } from '../support/custom-equipment.js';
import { synthesize } from './synth.js';

/** A universal target's ARN, in the partition the stack deploys to. */
const universal = (action: string) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, `:scheduler:::aws-sdk:rekognition:${action}`],
  ],
});

/** Every IAM statement of the template that allows `action`. */
function statementsAllowing(template: Template, action: string) {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies).flatMap(([id, policy]) =>
    (
      policy.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Resource: unknown;
      }[]
    )
      .filter((s) => [s.Action].flat().includes(action))
      .map((statement) => ({ id, statement })),
  );
}

/** The schedules that start or stop a Custom Labels model (the report has a schedule of its own). */
const modelSchedules = (template: Template) =>
  Object.values(template.findResources('AWS::Scheduler::Schedule')).filter((schedule) =>
    /aws-sdk:rekognition:(start|stop)ProjectVersion/.test(JSON.stringify(schedule)),
  );

describe('custom equipment in the template', () => {
  let template: Template;
  let functionIds: { apiIngest: string; s3Ingest: string };
  beforeAll(() => {
    const synth = synthesize({
      customEquipment: JSON.stringify([HIGH_VIS_VEST, GOGGLES]),
      customModelSchedule: JSON.stringify({
        start: 'cron(0 6 ? * MON-FRI *)',
        stop: 'cron(0 18 ? * MON-FRI *)',
        timezone: 'Europe/Berlin',
        minInferenceUnits: 2,
      }),
      requiredEquipment: 'HEAD_COVER,HIGH_VIS_VEST',
    });
    template = synth.template;
    functionIds = {
      apiIngest: synth.logicalId(synth.stack.functions.apiIngest),
      s3Ingest: synth.logicalId(synth.stack.functions.s3Ingest),
    };
  });

  it('allows DetectCustomLabels on the configured model versions only, to the two ingest functions', () => {
    const grants = statementsAllowing(template, 'rekognition:DetectCustomLabels');

    const models = [GOGGLES_MODEL, VEST_MODEL].sort();
    expect(grants.map(({ statement }) => [statement.Resource].flat().sort())).toEqual([
      models,
      models,
    ]);
    const roles = grants.map(({ id }) => template.toJSON().Resources[id].Properties.Roles[0].Ref);
    const functions = template.toJSON().Resources;
    expect(
      roles
        .map((role) =>
          Object.keys(functions).find(
            (k) => functions[k].Properties?.Role?.['Fn::GetAtt']?.[0] === role,
          ),
        )
        .sort(),
    ).toEqual([functionIds.apiIngest, functionIds.s3Ingest].sort());
  });

  it('gives the ingest functions the custom types in CUSTOM_EQUIPMENT', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'POST /frames: analyse one frame sent as base64',
      Environment: {
        Variables: Match.objectLike({ CUSTOM_EQUIPMENT: JSON.stringify([HIGH_VIS_VEST, GOGGLES]) }),
      },
    });
  });

  it('starts and stops each model on the schedule, in its time zone, with the inference units', () => {
    expect(modelSchedules(template)).toHaveLength(4);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({
        Arn: universal('startProjectVersion'),
        Input: JSON.stringify({ ProjectVersionArn: VEST_MODEL, MinInferenceUnits: 2 }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 18 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({
        Arn: universal('stopProjectVersion'),
        Input: JSON.stringify({ ProjectVersionArn: GOGGLES_MODEL }),
      }),
    });
  });

  it("lets the scheduler's role only start and stop those model versions", () => {
    const starts = statementsAllowing(template, 'rekognition:StartProjectVersion');
    const stops = statementsAllowing(template, 'rekognition:StopProjectVersion');
    const policyIds = [...new Set([...starts, ...stops].map(({ id }) => id))];

    expect(policyIds).toHaveLength(1);
    const statements = template.toJSON().Resources[policyIds[0] ?? ''].Properties.PolicyDocument
      .Statement as { Action: string | string[]; Resource: unknown; Effect: string }[];
    expect(
      statements.map((s) => ({
        Effect: s.Effect,
        Action: [s.Action].flat().sort(),
        Resource: [s.Resource].flat().sort(),
      })),
    ).toEqual([
      {
        Effect: 'Allow',
        Action: ['rekognition:StartProjectVersion', 'rekognition:StopProjectVersion'],
        Resource: [GOGGLES_MODEL, VEST_MODEL].sort(),
      },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      }),
    });
  });

  it('alarms the operations topic when a needed model is not running', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'PpeDetection',
      MetricName: 'CustomModelNotReady',
      Dimensions: [{ Name: 'service', Value: 'ppe-detection' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe('the template without custom equipment', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({}).template;
  });

  it('grants no DetectCustomLabels, schedules nothing and has no model alarm', () => {
    expect(statementsAllowing(template, 'rekognition:DetectCustomLabels')).toEqual([]);
    expect(modelSchedules(template)).toHaveLength(0);
    expect(
      Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
        (alarm) => alarm.Properties.MetricName === 'CustomModelNotReady',
      ),
    ).toEqual([]);
  });
});
