import { Duration } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Key prefix under which cameras and gateways upload frames. */
export const INCOMING_PREFIX = 'incoming/';

/** Key prefix of the images of API-path frames, kept for the console. */
export const FRAMES_PREFIX = 'frames/';

/** Key prefix of the blurred copies, made on a frame's first view. */
export const BLURRED_PREFIX = 'blurred/';

/** Deliveries of one message before it moves to the dead-letter queue, unless configured. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** The queue's visibility timeout: six times its consumer's timeout (AWS guidance for SQS). */
export function queueVisibilityTimeout(consumerTimeout: Duration): Duration {
  return Duration.seconds(consumerTimeout.toSeconds() * 6);
}

/**
 * Days a version stays after it stopped being current (overwritten, deleted or expired), the
 * least S3 lifecycle allows: long enough for a queued event to reach the version it names.
 */
export const NONCURRENT_VERSION_DAYS = 1;

/** Props of {@link IngestBucket}. */
export interface IngestBucketProps {
  /**
   * Days after which uploaded frames under `incoming/` expire; the bucket is versioned, so an
   * expired (or deleted, or overwritten) version is kept {@link NONCURRENT_VERSION_DAYS} more.
   */
  readonly imageRetentionDays: number;
  /**
   * Timeout of the function that consumes the queue; the queue's visibility timeout is
   * six times this (AWS guidance for SQS event sources), so a message is not redelivered
   * while a batch is still being processed.
   */
  readonly consumerTimeout: Duration;
  /**
   * Deliveries of one message before it moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Days the access-log bucket keeps S3 server access logs.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
}

/**
 * The S3 upload path: a private, TLS-only bucket whose `incoming/` uploads become
 * messages in an SQS queue (with a dead-letter queue), so a burst of uploads waits in
 * the queue and is processed at the pace the consumer allows instead of being lost.
 *
 * Encryption is S3-managed (SSE-S3): Rekognition reads the objects directly (S3Object),
 * and SSE-KMS would require kms:Decrypt for every caller of DetectProtectiveEquipment.
 */
export class IngestBucket extends Construct {
  /** The bucket that receives frames under `incoming/`. */
  public readonly bucket: Bucket;
  /** Bucket that receives the ingest bucket's server access logs. */
  public readonly accessLogBucket: Bucket;
  /** Queue of `s3:ObjectCreated:*` notifications for `incoming/`. */
  public readonly queue: Queue;
  /** Notifications that failed `maxReceiveCount` times. */
  public readonly deadLetterQueue: Queue;

  public constructor(scope: Construct, id: string, props: IngestBucketProps) {
    super(scope, id);

    this.accessLogBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(props.accessLogRetentionDays ?? 90) },
      ],
    });

    this.bucket = new Bucket(this, 'Bucket', {
      // Versioned, so that S3 events name a version id and the S3 path analyses exactly the
      // bytes its event was sent for, even when the key was overwritten or deleted meanwhile.
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'ingest-bucket/',
      lifecycleRules: [
        {
          id: 'expire-incoming-images',
          prefix: INCOMING_PREFIX,
          expiration: Duration.days(props.imageRetentionDays),
        },
        // Images of both paths, and their blurred copies, are kept as long as uploads.
        {
          id: 'expire-frame-images',
          prefix: FRAMES_PREFIX,
          expiration: Duration.days(props.imageRetentionDays),
        },
        {
          id: 'expire-blurred-copies',
          prefix: BLURRED_PREFIX,
          expiration: Duration.days(props.imageRetentionDays),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          expiredObjectDeleteMarker: true,
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: queueVisibilityTimeout(props.consumerTimeout),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: props.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
      },
    });

    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
      prefix: INCOMING_PREFIX,
    });
  }
}
