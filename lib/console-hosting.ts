import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** What the console reads from `config.json` beside its `index.html`, at run time. */
export interface ConsoleRuntimeConfig {
  readonly apiUrl: string;
  readonly region: string;
  readonly auth: 'cognito';
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
  /** The hosted UI's domain, such as `prefix.auth.eu-west-1.amazoncognito.com`. */
  readonly domain: string;
}

/** Props of {@link ConsoleHosting}. */
export interface ConsoleHostingProps {
  /** Where the console's own objects' access logs go (the stack's access-log bucket). */
  readonly accessLogBucket: IBucket;
  /** The bucket whose presigned URLs the console shows images from (the ingest bucket). */
  readonly imageBucket: IBucket;
  /** The hosted UI's domain, which the console sends the browser to and fetches tokens from. */
  readonly authDomain: string;
}

/**
 * The content security policy of the console: its own scripts only, the API, Cognito and the
 * image bucket's presigned URLs in this region, no framing (clickjacking).
 */
export function consoleContentSecurityPolicy(imageHost: string, authDomain: string): string {
  const region = Aws.REGION;
  const api = `https://*.execute-api.${region}.amazonaws.com`;
  const cognito = `https://cognito-idp.${region}.amazonaws.com https://cognito-identity.${region}.amazonaws.com https://${authDomain}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: https://${imageHost}`,
    `connect-src 'self' ${api} ${cognito}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' https://${authDomain}`,
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * The review console in the cloud: a private bucket read by CloudFront through origin access
 * control, strict security headers, single-page routing (unknown paths answer `index.html`),
 * and the built console deployed with a `config.json` written at deploy time.
 */
export class ConsoleHosting extends Construct {
  /** The private bucket that holds the built console. */
  public readonly bucket: Bucket;
  /** The CloudFront distribution in front of it. */
  public readonly distribution: Distribution;
  /** The console's origin, `https://<distribution domain>` (a token until deploy). */
  public readonly origin: string;

  public constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      // The bucket holds only the build output, which a deploy writes again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'PPE review console: strict CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy(
            props.imageBucket.bucketRegionalDomainName,
            props.authDomain,
          ),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'PPE review console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      // A path such as /frames/abc is a route of the app, not an object: answer index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Deploys the built console from `distPath` (when it holds an `index.html`) and `config.json`
   * with the deployed stack's values. Without a build, only `config.json` is deployed and synth
   * warns: build the console (`npx vite build console`) before `cdk deploy`.
   */
  public deploy(distPath: string, config: ConsoleRuntimeConfig): BucketDeployment {
    const built = existsSync(join(distPath, 'index.html'));
    if (!built) {
      Annotations.of(this).addWarningV2(
        'ppe:console-not-built',
        `${distPath} has no index.html: only config.json is deployed, the console is not served. Build it with \`npx vite build console\`, then run \`cdk deploy\` again.`,
      );
    }
    return new BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [...(built ? [Source.asset(distPath)] : []), Source.jsonData('config.json', config)],
      // config.json must not be cached: it changes with every deploy that changes a value.
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
    });
  }
}
