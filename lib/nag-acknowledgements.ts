import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import type { Analytics } from './analytics.js';
import type { ConsoleAuth } from './console-auth.js';
import type { ConsoleHosting } from './console-hosting.js';
import type { ConsolePolicies } from './console-policies.js';
import type { IngestApi } from './ingest-api.js';
import type { IngestBucket } from './ingest-bucket.js';
import type { PpeFunctionName } from './ppe-detection-stack.js';
import type { Reports } from './reports.js';

/** The parts of the stack that carry acknowledged cdk-nag findings. */
export interface NagAcknowledgedParts {
  /** The project's functions (their roles' `*` resources). */
  readonly functions: Readonly<Record<PpeFunctionName, IFunction>>;
  /** The REST API (WAF, Cognito, account-level CloudWatch role). */
  readonly api: IngestApi;
  /** The S3 upload path (object-prefix wildcard, CDK's notifications handler). */
  readonly ingest: IngestBucket;
  /** The alert publisher's on-failure queue (itself a dead-letter queue). */
  readonly alertDlq: IQueue;
}

/** Per function, the actions it needs that AWS defines without resource-level permissions. */
const STAR_ACTIONS: Record<PpeFunctionName, string> = {
  apiIngest:
    'rekognition:DetectProtectiveEquipment, xray:PutTraceSegments, xray:PutTelemetryRecords',
  getFrame: 'xray:PutTraceSegments, xray:PutTelemetryRecords',
  queryResults: 'xray:PutTraceSegments, xray:PutTelemetryRecords',
  review: 'xray:PutTraceSegments, xray:PutTelemetryRecords',
  s3Ingest:
    'rekognition:DetectProtectiveEquipment, xray:PutTraceSegments, xray:PutTelemetryRecords',
  alertPublisher:
    'dynamodb:ListStreams (stream event source), xray:PutTraceSegments, xray:PutTelemetryRecords',
  alertDigest: 'xray:PutTraceSegments, xray:PutTelemetryRecords',
  frameImage: 'xray:PutTraceSegments, xray:PutTelemetryRecords',
  scheduledReport: 'xray:PutTraceSegments, xray:PutTelemetryRecords',
};

/**
 * Every cdk-nag AwsSolutions finding that the stack keeps on purpose, each at the narrowest
 * construct and with its reason. Any finding not listed here, error or warning, fails
 * `cdk synth` and test/infra/cdk-nag.test.ts: fix it, or add it here with a real reason.
 */
