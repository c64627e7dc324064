import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type Stack,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseStackOutputs, readStackOutputs } from '../../smoke/cloud/stack-outputs.js';

const stack = (
  outputs: Record<string, string>,
  status: StackStatus = 'CREATE_COMPLETE',
): Stack => ({
  StackName: 'PpeDetection',
  StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/PpeDetection/0a1b2c3d',
  StackStatus: status,
  CreationTime: new Date(),
  Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
});

const complete = {
  ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
  IngestBucketName: 'ppedetection-ingest-abc',
  AlertTopicArn: 'arn:aws:sns:eu-west-1:111122223333:PpeDetection-Alerts',
  OperationsTopicArn: 'arn:aws:sns:eu-west-1:111122223333:PpeDetection-Ops',
  ResultsTableName: 'PpeDetection-Results',
};

describe('parseStackOutputs', () => {
  it('reads the API URL, bucket, topic, and the region and account from the stack id', () => {
    expect(parseStackOutputs(stack(complete))).toEqual({
      stackName: 'PpeDetection',
      region: 'eu-west-1',
      account: '111122223333',
      partition: 'aws',
      apiUrl: complete.ApiUrl,
      bucket: complete.IngestBucketName,
      alertTopicArn: complete.AlertTopicArn,
    });
  });

  it('names the output that is missing and lists those the stack has', () => {
    const { AlertTopicArn: _, ...withoutTopic } = complete;

    expect(() => parseStackOutputs(stack(withoutTopic))).toThrow(
      /stack PpeDetection has no output AlertTopicArn \(it has: ApiUrl, IngestBucketName, OperationsTopicArn, ResultsTableName\)/,
    );
  });

  it('refuses a stack that is still deploying or rolled back, naming its status', () => {
    expect(() => parseStackOutputs(stack(complete, 'UPDATE_IN_PROGRESS'))).toThrow(
      /stack PpeDetection is UPDATE_IN_PROGRESS/,
    );
  });

  it('adds the trailing slash that relative routes need to the API URL', () => {
    const url = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';

    expect(parseStackOutputs(stack({ ...complete, ApiUrl: url })).apiUrl).toBe(`${url}/`);
  });
});

describe('readStackOutputs', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  beforeEach(() => cloudFormation.reset());

  it('asks CloudFormation for the named stack', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [stack(complete)] });
    const client = new CloudFormationClient({ region: 'eu-west-1' });

    const outputs = await readStackOutputs(client, 'PpeDetection');

    expect(outputs.bucket).toBe(complete.IngestBucketName);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, {
      StackName: 'PpeDetection',
    });
  });

  it('says how to fix an unknown stack name or region', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        $metadata: {},
        message: 'Stack with id PpeDetektion does not exist',
      }),
    );
    const client = new CloudFormationClient({ region: 'eu-west-1' });

    await expect(readStackOutputs(client, 'PpeDetektion')).rejects.toThrow(
      'no stack PpeDetektion in eu-west-1: deploy it (npx cdk deploy) or pass --stack-name and --region',
    );
  });
});
