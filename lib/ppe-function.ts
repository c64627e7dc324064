import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Repository root: bundling resolves entries, tsconfig and the lock file from here. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The newest Node.js runtime that the installed aws-cdk-lib offers. Set explicitly so a
 * CDK upgrade never changes the runtime silently; a test fails when a newer one appears.
 */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

/** CloudWatch metrics namespace shared by every function (Powertools Metrics). */
export const METRICS_NAMESPACE = 'PpeDetection';

/** Tag that marks the project's own functions, as opposed to CDK helper functions. */
export const FUNCTION_TAG = { key: 'ppe-detection:function', value: 'true' } as const;

/** Props of {@link PpeFunction}. */
export interface PpeFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'role'> {
  /** Handler file, relative to the repository root, e.g. `lambda/functions/api-ingest.ts`. */
  readonly entry: string;
  /**
   * Powertools service name (Logger `service` key, Metrics `service` dimension).
   * @default 'ppe-detection'
   */
  readonly serviceName?: string;
  /**
   * How long the function's log group keeps logs.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Files copied into the code asset beside the bundle, by name in the asset: path on this
   * machine. Their content is part of the asset's hash, so changing one updates the function.
   * @default - none
   */
  readonly bundledFiles?: Readonly<Record<string, string>>;
}

/**
 * A Node.js Lambda function with the project's settings applied once: newest runtime,
 * arm64, X-Ray tracing, an explicit log group with retention, ESM bundle with source maps.
 *
 * Each function gets its own role with write access to its own log group only (no
 * AWSLambdaBasicExecutionRole, which would allow writing to any log group).
 *
 * Bundling policy: esbuild runs locally (no Docker) and bundles every dependency,
 * the AWS SDK v3 included (`externalModules: []`). The deployed code then runs with the
 * exact versions pinned in package-lock.json rather than whatever SDK the runtime ships,
 * and tree-shaking keeps only the clients we import. The cold-start and size cost of
 * this choice is to be measured, not assumed.
 */
export class PpeFunction extends NodejsFunction {
  public constructor(scope: Construct, id: string, props: PpeFunctionProps) {
    const { serviceName, logRetention, bundling, environment, bundledFiles, ...rest } = props;
    const copies = Object.entries(bundledFiles ?? {});
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function`,
    });
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName ?? 'ppe-detection',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        // Stack traces need names and lines, not the sources: a map without them is smaller
        // and quicker to read at cold start (bench/cold-start.ts measures it).
        sourcesContent: false,
        externalModules: [],
        forceDockerBundling: false,
        ...(copies.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) =>
                  copies.map(([name, source]) => copyCommand(source, join(outputDir, name))),
              },
            }
          : {}),
        ...bundling,
      },
    });
    logGroup.grantWrite(role);
    Tags.of(this).add(FUNCTION_TAG.key, FUNCTION_TAG.value);
  }
}

/** A shell command that copies one file, for the shell that local bundling runs its hooks in. */
function copyCommand(source: string, target: string): string {
  return process.platform === 'win32'
    ? `copy /Y "${source}" "${target}"`
    : `cp "${source}" "${target}"`;
}