export function acknowledgeNagFindings(stack: Stack, parts: NagAcknowledgedParts): void {
  const ack = (scope: IConstruct | undefined, id: string, reason: string): void => {
    if (!scope) throw new Error(`cdk-nag acknowledgement ${id}: construct not found`);
    Validations.of(scope).acknowledge({ id, reason });
  };

  const defaultPolicyOf = (fn: IFunction) => fn.role?.node.tryFindChild('DefaultPolicy');
  for (const [name, fn] of Object.entries(parts.functions)) {
    ack(
      defaultPolicyOf(fn),
      'AwsSolutions-IAM5[Resource::*]',
      `Resource "*" holds only actions that support no resource-level permissions: ${
        STAR_ACTIONS[name as PpeFunctionName]
      }. Every other statement names its table, index, queue, topic, key or log group.`,
    );
  }

  ack(
    defaultPolicyOf(parts.functions.s3Ingest),
    `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(
      parts.ingest.bucket.node.defaultChild as CfnElement,
    )}.Arn>/incoming/*]`,
    'The S3 consumer reads (s3:GetObject, also used by Rekognition with the caller credentials) ' +
      'and tags (s3:PutObjectTagging) any uploaded frame, and only frames: the wildcard is ' +
      'limited to the incoming/ prefix where cameras upload.',
  );

  const bucketArn = `<${stack.getLogicalId(parts.ingest.bucket.node.defaultChild as CfnElement)}.Arn>`;
  ack(
    defaultPolicyOf(parts.functions.apiIngest),
    `AwsSolutions-IAM5[Resource::${bucketArn}/frames/*]`,
    'POST /frames keeps each analysed image as frames/<frameId>.<jpg|png> (s3:PutObject only); ' +
      'frame ids are made per request, so the grant is limited to the frames/ prefix.',
  );
  for (const prefix of ['incoming', 'frames', 'blurred']) {
    ack(
      defaultPolicyOf(parts.functions.frameImage),
      `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}/*]`,
      'The image routes read any frame image (s3:GetObject, s3:GetObjectVersion: the S3 path ' +
        'names object versions) and presign GETs with the same grant, and write only blurred ' +
        'copies (s3:PutObject on blurred/*): every wildcard is limited to an image prefix.',
    );
  }

  for (const method of parts.api.api.methods) {
    ack(
      method,
      'AwsSolutions-COG4',
      'Callers are cameras and gateways that sign requests with AWS credentials (IAM ' +
        'authorization, SigV4) instead of end users with a Cognito user pool.',
    );
  }

  for (const method of parts.api.api.methods.filter((m) => m.httpMethod === 'OPTIONS')) {
    ack(
      method,
      'AwsSolutions-APIG4',
      "CORS preflight for the console's origins: browsers send OPTIONS without credentials, so it " +
        'cannot be signed. It is a mock integration that answers only the CORS headers; no data ' +
        'and no function is behind it.',
    );
  }

  ack(
    parts.api.api.deploymentStage,
    'AwsSolutions-APIG3',
    'WAF is left to the operator: the API is IAM-authenticated and throttled at the stage, ' +
      'and a web ACL costs per month and per request with rules that vary by site. ' +
      'Associate one with the stage where policy requires it.',
  );

  ack(
    parts.api.api.node.tryFindChild('CloudWatchRole'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'API Gateway writes execution logs through one account-level role; the AWS-managed ' +
      'policy is the one AWS documents for it and follows new log actions.',
  );

  ack(
    findChildByPrefix(stack, 'BucketNotificationsHandler'),
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'CDK-internal singleton that configures the bucket notification at deploy time; ' +
      'its role and policy are defined by aws-cdk-lib and it runs only during deployments.',
  );

  ack(
    parts.alertDlq,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue: the on-failure destination of the ' +
      'alert publisher stream mapping. An alarm fires on its first message.',
  );
}

/** CDK singletons get ids with a hash suffix; find one by its stable prefix. */
function findChildByPrefix(scope: IConstruct, prefix: string): IConstruct | undefined {
  return scope.node.children.find((child) => child.node.id.startsWith(prefix));
}

/**
 * The role policies' wildcards: API Gateway ARNs have `*` where a path has a parameter (a frame
 * id, a camera id, a person id), and cameras upload any key under `incoming/`.
 */
export function acknowledgeConsolePolicies(
  stack: Stack,
  policies: ConsolePolicies,
  api: IngestApi,
  ingest: IngestBucket,
): void {
  const id = (construct: IConstruct) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const prefix = `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${id(api.api)}>/<${stack.getLogicalId(api.api.deploymentStage.node.defaultChild as CfnElement)}>`;
  for (const name of ['camera', 'viewer', 'reviewer', 'auditor'] as const) {
    for (const [method, path] of policies.routes[name].filter(([, p]) => p.includes('*'))) {
      Validations.of(policies[name]).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${prefix}/${method}${path}]`,
        reason: `${method} ${path.replaceAll('*', '{id}')}: API Gateway ARNs name a path parameter only with \`*\`.`,
      });
    }
  }
  Validations.of(policies.camera).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${id(ingest.bucket)}.Arn>/incoming/*]`,
    reason: 'Cameras upload frames as any key under incoming/, and only there.',
  });
}

/** The console's hosting and sign-in findings kept on purpose, each with its reason. */
export function acknowledgeConsoleHosting(
  stack: Stack,
  hosting: ConsoleHosting,
  auth: ConsoleAuth,
): void {
  const ack = (scope: IConstruct | undefined, id: string, reason: string): void => {
    if (!scope) throw new Error(`cdk-nag acknowledgement ${id}: construct not found`);
    Validations.of(scope).acknowledge({ id, reason });
  };
  const distribution = hosting.distribution;
  ack(
    distribution,
    'AwsSolutions-CFR1',
    "The console is open to its signed-in users wherever they are; geo restrictions are the operator's choice, as for the API.",
  );
  ack(
    distribution,
    'AwsSolutions-CFR2',
    'The distribution serves only the static console; every datum sits behind the IAM-authorized API. A web ACL (WAF) is left to the operator, as for the API.',
  );
  ack(
    distribution,
    'AwsSolutions-CFR3',
    "CloudFront standard logs need a bucket with ACLs enabled; the console's bucket logs its reads (S3 server access logs, in the stack's access-log bucket) and the API logs every call.",
  );
  ack(
    distribution,
    'AwsSolutions-CFR4',
    "The distribution uses CloudFront's default *.cloudfront.net certificate, whose security policy CloudFront fixes; a custom domain and certificate (with TLSv1.2_2021) are left to the operator. Viewers are redirected to HTTPS and HSTS is sent.",
  );
  const pool = auth.userPool.node.defaultChild;
  ack(
    pool,
    'AwsSolutions-COG2',
    'MFA is optional by design (issue 11): every user can enrol a TOTP authenticator; an operator may require it.',
  );
  ack(
    pool,
    'AwsSolutions-COG8',
    'The Plus feature plan (threat protection) is billed per active user; it is left to the operator. Users are created by an administrator only, with a strong password policy.',
  );
  const deployer = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  const deployerReasons = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      "CDK's BucketDeployment handler writes its logs with the basic execution policy.",
    'AwsSolutions-IAM5[Action::s3:Abort*]':
      "CDK's BucketDeployment grant: read its asset, write the console's bucket.",
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]':
      "CDK's BucketDeployment grant: it prunes old files from the console's bucket.",
    'AwsSolutions-IAM5[Action::s3:GetBucket*]':
      "CDK's BucketDeployment grant on its asset and the console's bucket.",
    'AwsSolutions-IAM5[Action::s3:GetObject*]':
      "CDK's BucketDeployment grant on its asset and the console's bucket.",
    'AwsSolutions-IAM5[Action::s3:List*]':
      "CDK's BucketDeployment grant on its asset and the console's bucket.",
    'AwsSolutions-IAM5[Resource::*]':
      'cloudfront:CreateInvalidation and GetInvalidation, which the handler calls after a deploy, support no resource-level permissions in its grant.',
    'AwsSolutions-IAM5[Resource::<ConsoleHostingBucket878524FF.Arn>/*]':
      "The handler writes every file of the console into the console's bucket.",
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]':
      "CDK's bootstrap asset bucket, where the handler reads the console's asset.",
    'AwsSolutions-L1':
      "CDK chooses the BucketDeployment handler's runtime with aws-cdk-lib's version.",
  };
  for (const [id, reason] of Object.entries(deployerReasons)) ack(deployer, id, reason);
}

