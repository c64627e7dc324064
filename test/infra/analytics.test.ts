import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNamedQueries } from '../../analytics/named-queries.js';
import { buildApp } from './synth.js';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildApp({ athenaScanLimitMb: '200' }).stack);
});

const resourcesOf = (type: string) => Object.values(template.findResources(type));

describe('the analytics export in the template', () => {
  it('maps the results stream to the export function for commits, reviews and statistics items only, losing nothing', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('AnalyticsExportFunction') },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExportDeadLetterQueue'), 'Arn'] },
        },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: { NewImage: { sk: { S: ['FRAME'] }, state: { S: ['DONE'] } } },
            }),
          },
          {
            Pattern: JSON.stringify({
              dynamodb: {
                NewImage: {
                  sk: { S: [{ prefix: 'PERSON#' }] },
                  review: { M: { disposition: { S: [{ exists: true }] } } },
                },
              },
            }),
          },
          {
            Pattern: JSON.stringify({
              dynamodb: { NewImage: { pk: { S: [{ prefix: 'STATS#' }] } } },
            }),
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExportDeadLetterQueue'), 'QueueName'] },
        },
      ],
      AlarmActions: Match.anyValue(),
    });
  });

  it('converts each table to Parquet against its Glue table, partitioned by day, with an error prefix', () => {
    const streams = resourcesOf('AWS::KinesisFirehose::DeliveryStream');
    expect(streams).toHaveLength(4);
    for (const table of ['frames', 'persons', 'reviews', 'hourly']) {
      template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: Match.objectLike({
          Prefix: `export/${table}/day=!{partitionKeyFromQuery:day}/`,
          ErrorOutputPrefix: `export-errors/${table}/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
          DynamicPartitioningConfiguration: {
            Enabled: true,
            RetryOptions: { DurationInSeconds: 300 },
          },
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'RecordDeAggregation',
                Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }],
              },
              Match.objectLike({
                Type: 'MetadataExtraction',
                Parameters: Match.arrayWith([
                  { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{day: .day}' },
                ]),
              }),
            ],
          },
          DataFormatConversionConfiguration: Match.objectLike({
            Enabled: true,
            OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
            SchemaConfiguration: Match.objectLike({ TableName: table, VersionId: 'LATEST' }),
          }),
        }),
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Firehose',
      MetricName: 'FailedConversion.Records',
      AlarmActions: Match.anyValue(),
    });
  });

  it("reads the results table's stream with new and old images", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('AnalyticsExportFunction') },
      EventSourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] },
    });
  });

  it('lets Firehose write only under the export prefixes and read only the four Glue tables', () => {
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) =>
      id.startsWith('AnalyticsDeliveryRole'),
    );
    expect(role?.[1].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'firehose.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('AnalyticsDeliveryRoleDefaultPolicy'),
    );
    const statements = policy?.[1].Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const text = JSON.stringify(statements);
    expect(text).toContain('/export/*');
    expect(text).toContain('/export-errors/*');
    expect(text).not.toMatch(/"s3:\*"|"glue:\*"|"Resource":"\*"/);
    const glue = statements.find((statement) => String(statement.Action).includes('glue:'));
    for (const table of ['frames', 'persons', 'reviews', 'hourly']) {
      expect(JSON.stringify(glue?.Resource)).toContain(`:table/ppedetection_analytics/${table}"`);
    }
    expect(JSON.stringify(glue?.Resource).match(/:table\//g)).toHaveLength(4);
  });

  it('lets the export function put records to the four streams and nothing else', () => {
    const policies = resourcesOf('AWS::IAM::Policy').filter((policy) =>
      JSON.stringify(policy).includes('firehose:PutRecordBatch'),
    );
    expect(policies).toHaveLength(1);
    const statements = (policies[0]?.Properties.PolicyDocument.Statement ?? []) as {
      Action: unknown;
      Resource: unknown[];
    }[];
    const statement = statements.find((entry) => entry.Action === 'firehose:PutRecordBatch');
    expect(statement?.Resource).toHaveLength(4);
    expect(JSON.stringify(statement?.Resource)).not.toContain('*');
  });

  it('projects the day partitions of each Glue table, without a crawler', () => {
    for (const table of ['frames', 'persons', 'reviews', 'hourly']) {
      template.hasResourceProperties('AWS::Glue::Table', {
        TableInput: Match.objectLike({
          Name: table,
          PartitionKeys: [{ Name: 'day', Type: 'string' }],
          Parameters: Match.objectLike({
            'projection.enabled': 'true',
            'projection.day.type': 'date',
            'projection.day.format': 'yyyy-MM-dd',
            'projection.day.range': '2024-01-01,NOW',
            'storage.location.template': {
              'Fn::Join': ['', ['s3://', Match.anyValue(), `/export/${table}/day=\${day}/`]],
            },
          }),
        }),
      });
    }
    const persons = resourcesOf('AWS::Glue::Table').find(
      (table) => table.Properties.TableInput.Name === 'persons',
    );
    const columns = JSON.stringify(persons?.Properties.TableInput.StorageDescriptor.Columns);
    expect(columns).not.toMatch(/box|image|face|body/i);
  });

  it('gives the hourly table a version, the fixed counters and the counts by equipment as maps', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'hourly',
        StorageDescriptor: Match.objectLike({
          Columns: Match.arrayWith([
            { Name: 'hour', Type: 'timestamp' },
            { Name: 'version', Type: 'bigint' },
            { Name: 'violations', Type: 'bigint' },
            { Name: 'false_positives', Type: 'bigint' },
            { Name: 'missing', Type: 'map<string,bigint>' },
            { Name: 'false_positive_missing', Type: 'map<string,bigint>' },
          ]),
        }),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          HOURLY_STREAM: { Ref: Match.stringLikeRegexp('AnalyticshourlyDelivery') },
        }),
      },
    });
  });

  it('enforces the workgroup, its scan cutoff from config and encrypted results that expire', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 200 * 1024 * 1024,
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        }),
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: {
        DestinationBucketName: Match.anyValue(),
        LogFilePrefix: 'athena-results-bucket/',
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30 })]),
      },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
      BucketEncryption: Match.anyValue(),
    });
  });

  it('keeps one named query per .sql file, with its text', () => {
    const queries = loadNamedQueries();
    expect(resourcesOf('AWS::Athena::NamedQuery')).toHaveLength(queries.length);
    for (const query of queries) {
      template.hasResourceProperties('AWS::Athena::NamedQuery', {
        Name: query.name,
        QueryString: query.sql,
        WorkGroup: { Ref: Match.stringLikeRegexp('AnalyticsWorkGroup') },
      });
    }
  });
});

describe('the scan cutoff configuration', () => {
  it('fails synth naming athenaScanLimitMb below Athena minimum', () => {
    expect(() => buildApp({ athenaScanLimitMb: '5' })).toThrow(/athenaScanLimitMb/);
  });
});
