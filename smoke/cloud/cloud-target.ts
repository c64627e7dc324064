import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { SmokeTarget } from '../target.js';
import { openAlertQueue } from './alert-queue.js';
import { makeApiSigner, makeSignedApi } from './signed-api.js';
import { readStackOutputs } from './stack-outputs.js';

/** What the smoke test against a deployed stack takes. */
export interface CloudTargetOptions {
  stackName: string;
  /** Where to look for the stack; the SDK's default (AWS_REGION, profile) when absent. */
  region?: string;
  waitMs: number;
  /** Names the run's queue. */
  runId: string;
}

/** The AWS clients and credentials the target uses; tests pass their own. */
export interface CloudClients {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  cloudFormation(region: string | undefined): CloudFormationClient;
  s3(region: string): S3Client;
  sqs(region: string): SQSClient;
  sns(region: string): SNSClient;
}

/** The real clients, with credentials from the default chain (env, profile, SSO, role). */
export function defaultCloudClients(): CloudClients {
  const credentials = defaultProvider();
  const config = (region: string | undefined) => ({ ...(region ? { region } : {}), credentials });
  return {
    credentials,
    cloudFormation: (region) => new CloudFormationClient(config(region)),
    s3: (region) => new S3Client(config(region)),
    sqs: (region) => new SQSClient(config(region)),
    sns: (region) => new SNSClient(config(region)),
  };
}

/**
 * A deployed stack as a smoke-test target: outputs from CloudFormation, SigV4-signed API calls,
 * uploads to the ingest bucket, and alerts through a temporary SQS queue subscribed to the topic.
 */
export async function openCloudTarget(
  options: CloudTargetOptions,
  clients: CloudClients = defaultCloudClients(),
): Promise<SmokeTarget> {
  const cloudFormation = clients.cloudFormation(options.region);
  let outputs: Awaited<ReturnType<typeof readStackOutputs>>;
  try {
    outputs = await readStackOutputs(cloudFormation, options.stackName);
  } catch (error) {
    if (error instanceof Error && /region is missing/i.test(error.message)) {
      throw new Error('no AWS region: pass --region or set AWS_REGION');
    }
    throw error;
  } finally {
    cloudFormation.destroy();
  }
  const { region, bucket, alertTopicArn } = outputs;
  const request = makeSignedApi(
    outputs.apiUrl,
    makeApiSigner({ region, credentials: clients.credentials }),
  );
  const s3 = clients.s3(region);

  return {
    description: `stack ${outputs.stackName} in ${region} (${outputs.apiUrl})`,
    waitMs: options.waitMs,
    pollIntervalMs: 3000,
    request: (method, path, body, headers) => request(method, path, body, headers),
    async upload(key, image, metadata, cleanup) {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: image,
          ContentType: 'image/jpeg',
          Metadata: metadata,
        }),
      );
      // With versioning on, deleting the version itself leaves no delete marker behind.
      const versionId = put.VersionId && put.VersionId !== 'null' ? put.VersionId : undefined;
      cleanup(`delete s3://${bucket}/${key}`, async () => {
        await s3.send(
          new DeleteObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(versionId ? { VersionId: versionId } : {}),
          }),
        );
      });
    },
    async subscribeToAlerts(cleanup) {
      return openAlertQueue(
        {
          sqs: clients.sqs(region),
          sns: clients.sns(region),
          topicArn: alertTopicArn,
          queueArn: `arn:${outputs.partition}:sqs:${region}:${outputs.account}:ppe-smoke-${options.runId}`,
        },
        cleanup,
      );
    },
  };
}
