import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, LogStream, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { loadNamedQueries } from '../analytics/named-queries.js';
import {
  EXPORT_TABLE_NAMES,
  EXPORT_TABLES,
  type ExportTable,
  PARTITION_COLUMN,
} from '../lambda/domain/export-tables.js';
import { PpeFunction } from './ppe-function.js';

/** Props of {@link Analytics}. */
export interface AnalyticsProps {
  /** The results table, whose stream (NEW_AND_OLD_IMAGES) carries commits and reviews. */
  readonly table: Table;
  /** Where the export and Athena-results buckets log their access, as the other buckets do. */
  readonly accessLogBucket: IBucket;
  /** Athena's per-query scan cutoff, in megabytes (config `athenaScanLimitMb`). */
  readonly scanLimitMb: number;
  /** How long exported rows are kept, in days (the results' retention). */
  readonly retentionDays: number;
  /**
   * The first day that partition projection knows (`yyyy-MM-dd`).
   * @default '2024-01-01'
   */
  readonly firstDay?: string;
}

/** The export's S3 prefix; each table is `export/<table>/day=yyyy-MM-dd/`. */
export const EXPORT_PREFIX = 'export/';

/**
 * The analytics path: the results table's stream -> the export function (frame commits,
 * review changes and hourly statistics items only, by filter criteria; batch item failures, bisect, an on-failure queue)
 * -> one Firehose stream per table (DirectPut, JSON converted to Parquet against the Glue
 * table, dynamically partitioned by capture day, errors under `export-errors/`) -> S3; a Glue
 * database with a table per export table (partition projection on `day`), an Athena workgroup
 * with enforced settings, a per-query scan cutoff and encrypted, expiring results, and a named
 * query per `analytics/queries/*.sql` file.
 */
export class Analytics extends Construct {
  /** Exported Parquet objects. */
  public readonly bucket: Bucket;
  /** Athena's query results (expire after 30 days). */
  public readonly resultsBucket: Bucket;
  /** The export function on the stream. */
  public readonly exportFunction: PpeFunction;
  /** Stream records the export function could not handle after its retries. */
  public readonly deadLetterQueue: Queue;
  /** The Glue database's name. */
  public readonly databaseName: string;
  /** The Athena workgroup. */
  public readonly workGroup: CfnWorkGroup;
  /** Alarms on the delivery (format conversion and partitioning failures), without actions. */
  public readonly alarms: Alarm[] = [];

