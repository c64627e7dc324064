import { Duration, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { Universal } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { CustomEquipment } from '../lambda/domain/custom-equipment.js';
import type { PpeConfig } from './config.js';
import { METRICS_NAMESPACE } from './ppe-function.js';

/** Props of {@link CustomModels}. */
export interface CustomModelsProps {
  /** The configured custom equipment types; their model versions are the only ones granted. */
  readonly customEquipment: readonly CustomEquipment[];
  /** When to start and stop the models. @default - no schedule: start and stop them yourself */
  readonly schedule?: PpeConfig['customModelSchedule'];
  /** The functions that run DetectCustomLabels (the two ingest functions). */
  readonly detectors: readonly IFunction[];
  /** Service name the functions emit their metrics under (Powertools' `service` dimension). */
  readonly serviceName: string;
}

/**
 * What custom equipment needs in the cloud: `rekognition:DetectCustomLabels` on the configured
 * model versions only, the alarm on `CustomModelNotReady` (a required model that is not
 * running), and, when `customModelSchedule` is set, EventBridge Scheduler schedules that start
 * and stop each model (a running model is billed per inference-unit hour, called or not).
 */
export class CustomModels extends Construct {
  /** Fires when a frame needed a model that was not running. */
  public readonly notReadyAlarm: Alarm;
  /** The start and stop schedules, two per model version; empty without a schedule. */
  public readonly schedules: Schedule[] = [];

  public constructor(scope: Construct, id: string, props: CustomModelsProps) {
    super(scope, id);
    const arns = [...new Set(props.customEquipment.map((entry) => entry.projectVersionArn))];
    const detect = new PolicyStatement({
      actions: ['rekognition:DetectCustomLabels'],
      resources: arns,
    });
    for (const fn of props.detectors) fn.addToRolePolicy(detect);

    this.notReadyAlarm = new Alarm(this, 'NotReadyAlarm', {
      alarmDescription:
        'A frame required custom equipment whose Rekognition Custom Labels model is not running: that equipment is uncertain for everyone. Start the model (README, "Custom equipment") or fix customModelSchedule.',
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'CustomModelNotReady',
        dimensionsMap: { service: props.serviceName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const { schedule } = props;
    if (!schedule) return;
    // One role for every schedule, allowed only to start and stop these model versions.
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: starts and stops the customEquipment models',
    });
    const timeZone = TimeZone.of(schedule.timezone);
    arns.forEach((arn, index) => {
      const calls = [
        {
          name: 'Start',
          action: 'startProjectVersion',
          iam: 'rekognition:StartProjectVersion',
          expression: schedule.start,
          input: { ProjectVersionArn: arn, MinInferenceUnits: schedule.minInferenceUnits },
        },
        {
          name: 'Stop',
          action: 'stopProjectVersion',
          iam: 'rekognition:StopProjectVersion',
          expression: schedule.stop,
          input: { ProjectVersionArn: arn },
        },
      ];
      for (const call of calls) {
        this.schedules.push(
          new Schedule(this, `${call.name}Model${index}`, {
            description: `${call.name} ${arn}`,
            schedule: ScheduleExpression.expression(call.expression, timeZone),
            target: new Universal({
              service: 'rekognition',
              action: call.action,
              input: ScheduleTargetInput.fromObject(call.input),
              role,
              // A start or stop that keeps failing (the model already running, say) is not
              // retried for Scheduler's default of a day: a few tries within the hour.
              retryAttempts: 3,
              maxEventAge: Duration.hours(1),
              policyStatements: [new PolicyStatement({ actions: [call.iam], resources: [arn] })],
            }),
          }),
        );
      }
    });
  }
}
