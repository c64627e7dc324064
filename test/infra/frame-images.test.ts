import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PpeDetectionStack, PpeFunctionName } from '../../lib/ppe-detection-stack.js';
import { sharpArm64Binding, sharpVersion } from '../../lib/sharp-arm64.js';
import { stagedCodeDirectory, synthesize, TEST_CONTEXT } from './synth.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

// Synthesize once per file: every synth bundles the functions with esbuild.
let stack: PpeDetectionStack;
let template: Template;
let logicalId: (construct: IConstruct) => string;
beforeAll(() => {
  ({ stack, template, logicalId } = synthesize(TEST_CONTEXT));
});

function statementsOf(name: PpeFunctionName): Statement[] {
  const roleId = logicalId(stack.functions[name].role as IConstruct);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
  );
}

const objects = (bucket: string, prefix: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${prefix}*`]],
});
const s3Statements = (name: PpeFunctionName) =>
  statementsOf(name).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('frame images in the stack', () => {
  it('expires kept frames and blurred copies after imageRetentionDays, as uploads', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'incoming/', ExpirationInDays: 14, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'frames/', ExpirationInDays: 14, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'blurred/', ExpirationInDays: 14, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('lets api-ingest put objects under frames/ and nothing else in the bucket', () => {
    const bucket = logicalId(stack.ingest.bucket);
    expect(s3Statements('apiIngest')).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects(bucket, 'frames/') },
    ]);
    expect(s3Statements('getFrame')).toEqual([]);
  });

  it('lets frame-image read the image prefixes and write only blurred copies', () => {
    const bucket = logicalId(stack.ingest.bucket);
    expect(s3Statements('frameImage')).toEqual([
      {
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Effect: 'Allow',
        // CDK sorts a statement's resources.
        Resource: ['blurred/', 'frames/', 'incoming/'].map((prefix) => objects(bucket, prefix)),
      },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects(bucket, 'blurred/') },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: { 'Fn::GetAtt': [bucket, 'Arn'] } },
    ]);
    const fn = template.toJSON().Resources[logicalId(stack.functions.frameImage)];
    expect(fn.Properties.Environment.Variables).toMatchObject({
      INGEST_BUCKET: { Ref: bucket },
      TABLE_NAME: { Ref: logicalId(stack.results.table) },
    });
    expect(fn.Properties.Architectures).toEqual(['arm64']);
  });

  it('routes both image paths, IAM-authorized, to frame-image', () => {
    const fnArn = { 'Fn::GetAtt': [logicalId(stack.functions.frameImage), 'Arn'] };
    const methods = Object.values(
      template.findResources('AWS::ApiGateway::Method', {
        Properties: {
          HttpMethod: 'GET',
          Integration: Match.objectLike({
            Uri: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([fnArn])]) }),
          }),
        },
      }),
    );
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
    }
    const paths = stack.api.api.methods
      .filter((method) => method.httpMethod === 'GET')
      .map((method) => method.resource.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/frames/{frameId}/image', '/frames/{frameId}/image/original']),
    );
  });

  it("bundles sharp's linux-arm64 binary into frame-image, and no other platform's", () => {
    const files = filesUnder(stagedCodeDirectory(stack.functions.frameImage));
    expect(files).toContain(sharpArm64Binding(sharpVersion()));
    expect(files).toContain(
      'node_modules/@img/sharp-libvips-linux-arm64/lib/libvips-cpp.so.8.18.7',
    );
    const natives = files.filter((file) => /\.node$|\.so(\.\d+)*$/.test(file));
    expect(natives.filter((file) => /x64|darwin|win32|musl/.test(file))).toEqual([]);
    // The bundle itself imports sharp from there rather than inlining it.
    expect(files).toContain('index.mjs');
  });

  it('loads sharp on the first blur, so its bundle starts where the arm64 binary cannot load', () => {
    const dir = stagedCodeDirectory(stack.functions.frameImage);
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('./index.mjs'); console.log(typeof m.handler)",
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          TABLE_NAME: 't',
          INGEST_BUCKET: 'b',
          AWS_REGION: 'us-east-1',
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    expect(loaded.trim()).toBe('function');
  });

  it('bundles sharp into no other function', () => {
    for (const name of ['apiIngest', 'getFrame'] as const) {
      const files = filesUnder(stagedCodeDirectory(stack.functions[name]));
      expect(files.some((file) => file.includes('sharp'))).toBe(false);
    }
  });
});
