import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsoleHosting } from '../../lib/console-hosting.js';
import type { PpeDetectionStack } from '../../lib/ppe-detection-stack.js';
import { ensureConsoleBuilt } from '../../local/console-build.js';
import { synthesize, TEST_CONTEXT } from './synth.js';

// Synthesize once per file: every synth bundles the functions with esbuild.
let stack: PpeDetectionStack;
let template: Template;
let logicalId: (construct: IConstruct) => string;
type Resource = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Resource>;
beforeAll(async () => {
  await ensureConsoleBuilt(() => {});
  ({ stack, template, logicalId } = synthesize(TEST_CONTEXT));
  resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});

const ofType = (type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);
const distributionDomain = () => ({
  'Fn::GetAtt': [logicalId(stack.consoleHosting.distribution), 'DomainName'],
});
const consoleUrl = (suffix = '') => ({
  'Fn::Join': ['', ['https://', distributionDomain(), ...(suffix ? [suffix] : [])]],
});

describe('the console hosting', () => {
  it('keeps the bucket private, encrypted, TLS only, unversioned and logged', () => {
    const bucket = resources[logicalId(stack.consoleHosting.bucket)] as Resource;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toBeDefined();
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(stack.ingest.accessLogBucket) },
      LogFilePrefix: 'console-bucket/',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack.consoleHosting.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          // Only CloudFront, for this distribution, reads the objects.
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('reads the bucket through origin access control, over HTTPS only, with SPA routing', () => {
    const [[oacId]] = ofType('AWS::CloudFront::OriginAccessControl') as [[string, Resource]];
    const config = (resources[logicalId(stack.consoleHosting.distribution)] as Resource).Properties
      .DistributionConfig as Record<string, unknown>;
    expect(config.DefaultRootObject).toBe('index.html');
    const [origin] = config.Origins as Array<Record<string, unknown>>;
    expect(origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(origin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    const behavior = config.DefaultCacheBehavior as Record<string, unknown>;
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CustomErrorResponses).toEqual(
      [403, 404].map((ErrorCode) => ({
        ErrorCode,
        ResponseCode: 200,
        ResponsePagePath: '/index.html',
        ErrorCachingMinTTL: 0,
      })),
    );
  });

  it('sends a strict CSP without framing, HSTS, no-sniff and no referrer', () => {
    const [[policyId, policy]] = ofType('AWS::CloudFront::ResponseHeadersPolicy') as [
      [string, Resource],
    ];
    const config = (resources[logicalId(stack.consoleHosting.distribution)] as Resource).Properties
      .DistributionConfig as { DefaultCacheBehavior: Record<string, unknown> };
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    const headers = (policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>)
      .SecurityHeadersConfig as Record<string, Record<string, unknown>>;
    const csp = JSON.stringify(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // The API, Cognito's endpoints and hosted UI, and the image bucket's presigned URLs.
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\./);
    expect(csp).toContain('https://cognito-identity.');
    expect(csp).toContain('.amazoncognito.com');
    expect(csp).toContain(logicalId(stack.ingest.bucket));
    expect(headers.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 31_536_000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it('deploys the built console and a config.json with the deployed values', () => {
    const [[, deployment]] = ofType('Custom::CDKBucketDeployment') as [[string, Resource]];
    const props = deployment.Properties;
    expect(props.DestinationBucketName).toEqual({ Ref: logicalId(stack.consoleHosting.bucket) });
    // Two sources: the built console, and config.json with markers CloudFormation fills in.
    expect((props.SourceObjectKeys as unknown[]).length).toBe(2);
    const markers = JSON.stringify((props.SourceMarkers as unknown[])[1]);
    const auth = stack.consoleAuth;
    for (const construct of [
      stack.api.api,
      auth.userPool,
      auth.client,
      auth.identityPool,
      auth.domain,
    ]) {
      const id =
        construct === auth.identityPool
          ? stack.getLogicalId(auth.identityPool)
          : logicalId(construct);
      expect(markers).toContain(id);
    }
    expect(markers).toContain('AWS::Region');
    expect(props.DistributionPaths).toEqual(['/index.html', '/config.json']);
  });
});

describe('the console sign-in', () => {
  it('has a user pool without self sign-up, a strong password policy and optional TOTP MFA', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      AccountRecoverySetting: {
        RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }],
      },
    });
  });

  it('has a public client with the code grant only, redirecting to the console', () => {
    const [[, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    const props = client.Properties;
    expect(props.GenerateSecret).toBe(false);
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.CallbackURLs).toEqual([consoleUrl('/')]);
    expect(props.LogoutURLs).toEqual([consoleUrl('/')]);
    expect(props.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['ppedetection-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('has the four groups, each with its own role carrying one matching policy', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties);
    expect(groups.map((group) => group.GroupName).sort()).toEqual([
      'auditor',
      'camera',
      'reviewer',
      'viewer',
    ]);
    const policies = stack.policies;
    const policyOf = {
      auditor: policies.auditor,
      reviewer: policies.reviewer,
      viewer: policies.viewer,
      camera: policies.camera,
    } as const;
    const roleIds = new Set<string>();
    for (const group of groups) {
      const name = group.GroupName as keyof typeof policyOf;
      const roleId = (group.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      roleIds.add(roleId);
      const role = (resources[roleId] as Resource).Properties;
      expect(role.ManagedPolicyArns).toEqual([{ Ref: logicalId(policyOf[name]) }]);
      expect(role.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                'cognito-identity.amazonaws.com:aud': {
                  Ref: stack.getLogicalId(stack.consoleAuth.identityPool),
                },
              },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            },
          },
        ],
      });
    }
    expect(roleIds.size).toBe(4);
    // The auditor's role wins over the others for a user in several groups.
    const precedence = Object.fromEntries(groups.map((g) => [g.GroupName, g.Precedence]));
    expect(precedence.auditor).toBeLessThan(precedence.reviewer as number);
    expect(precedence.reviewer).toBeLessThan(precedence.viewer as number);
  });

  it('has an identity pool without unauthenticated identities, roles from the token', () => {
    const poolId = stack.getLogicalId(stack.consoleAuth.identityPool);
    const pool = (resources[poolId] as Resource).Properties;
    expect(pool.AllowUnauthenticatedIdentities).toBe(false);
    expect(pool.CognitoIdentityProviders).toEqual([
      {
        ClientId: { Ref: logicalId(stack.consoleAuth.client) },
        ProviderName: {
          'Fn::GetAtt': [logicalId(stack.consoleAuth.userPool), 'ProviderName'],
        },
        ServerSideTokenCheck: true,
      },
    ]);
    const [[, attachment]] = ofType('AWS::Cognito::IdentityPoolRoleAttachment') as [
      [string, Resource],
    ];
    expect(attachment.Properties.IdentityPoolId).toEqual({ Ref: poolId });
    // No default role: a user in no group gets no credentials.
    expect(attachment.Properties.Roles).toBeUndefined();
    expect(attachment.Properties.RoleMappings).toEqual({
      userPool: {
        IdentityProvider: {
          'Fn::Join': [
            '',
            [
              { 'Fn::GetAtt': [logicalId(stack.consoleAuth.userPool), 'ProviderName'] },
              ':',
              { Ref: logicalId(stack.consoleAuth.client) },
            ],
          ],
        },
        Type: 'Token',
        AmbiguousRoleResolution: 'Deny',
      },
    });
  });
});

