import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Props of {@link Alerts}. */
export interface AlertsProps {
  /**
   * E-mail addresses subscribed to PPE violation alerts (each must confirm by e-mail).
   * @default - no e-mail subscriptions
   */
  readonly alertEmails?: readonly string[];
  /**
   * E-mail addresses subscribed to operational alarms (DLQ messages, function errors).
   * @default - no e-mail subscriptions
   */
  readonly alarmEmails?: readonly string[];
}

/**
 * The two SNS topics people subscribe to: PPE violation alerts, and operational alarms.
 *
 * Both are encrypted with one customer-managed KMS key (rotated yearly) and accept only
 * TLS requests. A customer-managed key rather than the AWS-managed `alias/aws/sns` key,
 * because CloudWatch alarms can only publish to an encrypted topic whose key policy lets
 * `cloudwatch.amazonaws.com` use the key.
 */
export class Alerts extends Construct {
  /** Key that encrypts both topics' messages at rest. */
  public readonly key: Key;
  /** PPE violation alerts (JSON body with message attributes for filter policies). */
  public readonly alertTopic: Topic;
  /** Operational alarms for the people who run the stack. */
  public readonly operationsTopic: Topic;

  public constructor(scope: Construct, id: string, props: AlertsProps = {}) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      description: 'Encrypts PPE alert and operations SNS topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.alertTopic = new Topic(this, 'AlertTopic', {
      displayName: 'PPE alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.operationsTopic = new Topic(this, 'OperationsTopic', {
      displayName: 'PPE operations',
      masterKey: this.key,
      enforceSSL: true,
    });

    for (const email of props.alertEmails ?? []) {
      this.alertTopic.addSubscription(new EmailSubscription(email));
    }
    for (const email of props.alarmEmails ?? []) {
      this.operationsTopic.addSubscription(new EmailSubscription(email));
    }
  }

  /**
   * Lets a function publish alerts and sets its `TOPIC_ARN` environment variable.
   * Grants exactly what SNS documents for publishing to an SSE topic: `sns:Publish` on the
   * topic, `kms:GenerateDataKey` and `kms:Decrypt` on its key.
   */
  public bindPublisher(fn: LambdaFunction): void {
    fn.addEnvironment('TOPIC_ARN', this.alertTopic.topicArn);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.alertTopic.topicArn] }),
    );
    this.key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
}