/** The scheduled report's findings kept on purpose: its files' prefix, its dead-letter queue. */
export function acknowledgeReports(stack: Stack, reports: Reports): void {
  const ack = (scope: IConstruct | undefined, id: string, reason: string): void => {
    if (!scope) throw new Error(`cdk-nag acknowledgement ${id}: construct not found`);
    Validations.of(scope).acknowledge({ id, reason });
  };
  const bucketArn = `<${stack.getLogicalId(reports.bucket.node.defaultChild as CfnElement)}.Arn>`;
  ack(
    reports.function.role?.node.tryFindChild('DefaultPolicy'),
    `AwsSolutions-IAM5[Resource::${bucketArn}/reports/*]`,
    "The report function writes (s3:PutObject only) each period's CSV and HTML under a key " +
      'made of its period, so the grant is limited to the reports/ prefix of the reports bucket.',
  );
  const functionArn = `<${stack.getLogicalId(reports.function.node.defaultChild as CfnElement)}.Arn>`;
  ack(
    reports.scheduleRole.node.tryFindChild('DefaultPolicy'),
    `AwsSolutions-IAM5[Resource::${functionArn}:*]`,
    'The scheduler may invoke the report function only (lambda:InvokeFunction): the ":*" is ' +
      "that function's own versions and aliases, as CDK's grantInvoke writes it.",
  );
  ack(
    reports.deadLetterQueue,
    'AwsSolutions-SQS3',
    "It is itself the dead-letter queue of the report schedule and of the report function's " +
      'asynchronous invocations; a message in it raises an alarm.',
  );
}

/** The analytics export's acknowledged findings, each with its reason. */
export function acknowledgeAnalytics(analytics: Analytics): void {
  const ack = (scope: IConstruct | undefined, id: string, reason: string): void => {
    if (!scope) throw new Error(`cdk-nag acknowledgement ${id}: construct not found`);
    Validations.of(scope).acknowledge({ id, reason });
  };
  const deliveryPolicy = analytics.node
    .tryFindChild('DeliveryRole')
    ?.node.tryFindChild('DefaultPolicy');
  for (const prefix of ['export', 'export-errors']) {
    ack(
      deliveryPolicy,
      `AwsSolutions-IAM5[Resource::<${bucketLogicalId(analytics)}.Arn>/${prefix}/*]`,
      `Firehose writes objects whose keys it makes (dynamic partitions by day, its own object names) under the ${prefix}/ prefix of the export bucket only.`,
    );
  }
  ack(
    analytics.exportFunction.role?.node.tryFindChild('DefaultPolicy'),
    'AwsSolutions-IAM5[Resource::*]',
    'Resource "*" holds only actions that support no resource-level permissions: dynamodb:ListStreams (stream event source), xray:PutTraceSegments, xray:PutTelemetryRecords. Firehose, the stream and the queue are named.',
  );
  ack(
    analytics.deadLetterQueue.node.defaultChild,
    'AwsSolutions-SQS3',
    'This queue is itself the on-failure destination of the export stream mapping. An alarm fires on its first message.',
  );
}

/** The export bucket's logical id, as cdk-nag names its ARN in a finding. */
function bucketLogicalId(analytics: Analytics): string {
  return analytics.bucket.stack.getLogicalId(analytics.bucket.node.defaultChild as CfnElement);
}
