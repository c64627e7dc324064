import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';

/** The stack outputs the smoke test uses, as lib/ppe-detection-stack.ts declares them. */
export const REQUIRED_OUTPUTS = ['ApiUrl', 'IngestBucketName', 'AlertTopicArn'] as const;

/** The deployed stack as the smoke test sees it. */
export interface StackOutputs {
  stackName: string;
  /** The stack's region, from its ARN: Rekognition, the API and the bucket live there. */
  region: string;
  /** The stack's account and partition, from its ARN: the caller's own. */
  account: string;
  partition: string;
  /** The API's base URL, ending in `/`. */
  apiUrl: string;
  bucket: string;
  alertTopicArn: string;
}

/** The outputs the smoke test needs, and every output by key for callers that need one more. */
export type DescribedStack = StackOutputs & { all: Readonly<Record<string, string>> };

/** States in which the stack's resources are all in place. */
const USABLE_STATUSES = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

/**
 * Reads the outputs the smoke test needs from a DescribeStacks answer; fails naming a stack
 * that is not in a usable state or an output that is missing.
 */
export function parseStackOutputs(stack: Stack): StackOutputs {
  const name = stack.StackName ?? '(unnamed)';
  const status = stack.StackStatus ?? 'UNKNOWN';
  if (!USABLE_STATUSES.has(status)) {
    throw new Error(`stack ${name} is ${status}: wait for it or deploy it again (npx cdk deploy)`);
  }
  const outputs = new Map(
    (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  const missing = REQUIRED_OUTPUTS.filter((key) => !outputs.get(key));
  if (missing.length > 0) {
    const has = [...outputs.keys()].join(', ') || 'none';
    throw new Error(
      `stack ${name} has no output ${missing.join(', ')} (it has: ${has}): is it this project's stack, deployed from this version?`,
    );
  }
  const arn = /^arn:([\w-]+):cloudformation:([a-z0-9-]+):(\d{12}):/.exec(stack.StackId ?? '');
  const [, partition, region, account] = arn ?? [];
  if (!partition || !region || !account) {
    throw new Error(`stack ${name} has no region and account in its id ${stack.StackId}`);
  }
  const apiUrl = outputs.get('ApiUrl') ?? '';
  return {
    stackName: name,
    region,
    account,
    partition,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    bucket: outputs.get('IngestBucketName') ?? '',
    alertTopicArn: outputs.get('AlertTopicArn') ?? '',
  };
}

/** DescribeStacks for one stack, with a message that says what to do when it is not there. */
export async function readStackOutputs(
  client: CloudFormationClient,
  stackName: string,
): Promise<DescribedStack> {
  let stack: Stack | undefined;
  try {
    stack = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ValidationError' && /does not exist/.test(String((error as Error).message))) {
      const region = await client.config.region().catch(() => 'the configured region');
      throw new Error(
        `no stack ${stackName} in ${region}: deploy it (npx cdk deploy) or pass --stack-name and --region`,
      );
    }
    throw error;
  }
  if (!stack) throw new Error(`DescribeStacks returned no stack ${stackName}`);
  const all = Object.fromEntries(
    (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  return { ...parseStackOutputs(stack), all };
}
