/**
 * List prices used by the cost estimate, US East (N. Virginia), on-demand, no free tier, no
 * savings plans. Each says where it was read and when: this machine has no internet, so prices
 * were read on 2026-11-27 from stored copies of the pages named, whose own dates are given.
 * Check them against the AWS pricing pages before quoting a budget.
 */
export interface Price {
  usd: number;
  unit: string;
  source: string;
}

const READ = 'read 2026-11-27';

/** The prices, by what they price. */
export const PRICES = {
  rekognitionImage: {
    usd: 0.001,
    unit: 'image (Group 2 APIs incl. DetectProtectiveEquipment, first 1M images/month)',
    source: `aws.amazon.com/rekognition/pricing, as transcribed 2026-10-07 (api-evangelist); ${READ}`,
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second, arm64 (first 7.5B GB-s/month)',
    source: `AWS Lambda pricing as quoted by cloudchipr.com (2024 guide); ${READ}`,
  },
  lambdaRequest: {
    usd: 0.2 / 1e6,
    unit: 'invocation',
    source: `AWS Lambda pricing as quoted by a Lambda cost note (git.mcrn.ar); ${READ}`,
  },
  dynamoWriteUnit: {
    usd: 0.625 / 1e6,
    unit: 'write request unit (on-demand, standard table class, after the Nov 2024 cut)',
    source: `airbyte.com DynamoDB pricing guide (July 2025); ${READ}`,
  },
  dynamoReadUnit: {
    usd: 0.125 / 1e6,
    unit: 'read request unit (on-demand)',
    source: `airbyte.com DynamoDB pricing guide (July 2025); ${READ}`,
  },
  apiGatewayRestRequest: {
    usd: 3.5 / 1e6,
    unit: 'REST API request (first 333M/month)',
    source: `awsforengineers.com and apigatewaycost.com API Gateway pricing (2025); ${READ}`,
  },
  snsPublish: {
    usd: 0.5 / 1e6,
    unit: 'publish (64 KB chunk)',
    source: 'AWS SNS list price as known (aws.amazon.com/sns/pricing); not re-read here',
  },
  snsEmailDelivery: {
    usd: 2 / 1e5,
    unit: 'e-mail notification',
    source: 'AWS SNS list price as known (aws.amazon.com/sns/pricing); not re-read here',
  },
  sqsRequest: {
    usd: 0.4 / 1e6,
    unit: 'SQS standard request (64 KB chunk)',
    source: 'AWS SQS list price as known (aws.amazon.com/sqs/pricing); not re-read here',
  },
  s3PutRequest: {
    usd: 0.005 / 1000,
    unit: 'PUT/COPY/POST/LIST or PutObjectTagging request, S3 Standard',
    source: 'AWS S3 list price as known (aws.amazon.com/s3/pricing); not re-read here',
  },
  s3GetRequest: {
    usd: 0.0004 / 1000,
    unit: 'GET/HEAD request, S3 Standard',
    source: 'AWS S3 list price as known (aws.amazon.com/s3/pricing); not re-read here',
  },
  cloudWatchLogsGb: {
    usd: 0.5,
    unit: 'GB of logs ingested',
    source: `go-cloud.io API Gateway cost guide (2026), quoting CloudWatch Logs; ${READ}`,
  },
  firehoseIngestGb: {
    usd: 0.029,
    unit: 'GB ingested by Direct PUT, each record rounded up to 5 KB (first 500 TB/month)',
    source:
      'aws.amazon.com/kinesis/data-firehose/pricing (the 5 KB rounding and the meters re-read 2026-12-02 from stored copies; the amount as known, not re-read)',
  },
  firehoseFormatConversionGb: {
    usd: 0.018,
    unit: 'GB converted from JSON to Parquet (ingested GB, 5 KB rounding)',
    source: 'aws.amazon.com/kinesis/data-firehose/pricing; amount as known, not re-read here',
  },
  firehoseDynamicPartitioningGb: {
    usd: 0.02,
    unit: 'GB delivered to S3 with dynamic partitioning',
    source: 'aws.amazon.com/kinesis/data-firehose/pricing; amount as known, not re-read here',
  },
  firehoseDynamicPartitioningObjects: {
    usd: 0.005 / 1000,
    unit: 'S3 object delivered with dynamic partitioning',
    source: 'aws.amazon.com/kinesis/data-firehose/pricing; amount as known, not re-read here',
  },
  firehoseJqHour: {
    usd: 0.07,
    unit: 'hour of JQ processing (partition-key extraction)',
    source: 'aws.amazon.com/kinesis/data-firehose/pricing; amount as known, not re-read here',
  },
  athenaTb: {
    usd: 5,
    unit: 'TB scanned by Athena SQL (10 MB minimum a query)',
    source: 'aws.amazon.com/athena/pricing, as the issue states it; not re-read here',
  },
} satisfies Record<string, Price>;
