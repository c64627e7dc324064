import { join } from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Alerts } from './alerts.js';
import { Analytics } from './analytics.js';
import { checkS3Pacing, type PpeConfig, policySetOf, s3DetectorCallsPerSecond } from './config.js';
import { ConsoleAuth, hostedUiDomainName, hostedUiDomainPrefix } from './console-auth.js';
import { ConsoleHosting } from './console-hosting.js';
import { ConsolePolicies } from './console-policies.js';
import { CustomModels } from './custom-models.js';
import { IngestApi } from './ingest-api.js';
import { BLURRED_PREFIX, FRAMES_PREFIX, INCOMING_PREFIX, IngestBucket } from './ingest-bucket.js';
import { Monitoring } from './monitoring.js';
import {
  acknowledgeAnalytics,
  acknowledgeConsoleHosting,
  acknowledgeConsolePolicies,
  acknowledgeNagFindings,
  acknowledgeReports,
} from './nag-acknowledgements.js';
import { writePolicyFile } from './policy-file.js';
import { PpeFunction, PROJECT_ROOT } from './ppe-function.js';
import { Reports } from './reports.js';
import { ResultsTable } from './results-table.js';
import { sharpArm64Modules } from './sharp-arm64.js';

/** Props of {@link PpeDetectionStack}. */
export interface PpeDetectionStackProps extends StackProps {
  /** Validated configuration, usually from {@link loadConfig}. */
  readonly config: PpeConfig;
}

/** The functions of the stack, named after their handler files. */
export type PpeFunctionName =
  | 'apiIngest'
  | 'getFrame'
  | 'queryResults'
  | 'review'
  | 's3Ingest'
  | 'alertPublisher'
  | 'alertDigest'
  | 'frameImage'
  | 'scheduledReport';

/**
 * Timeout of the S3-path consumer; the ingest queue's visibility timeout derives from it, and a
 * paced batch must fit in half of it (see {@link checkS3Pacing}).
 */
export const S3_INGEST_TIMEOUT = Duration.seconds(60);

/**
 * The PPE detection backend: two ingest paths (authenticated API, S3 uploads through a
 * queue) sharing one analysis core, a results table whose stream drives alerts, and
 * the alarms that say when work is lost.
 */
export class PpeDetectionStack extends Stack {
  /** The functions, by name (see {@link PpeFunctionName}). */
  public readonly functions: Readonly<Record<PpeFunctionName, PpeFunction>>;
  /** The analytics export, Glue tables and Athena workgroup. */
  public readonly analytics: Analytics;
  /** Results table (and its stream). */
  public readonly results: ResultsTable;
  /** Alert and operations topics. */
  public readonly alerts: Alerts;
  /** The REST API. */
  public readonly api: IngestApi;
  /** The S3 upload path: bucket, queue and its dead-letter queue. */
  public readonly ingest: IngestBucket;
  /** On-failure destination of the alert publisher's stream mapping. */
  public readonly alertDeadLetterQueue: Queue;
  /** The camera, viewer, reviewer and auditor managed policies. */
  public readonly policies: ConsolePolicies;
  /** The console's bucket and CloudFront distribution. */
  public readonly consoleHosting: ConsoleHosting;
  /** The console's user pool, hosted UI, identity pool and group roles. */
  public readonly consoleAuth: ConsoleAuth;
  /** The scheduled compliance report: schedule, function, bucket, topic, dead-letter queue. */
  public readonly reports: Reports;
  /** Custom equipment's grants, alarm and schedules; absent without `customEquipment`. */
  public readonly customModels?: CustomModels;