  public constructor(scope: Construct, id: string, props: AnalyticsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucketDefaults = {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      versioned: false,
      serverAccessLogsBucket: props.accessLogBucket,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.bucket = new Bucket(this, 'ExportBucket', {
      ...bucketDefaults,
      serverAccessLogsPrefix: 'export-bucket/',
      lifecycleRules: [
        { expiration: Duration.days(props.retentionDays) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.resultsBucket = new Bucket(this, 'QueryResultsBucket', {
      ...bucketDefaults,
      serverAccessLogsPrefix: 'athena-results-bucket/',
      lifecycleRules: [
        { expiration: Duration.days(30) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    this.databaseName = `${stack.stackName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_analytics`;
    const database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: this.databaseName,
        description: 'PPE detection export: frames, persons and review changes (no images)',
      },
    });
    const firstDay = props.firstDay ?? '2024-01-01';
    const tables = {} as Record<ExportTable, CfnTable>;
    for (const name of EXPORT_TABLE_NAMES) {
      const location = `s3://${this.bucket.bucketName}/${EXPORT_PREFIX}${name}/`;
      const table = new CfnTable(this, `${name}Table`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: this.databaseName,
        tableInput: {
          name,
          tableType: 'EXTERNAL_TABLE',
          parameters: {
            classification: 'parquet',
            'projection.enabled': 'true',
            [`projection.${PARTITION_COLUMN}.type`]: 'date',
            [`projection.${PARTITION_COLUMN}.format`]: 'yyyy-MM-dd',
            [`projection.${PARTITION_COLUMN}.range`]: `${firstDay},NOW`,
            [`projection.${PARTITION_COLUMN}.interval`]: '1',
            [`projection.${PARTITION_COLUMN}.interval.unit`]: 'DAYS',
            'storage.location.template': `${location}${PARTITION_COLUMN}=\${${PARTITION_COLUMN}}/`,
          },
          partitionKeys: [{ name: PARTITION_COLUMN, type: 'string' }],
          storageDescriptor: {
            location,
            columns: EXPORT_TABLES[name].map(([column, type]) => ({ name: column, type })),
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            },
          },
        },
      });
      table.addDependency(database);
      tables[name] = table;
    }

    // Firehose: one stream per table (one Glue schema per conversion), DirectPut.
    const logGroup = new LogGroup(this, 'DeliveryLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deliveryRole = new Role(this, 'DeliveryRole', {
      assumedBy: new ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Firehose: write the export to S3, read the Glue schemas, log errors',
    });
    deliveryRole.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
        ],
        resources: [this.bucket.bucketArn],
      }),
    );
    deliveryRole.addToPolicy(
      new PolicyStatement({
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: [
          this.bucket.arnForObjects(`${EXPORT_PREFIX}*`),
          this.bucket.arnForObjects('export-errors/*'),
        ],
      }),
    );
    deliveryRole.addToPolicy(
      new PolicyStatement({
        actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({
            service: 'glue',
            resource: 'database',
            resourceName: this.databaseName,
          }),
          ...EXPORT_TABLE_NAMES.map((name) =>
            stack.formatArn({
              service: 'glue',
              resource: 'table',
              resourceName: `${this.databaseName}/${name}`,
            }),
          ),
        ],
      }),
    );
    const streams = {} as Record<ExportTable, CfnDeliveryStream>;
    for (const name of EXPORT_TABLE_NAMES) {
      const logStream = new LogStream(this, `${name}DeliveryLogStream`, { logGroup });
      logGroup.grantWrite(deliveryRole);
      const stream = new CfnDeliveryStream(this, `${name}Delivery`, {
        deliveryStreamType: 'DirectPut',
        deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
        extendedS3DestinationConfiguration: {
          bucketArn: this.bucket.bucketArn,
          roleArn: deliveryRole.roleArn,
          prefix: `${EXPORT_PREFIX}${name}/${PARTITION_COLUMN}=!{partitionKeyFromQuery:${PARTITION_COLUMN}}/`,
          errorOutputPrefix: `export-errors/${name}/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/`,
          // Dynamic partitioning and Parquet both want large buffers: fewer, bigger objects.
          bufferingHints: { sizeInMBs: 128, intervalInSeconds: 900 },
          compressionFormat: 'UNCOMPRESSED',
          cloudWatchLoggingOptions: {
            enabled: true,
            logGroupName: logGroup.logGroupName,
            logStreamName: logStream.logStreamName,
          },
          dynamicPartitioningConfiguration: {
            enabled: true,
            retryOptions: { durationInSeconds: 300 },
          },
          processingConfiguration: {
            enabled: true,
            processors: [
              // The export function packs rows into records (5 KB billing rounding): split them.
              {
                type: 'RecordDeAggregation',
                parameters: [{ parameterName: 'SubRecordType', parameterValue: 'JSON' }],
              },
              {
                type: 'MetadataExtraction',
                parameters: [
                  {
                    parameterName: 'MetadataExtractionQuery',
                    parameterValue: `{${PARTITION_COLUMN}: .${PARTITION_COLUMN}}`,
                  },
                  { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
                ],
              },
            ],
          },
          dataFormatConversionConfiguration: {
            enabled: true,
            inputFormatConfiguration: { deserializer: { hiveJsonSerDe: {} } },
            outputFormatConfiguration: {
              serializer: { parquetSerDe: { compression: 'SNAPPY' } },
            },
            schemaConfiguration: {
              catalogId: Aws.ACCOUNT_ID,
              databaseName: this.databaseName,
              tableName: name,
              region: Aws.REGION,
              roleArn: deliveryRole.roleArn,
              versionId: 'LATEST',
            },
          },
        },
      });
      stream.addDependency(tables[name]);
      stream.node.addDependency(deliveryRole);
      streams[name] = stream;
      for (const [metricName, what] of [
        ['FailedConversion.Records', 'records failed Parquet conversion'],
        ['PartitionCountExceeded', 'the partition count limit was exceeded'],
      ] as const) {
        this.alarms.push(
          new Alarm(this, `${name}${metricName.replace('.', '')}Alarm`, {
            alarmDescription: `Export of ${name}: ${what}; the records are under s3://${this.bucket.bucketName}/export-errors/${name}/. Fix and re-ingest them.`,
            metric: new Metric({
              namespace: 'AWS/Firehose',
              metricName,
              dimensionsMap: { DeliveryStreamName: stream.ref },
              statistic: 'Sum',
              period: Duration.minutes(5),
            }),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        );
      }
    }

    // The export function on the table's stream: commits, reviews and statistics items only.
    this.deadLetterQueue = new Queue(this, 'ExportDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.exportFunction = new PpeFunction(this, 'ExportFunction', {
      entry: 'lambda/functions/export-stream.ts',
      description:
        'Export frame commits, reviews and hourly statistics to Firehose (Parquet by day)',
      timeout: Duration.seconds(60),
      environment: {
        FRAMES_STREAM: streams.frames.ref,
        PERSONS_STREAM: streams.persons.ref,
        REVIEWS_STREAM: streams.reviews.ref,
        HOURLY_STREAM: streams.hourly.ref,
      },
    });
    this.exportFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['firehose:PutRecordBatch'],
        resources: EXPORT_TABLE_NAMES.map((name) => streams[name].attrArn),
      }),
    );
    this.exportFunction.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        // Up to a minute of changes a batch (the 6 MB payload limit applies first): a busy
        // camera-hour's statistics item then gives about one hourly row a minute, not one a frame.
        batchSize: 1000,
        maxBatchingWindow: Duration.seconds(60),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            dynamodb: {
              NewImage: {
                sk: { S: FilterRule.isEqual('FRAME') },
                state: { S: FilterRule.isEqual('DONE') },
              },
            },
          }),
          FilterCriteria.filter({
            dynamodb: {
              NewImage: {
                sk: { S: FilterRule.beginsWith('PERSON#') },
                // exists matches leaves only: a review's disposition, not the map itself.
                review: { M: { disposition: { S: FilterRule.exists() } } },
              },
            },
          }),
          FilterCriteria.filter({
            dynamodb: { NewImage: { pk: { S: FilterRule.beginsWith('STATS#') } } },
          }),
        ],
      }),
    );

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${stack.stackName}-analytics`,
      description: 'PPE detection analytics: enforced settings, scan cutoff, encrypted results',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.scanLimitMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    for (const query of loadNamedQueries()) {
      const named = new CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description.slice(0, 1024),
        database: this.databaseName,
        workGroup: this.workGroup.ref,
        queryString: query.sql,
      });
      named.addDependency(this.workGroup);
      named.addDependency(database);
    }
  }
}
