import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PpeDetectionStack } from '../../lib/ppe-detection-stack.js';
import { synthesize, TEST_CONTEXT } from './synth.js';

const CONSOLE = 'https://console.example.com';

// Synthesize once per file: every synth bundles the functions with esbuild.
let stack: PpeDetectionStack;
let template: Template;
let logicalId: (construct: IConstruct) => string;
type Resource = { Type: string; Properties: Record<string, unknown> };
let resources: Record<string, Resource>;
beforeAll(() => {
  ({ stack, template, logicalId } = synthesize({ ...TEST_CONTEXT, consoleOrigins: CONSOLE }));
  resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});

/** The logical id of the console's CloudFront distribution, whose origin is always allowed. */
const distributionId = () => logicalId(stack.consoleHosting.distribution);

/** A CloudFormation string as cdk-nag shows it: references as `<LogicalId>`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return `<${String(object.Ref)}>`;
  if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** IAM's answer for one policy alone: an Allow that matches, and no Deny that does. */
function allows(policyId: string, action: string, resource: string): boolean {
  const statements = (
    (resources[policyId] as Resource).Properties.PolicyDocument as unknown as {
      Statement: Statement[];
    }
  ).Statement;
  const matching = statements.filter((statement) => {
    const actions = [statement.Action].flat();
    const targets = [statement.Resource].flat().map(render);
    return actions.includes(action) && targets.some((target) => glob(target).test(resource));
  });
  return (
    matching.some((statement) => statement.Effect === 'Allow') &&
    !matching.some((statement) => statement.Effect === 'Deny')
  );
}

const route = (method: string, path: string) =>
  `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${logicalId(stack.api.api)}>/<${logicalId(stack.api.api.deploymentStage)}>/${method}${path}`;

const ROUTES = {
  postFrame: ['POST', '/frames'],
  getFrame: ['GET', '/frames/k-1'],
  blurredImage: ['GET', '/frames/k-1/image'],
  originalImage: ['GET', '/frames/k-1/image/original'],
  trail: ['GET', '/frames/k-1/reviews'],
  review: ['PUT', '/frames/k-1/persons/2/review'],
  cameras: ['GET', '/cameras'],
  timeline: ['GET', '/cameras/cam-01/frames'],
  violations: ['GET', '/violations'],
  report: ['GET', '/reports/compliance'],
} as const;
type RouteName = keyof typeof ROUTES;
const ALL = Object.keys(ROUTES) as RouteName[];
const VIEWER: RouteName[] = [
  'getFrame',
  'blurredImage',
  'cameras',
  'timeline',
  'violations',
  'report',
];
const EXPECTED: Record<'camera' | 'viewer' | 'reviewer' | 'auditor', RouteName[]> = {
  camera: ['postFrame'],
  viewer: VIEWER,
  reviewer: [...VIEWER, 'review'],
  auditor: [...VIEWER, 'review', 'originalImage', 'trail'],
};

describe('role policies', () => {
  describe.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('%s', (role) => {
    it.each(ALL)(`may or may not invoke %s exactly as the role allows`, (name) => {
      const [method, path] = ROUTES[name];
      const policy = logicalId(stack.policies[role]);

      expect(allows(policy, 'execute-api:Invoke', route(method, path))).toBe(
        EXPECTED[role].includes(name),
      );
    });
  });

  it('lets only the camera upload, and only under incoming/', () => {
    const bucket = `<${logicalId(stack.ingest.bucket)}.Arn>`;
    const camera = logicalId(stack.policies.camera);

    expect(allows(camera, 's3:PutObject', `${bucket}/incoming/cam-01/f.jpg`)).toBe(true);
    expect(allows(camera, 's3:PutObject', `${bucket}/frames/f.jpg`)).toBe(false);
    for (const role of ['viewer', 'reviewer', 'auditor'] as const) {
      expect(allows(logicalId(stack.policies[role]), 's3:PutObject', `${bucket}/incoming/x`)).toBe(
        false,
      );
    }
  });

  it('gives each policy as a stack output', () => {
    for (const [output, role] of [
      ['CameraPolicyArn', 'camera'],
      ['ViewerPolicyArn', 'viewer'],
      ['ReviewerPolicyArn', 'reviewer'],
      ['AuditorPolicyArn', 'auditor'],
    ] as const) {
      template.hasOutput(output, { Value: { Ref: logicalId(stack.policies[role]) } });
    }
  });
});

describe("CORS for the console's origins", () => {
  const methods = () =>
    Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method');

  it('answers the preflight on every resource, without authorization', () => {
    const resourceIds = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::ApiGateway::Resource')
      .map(([id]) => id);
    const preflights = methods().filter((m) => m.Properties.HttpMethod === 'OPTIONS');

    expect(resourceIds.length).toBeGreaterThan(5);
    for (const id of resourceIds) {
      expect(
        preflights.some((m) => (m.Properties.ResourceId as { Ref?: string }).Ref === id),
        id,
      ).toBe(true);
    }
    for (const preflight of preflights) {
      expect(preflight.Properties.AuthorizationType).toBe('NONE');
      const integration = preflight.Properties.Integration as {
        Type: string;
        IntegrationResponses: { ResponseParameters: Record<string, string> }[];
      };
      expect(integration.Type).toBe('MOCK');
      const response = integration.IntegrationResponses[0] as {
        ResponseParameters: Record<string, unknown>;
        ResponseTemplates: Record<string, unknown>;
      };
      // The distribution's origin first; the configured one when the request comes from it.
      expect(response.ResponseTemplates['application/json']).toContain(
        `#if($origin == "${CONSOLE}")`,
      );
      expect(response.ResponseParameters).toMatchObject({
        'method.response.header.Access-Control-Allow-Origin': {
          'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, "'"]],
        },
        'method.response.header.Access-Control-Allow-Methods': "'GET,PUT,POST,OPTIONS'",
        'method.response.header.Access-Control-Allow-Headers':
          "'Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Amz-Content-Sha256,Idempotency-Key'",
      });
    }
  });

  it('keeps IAM authorization on every other method', () => {
    for (const method of methods().filter((m) => m.Properties.HttpMethod !== 'OPTIONS')) {
      expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
    }
  });

  it("echoes the request's origin on every error API Gateway answers itself", () => {
    const responses = Object.values(resources).filter(
      (r) => r.Type === 'AWS::ApiGateway::GatewayResponse',
    );

    expect(responses.length).toBeGreaterThan(5);
    for (const response of responses) {
      expect(response.Properties.ResponseParameters).toMatchObject({
        // Two origins (the distribution's and the configured one): a gateway response cannot
        // choose between them, so it echoes the request's (its bodies are errors only).
        'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
      });
    }
  });

  it('tells the API functions the origins, and no other function', () => {
    const api = [
      stack.functions.apiIngest,
      stack.functions.getFrame,
      stack.functions.queryResults,
      stack.functions.review,
      stack.functions.frameImage,
    ];
    for (const fn of Object.values(stack.functions)) {
      const variables = (
        (resources[logicalId(fn)] as Resource).Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.CONSOLE_ORIGINS).toEqual(
        api.includes(fn)
          ? {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, `,${CONSOLE}`],
              ],
            }
          : undefined,
      );
    }
  });
});