describe('the console and the API', () => {
  it("allows the distribution's origin in the API's CORS preflight", () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: {
        IntegrationResponses: [
          Match.objectLike({
            ResponseParameters: Match.objectLike({
              'method.response.header.Access-Control-Allow-Origin': {
                'Fn::Join': ['', ["'https://", distributionDomain(), "'"]],
              },
            }),
          }),
        ],
      },
    });
  });

  it('gives the outputs a user needs to sign in', () => {
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(outputs.ConsoleUrl?.Value).toEqual(consoleUrl());
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: logicalId(stack.consoleAuth.userPool) });
    expect(outputs.UserPoolClientId?.Value).toEqual({
      Ref: logicalId(stack.consoleAuth.client),
    });
    expect(outputs.IdentityPoolId?.Value).toEqual({
      Ref: stack.getLogicalId(stack.consoleAuth.identityPool),
    });
    expect(JSON.stringify(outputs.HostedUiDomain?.Value)).toContain(
      logicalId(stack.consoleAuth.domain),
    );
  });
});

describe('a deploy without a console build', () => {
  it('deploys only config.json and warns at synth how to build the console', () => {
    const app = new App();
    const bare = new Stack(app, 'Bare');
    const logs = new Bucket(bare, 'Logs');
    const hosting = new ConsoleHosting(bare, 'Hosting', {
      accessLogBucket: logs,
      imageBucket: new Bucket(bare, 'Images'),
      authDomain: 'example.auth.eu-west-1.amazoncognito.com',
    });
    hosting.deploy(join(tmpdir(), 'no-console-build-here'), {
      apiUrl: 'https://api.example.com/v1/',
      region: 'eu-west-1',
      auth: 'cognito',
      userPoolId: 'pool',
      userPoolClientId: 'client',
      identityPoolId: 'identities',
      domain: 'example.auth.eu-west-1.amazoncognito.com',
    });
    const bareTemplate = Template.fromStack(bare);
    const [deployment] = Object.values(
      bareTemplate.findResources('Custom::CDKBucketDeployment'),
    ) as Resource[];
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(1);
    Annotations.fromStack(bare).hasWarning(
      '/Bare/Hosting',
      Match.stringLikeRegexp('no index.html.*npx vite build console'),
    );
  });
});