  public constructor(scope: Construct, id: string, props: PpeDetectionStackProps) {
    super(scope, id, props);
    const { config } = props;
    checkS3Pacing(config, S3_INGEST_TIMEOUT.toSeconds());

    // Where results live and where alerts go.
    const results = new ResultsTable(this, 'Results');
    const alerts = new Alerts(this, 'Alerts', {
      alertEmails: config.alertEmails,
      alarmEmails: config.alarmEmails,
    });

    // Policies by camera and location (requests and metadata may override the equipment and
    // confidence), read by both ingest paths and, for cooldowns, by the alert publisher: a file
    // in their code, as any number of them would not fit in Lambda's 4 KB of variables.
    const policyFile = writePolicyFile(policySetOf(config));
    const { bundledFiles } = policyFile;
    const analysisEnvironment = {
      RESULT_RETENTION_DAYS: String(config.resultRetentionDays),
      // The custom types and their models (a few hundred bytes each; bounded at synth).
      ...(config.customEquipment.length > 0
        ? { CUSTOM_EQUIPMENT: JSON.stringify(config.customEquipment) }
        : {}),
    };
    const detectPpe = new PolicyStatement({
      // DetectProtectiveEquipment supports no resource-level permissions.
      actions: ['rekognition:DetectProtectiveEquipment'],
      resources: ['*'],
    });

    // API path: POST /frames -> api-ingest; GET /frames/{frameId} -> get-frame.
    const apiIngest = new PpeFunction(this, 'ApiIngestFunction', {
      entry: 'lambda/functions/api-ingest.ts',
      description: 'POST /frames: analyse one frame sent as base64',
      timeout: Duration.seconds(29),
      memorySize: 1024,
      environment: analysisEnvironment,
      bundledFiles,
    });
    results.bind(apiIngest, 'readWrite');
    apiIngest.addToRolePolicy(detectPpe);

    const getFrame = new PpeFunction(this, 'GetFrameFunction', {
      entry: 'lambda/functions/get-frame.ts',
      description: 'GET /frames/{frameId}: return a stored result',
    });
    results.bind(getFrame, 'read');

    const queryResults = new PpeFunction(this, 'QueryResultsFunction', {
      entry: 'lambda/functions/query-results.ts',
      description: 'GET /cameras[/{cameraId}/frames], GET /violations and GET /reports/compliance',
    });
    results.bind(queryResults, 'read');

    const review = new PpeFunction(this, 'ReviewFunction', {
      entry: 'lambda/functions/review.ts',
      description:
        'PUT /frames/{frameId}/persons/{personId}/review and GET /frames/{frameId}/reviews',
    });
    results.bind(review, 'review');

    // The ingest bucket (and the stack's access-log bucket), created first: the console's
    // hosting logs there and shows its images through presigned URLs.
    const ingest = new IngestBucket(this, 'Ingest', {
      imageRetentionDays: config.imageRetentionDays,
      consumerTimeout: S3_INGEST_TIMEOUT,
    });

    // The review console in the cloud: its origin is always among the API's CORS origins.
    const domainPrefix = hostedUiDomainPrefix(this);
    const consoleHosting = new ConsoleHosting(this, 'ConsoleHosting', {
      accessLogBucket: ingest.accessLogBucket,
      imageBucket: ingest.bucket,
      authDomain: hostedUiDomainName(domainPrefix),
    });
    const consoleOrigins = [consoleHosting.origin, ...config.consoleOrigins];

    const api = new IngestApi(this, 'IngestApi', {
      ingestFunction: apiIngest,
      getFrameFunction: getFrame,
      queryFunction: queryResults,
      reviewFunction: review,
      consoleOrigins,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
    });

    // The functions behind the API add CORS headers for the console's origins to their answers.
    for (const fn of [apiIngest, getFrame, queryResults, review]) {
      fn.addEnvironment('CONSOLE_ORIGINS', consoleOrigins.join(','));
    }

    // S3 path: incoming/ uploads -> queue -> s3-ingest, at bounded concurrency, each container
    // pacing its Rekognition calls at its share of the quota.
    const s3Ingest = new PpeFunction(this, 'S3IngestFunction', {
      entry: 'lambda/functions/s3-ingest.ts',
      description: 'Analyse frames uploaded under incoming/ (SQS batches)',
      timeout: S3_INGEST_TIMEOUT,
      environment: {
        ...analysisEnvironment,
        INGEST_BUCKET: ingest.bucket.bucketName,
        DETECTOR_CALLS_PER_SECOND: String(s3DetectorCallsPerSecond(config)),
      },
      bundledFiles,
    });
    results.bind(s3Ingest, 'readWrite');
    s3Ingest.addToRolePolicy(detectPpe);
    s3Ingest.addToRolePolicy(
      new PolicyStatement({
        // GetObject serves both HeadObject and Rekognition reading the S3Object as the caller;
        // the *Version* actions do the same for the object version an event names.
        actions: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObjectTagging',
          's3:PutObjectVersionTagging',
        ],
        resources: [ingest.bucket.arnForObjects(`${INCOMING_PREFIX}*`)],
      }),
    );
    s3Ingest.addToRolePolicy(
      new PolicyStatement({
        // Without it, HeadObject on a deleted object answers 403 instead of 404, and the
        // message is retried into the DLQ instead of being stored as a rejection.
        actions: ['s3:ListBucket'],
        resources: [ingest.bucket.bucketArn],
      }),
    );
    // Images: API-path frames are kept under frames/ (written while Rekognition runs); the image
    // routes serve blurred copies, made once under blurred/, and originals to auditors.
    apiIngest.addEnvironment('INGEST_BUCKET', ingest.bucket.bucketName);
    apiIngest.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [ingest.bucket.arnForObjects(`${FRAMES_PREFIX}*`)],
      }),
    );
    const sharpModules = sharpArm64Modules();
    const frameImage = new PpeFunction(this, 'FrameImageFunction', {
      entry: 'lambda/functions/frame-image.ts',
      description: 'GET /frames/{frameId}/image and .../image/original: presigned, blurred once',
      // Decoding a 4096x4096 frame needs 64 MB of pixels; more memory is also more CPU.
      memorySize: 1536,
      timeout: Duration.seconds(15),
      environment: {
        INGEST_BUCKET: ingest.bucket.bucketName,
        // Its answers carry CORS headers for the console's origins, as the other API functions'.
        CONSOLE_ORIGINS: consoleOrigins.join(','),
      },
      bundling: {
        // sharp is a native module: not bundled, but copied in as its linux-arm64 build.
        externalModules: ['sharp'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            `cp -R "${sharpModules}" "${outputDir}/node_modules"`,
          ],
        },
      },
    });
    results.bind(frameImage, 'images');
    frameImage.addToRolePolicy(
      new PolicyStatement({
        // GetObject serves HeadObject and the presigned GETs; *Version for the S3 path's
        // versioned uploads.
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [INCOMING_PREFIX, FRAMES_PREFIX, BLURRED_PREFIX].map((prefix) =>
          ingest.bucket.arnForObjects(`${prefix}*`),
        ),
      }),
    );
    frameImage.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [ingest.bucket.arnForObjects(`${BLURRED_PREFIX}*`)],
      }),
    );
    frameImage.addToRolePolicy(
      new PolicyStatement({
        // Without it, HeadObject on an expired image answers 403 instead of 404, and the route
        // would answer 503/500 instead of 404 IMAGE_NOT_FOUND.
        actions: ['s3:ListBucket'],
        resources: [ingest.bucket.bucketArn],
      }),
    );
    api.addFrameImageRoutes(frameImage);

    s3Ingest.addEventSource(
      new SqsEventSource(ingest.queue, {
        batchSize: config.s3BatchSize,
        maxConcurrency: config.s3MaxConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    // Alerts: the table stream (the outbox) -> alert-publisher -> SNS, retried, never lost.
    const alertDlq = new Queue(this, 'AlertDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const alertPublisher = new PpeFunction(this, 'AlertPublisherFunction', {
      entry: 'lambda/functions/alert-publisher.ts',
      description: 'Publish alerts for stored violations (DynamoDB stream)',
      timeout: Duration.seconds(30),
      bundledFiles,
    });
    // Every function that carries the policies is bundled by now.
    policyFile.remove();
    results.bind(alertPublisher, 'alerts');
    alerts.bindPublisher(alertPublisher);
    alertPublisher.addEventSource(
      new DynamoEventSource(results.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(alertDlq),
        filters: [
          FilterCriteria.filter({
            dynamodb: { NewImage: { alertState: { S: FilterRule.isEqual('PENDING') } } },
          }),
        ],
      }),
    );

    // Digests: every minute, what a cooldown held back that no alert after it reported.
    const alertDigest = new PpeFunction(this, 'AlertDigestFunction', {
      entry: 'lambda/functions/alert-digest.ts',
      description: 'Publish digests of violations held back by an ended cooldown (every minute)',
      timeout: Duration.seconds(50),
    });
    results.bind(alertDigest, 'digests');
    alerts.bindPublisher(alertDigest);
    // No async retries: what a failed run left is in the table, and the next run sends it.
    alertDigest.configureAsyncInvoke({ retryAttempts: 0 });
    new Rule(this, 'AlertDigestSchedule', {
      description: 'Runs the alert digest every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(alertDigest, { retryAttempts: 0 })],
    });

    // The scheduled compliance report, read from the hourly statistics.
    const reports = new Reports(this, 'Reports', {
      results,
      topicKey: alerts.key,
      accessLogBucket: ingest.accessLogBucket,
      schedule: config.reportSchedule,
      timeZone: config.reportTimezone,
      period: config.reportPeriod,
      retentionDays: config.reportRetentionDays,
      emails: config.reportEmails,
      consoleUrl: consoleHosting.origin,
    });
    const scheduledReport = reports.function;
    // Analytics: the stream -> export function -> Firehose (Parquet by day) -> S3; Glue, Athena.
    const analytics = new Analytics(this, 'Analytics', {
      table: results.table,
      accessLogBucket: ingest.accessLogBucket,
      scanLimitMb: config.athenaScanLimitMb,
      retentionDays: config.resultRetentionDays,
    });
    this.analytics = analytics;
    acknowledgeAnalytics(analytics);

    // Operations: every dead-letter queue and every function raises an alarm.
    const monitoring = new Monitoring(this, 'Monitoring', {
      operationsTopic: alerts.operationsTopic,
      deadLetterQueues: {
        S3Ingest: ingest.deadLetterQueue,
        AlertPublisher: alertDlq,
        Report: reports.deadLetterQueue,
        Export: analytics.deadLetterQueue,
      },
      functions: {
        ApiIngest: apiIngest,
        GetFrame: getFrame,
        QueryResults: queryResults,
        Review: review,
        S3Ingest: s3Ingest,
        AlertPublisher: alertPublisher,
        AlertDigest: alertDigest,
        FrameImage: frameImage,
        ScheduledReport: scheduledReport,
        Export: analytics.exportFunction,
      },
    });
    monitoring.watch(analytics.alarms);

    // Custom equipment: DetectCustomLabels on the configured model versions only, an alarm when
    // a needed model is not running, and the optional start/stop schedule.
    if (config.customEquipment.length > 0) {
      this.customModels = new CustomModels(this, 'CustomModels', {
        customEquipment: config.customEquipment,
        schedule: config.customModelSchedule,
        detectors: [apiIngest, s3Ingest],
        serviceName: 'ppe-detection',
      });
      monitoring.watch([this.customModels.notReadyAlarm]);
    }

    this.functions = {
      apiIngest,
      getFrame,
      queryResults,
      review,
      s3Ingest,
      alertPublisher,
      alertDigest,
      frameImage,
      scheduledReport,
    };
    acknowledgeNagFindings(this, { functions: this.functions, api, ingest, alertDlq });
    acknowledgeReports(this, reports);
    this.reports = reports;
    this.results = results;
    this.alerts = alerts;
    this.api = api;
    this.ingest = ingest;
    this.alertDeadLetterQueue = alertDlq;

    // The roles of the console and the cameras, as managed policies and outputs.
    this.policies = new ConsolePolicies(this, 'ConsolePolicies', {
      api: api.api,
      ingestBucket: ingest.bucket,
      incomingPrefix: INCOMING_PREFIX,
    });
    acknowledgeConsolePolicies(this, this.policies, api, ingest);

    // Sign-in for the console, and its runtime config written at deploy time.
    const consoleAuth = new ConsoleAuth(this, 'ConsoleAuth', {
      consoleUrl: consoleHosting.origin,
      domainPrefix,
      policies: this.policies,
    });
    consoleHosting.deploy(join(PROJECT_ROOT, 'console', 'dist'), {
      apiUrl: api.api.url,
      region: this.region,
      auth: 'cognito',
      userPoolId: consoleAuth.userPool.userPoolId,
      userPoolClientId: consoleAuth.client.userPoolClientId,
      identityPoolId: consoleAuth.identityPool.ref,
      domain: consoleAuth.domainName,
    });
    acknowledgeConsoleHosting(this, consoleHosting, consoleAuth);
    this.consoleHosting = consoleHosting;
    this.consoleAuth = consoleAuth;
    const consoleOutputs = {
      ConsoleUrl: [consoleHosting.origin, 'URL of the review console'],
      UserPoolId: [consoleAuth.userPool.userPoolId, "Cognito user pool of the console's users"],
      UserPoolClientId: [consoleAuth.client.userPoolClientId, "The console's app client"],
      IdentityPoolId: [consoleAuth.identityPool.ref, 'Identity pool: IAM roles per group'],
      HostedUiDomain: [consoleAuth.domainName, 'Domain of the Cognito hosted UI (sign-in)'],
    } as const;
    for (const [name, [value, description]] of Object.entries(consoleOutputs)) {
      new CfnOutput(this, name, { value, description });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.api.url, description: 'Base URL of the REST API' });
    new CfnOutput(this, 'IngestBucketName', {
      value: ingest.bucket.bucketName,
      description: `Upload frames under s3://<bucket>/${INCOMING_PREFIX}<cameraId>/`,
    });
    new CfnOutput(this, 'AlertTopicArn', {
      value: alerts.alertTopic.topicArn,
      description: 'Subscribe here to PPE violation alerts',
    });
    new CfnOutput(this, 'OperationsTopicArn', {
      value: alerts.operationsTopic.topicArn,
      description: 'Subscribe here to operational alarms',
    });
    new CfnOutput(this, 'ReportsBucketName', {
      value: reports.bucket.bucketName,
      description: 'Scheduled compliance reports, under reports/<period>/<from>_<to>/',
    });
    new CfnOutput(this, 'ReportTopicArn', {
      value: reports.topic.topicArn,
      description: 'Subscribe here to the scheduled compliance reports',
    });
    new CfnOutput(this, 'ReportFunctionName', {
      value: reports.function.functionName,
      description: 'Invoke with {"at": ISO time} to run the scheduled report for that time now',
    });
    new CfnOutput(this, 'AnalyticsWorkGroup', {
      value: analytics.workGroup.ref,
      description: 'Athena workgroup of the named queries (npm run query -- NAME --athena)',
    });
    new CfnOutput(this, 'AnalyticsDatabase', {
      value: analytics.databaseName,
      description: 'Glue database of the export tables (frames, persons, reviews)',
    });
    new CfnOutput(this, 'AnalyticsExportBucket', {
      value: analytics.bucket.bucketName,
      description: 'Parquet export, under export/<table>/day=yyyy-MM-dd/',
    });
    new CfnOutput(this, 'ResultsTableName', {
      value: results.table.tableName,
      description: 'DynamoDB table of results',
    });
  }
}
