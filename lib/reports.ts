import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { REPORTS_PREFIX } from '../lambda/core/run-scheduled-report.js';
import type { ReportPeriod } from '../lambda/domain/report-period.js';
import { PpeFunction } from './ppe-function.js';
import type { ResultsTable } from './results-table.js';

/** Props of {@link Reports}. */
export interface ReportsProps {
  /** Where the hourly statistics are read from (Query on their partitions only). */
  readonly results: ResultsTable;
  /** The key that encrypts the stack's topics; the reports topic uses it too. */
  readonly topicKey: IKey;
  /** Receives the reports bucket's server access logs. */
  readonly accessLogBucket: IBucket;
  /** An EventBridge Scheduler expression, already validated (lib/report-config.ts). */
  readonly schedule: string;
  /** IANA name the schedule and the periods are evaluated in. */
  readonly timeZone: string;
  /** The calendar span each report covers, ending at its run. */
  readonly period: ReportPeriod;
  /** Days after which report files expire. */
  readonly retentionDays: number;
  /**
   * E-mail addresses subscribed to the reports topic (each must confirm by e-mail).
   * @default - none
   */
  readonly emails?: readonly string[];
  /**
   * The console's base URL, for the link in each report.
   * @default - no link
   */
  readonly consoleUrl?: string;
}

/**
 * The scheduled compliance report: EventBridge Scheduler (in the configured time zone) invokes
 * the report function with the run's scheduled time; it reads the hourly statistics, writes CSV
 * and HTML under `reports/` in a private bucket, and announces them on the reports topic.
 *
 * Nothing is lost silently: an invocation Scheduler cannot deliver (after its retries) and a run
 * that fails (after Lambda's asynchronous retries) both land in one dead-letter queue, which the
 * stack's monitoring alarms on.
 */
export class Reports extends Construct {
  /** Private, TLS-only bucket of the report files, which expire after the retention. */
  public readonly bucket: Bucket;
  /** Announcements of each report: e-mail text and a JSON contract. */
  public readonly topic: Topic;
  /** The function that builds, writes and announces a report. */
  public readonly function: PpeFunction;
  /** Runs the scheduler could not deliver, and runs that failed after their retries. */
  public readonly deadLetterQueue: Queue;
  /** The EventBridge Scheduler schedule. */
  public readonly schedule: Schedule;
  /** The role the scheduler invokes the function with (and writes to the DLQ with). */
  public readonly scheduleRole: Role;

  public constructor(scope: Construct, id: string, props: ReportsProps) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: [
        {
          id: 'expire-reports',
          prefix: REPORTS_PREFIX,
          expiration: Duration.days(props.retentionDays),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    this.topic = new Topic(this, 'Topic', {
      displayName: 'PPE compliance reports',
      masterKey: props.topicKey,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new EmailSubscription(email));
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.function = new PpeFunction(this, 'Function', {
      entry: 'lambda/functions/scheduled-report.ts',
      description:
        'Scheduled compliance report: CSV and HTML to the reports bucket, announced by SNS',
      timeout: Duration.seconds(120),
      environment: {
        REPORTS_BUCKET: this.bucket.bucketName,
        REPORT_TOPIC_ARN: this.topic.topicArn,
        REPORT_PERIOD: props.period,
        REPORT_TIMEZONE: props.timeZone,
        ...(props.consoleUrl ? { CONSOLE_URL: props.consoleUrl } : {}),
      },
    });
    props.results.bind(this.function, 'statistics');
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    props.topicKey.grant(this.function, 'kms:GenerateDataKey', 'kms:Decrypt');
    // A failed run is retried twice by Lambda (the run is idempotent: same files, same keys),
    // then kept in the dead-letter queue with its event, to be run again by hand.
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    // Only this account's schedules may assume it (against the confused deputy).
    this.scheduleRole = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invokes the report function',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: `Compliance report (${props.period}) at ${props.schedule} in ${props.timeZone}`,
      schedule: ScheduleExpression.expression(props.schedule, TimeZone.of(props.timeZone)),
      target: new LambdaInvoke(this.function, {
        role: this.scheduleRole,
        input: ScheduleTargetInput.fromObject({ at: ContextAttribute.scheduledTime }),
        retryAttempts: 10,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }
}
