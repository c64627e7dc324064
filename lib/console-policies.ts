import { CfnOutput } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** A route as IAM sees it: a method and a path, `*` for each path parameter. */
export type Route = readonly [method: string, path: string];

/** What a viewer reads: frames and their blurred images, cameras, violations, reports. */
const VIEWER_ROUTES: readonly Route[] = [
  ['GET', '/frames/*'],
  ['GET', '/frames/*/image'],
  ['GET', '/cameras'],
  ['GET', '/cameras/*/frames'],
  ['GET', '/violations'],
  ['GET', '/reports/compliance'],
];
const REVIEWER_ROUTES: readonly Route[] = [...VIEWER_ROUTES, ['PUT', '/frames/*/persons/*/review']];
/** Auditor only: the unblurred original and the review trail. */
const AUDITOR_ONLY_ROUTES: readonly Route[] = [
  ['GET', '/frames/*/image/original'],
  ['GET', '/frames/*/reviews'],
];
const AUDITOR_ROUTES: readonly Route[] = [...REVIEWER_ROUTES, ...AUDITOR_ONLY_ROUTES];

/**
 * The routes each role's policy allows and denies (IAM's `*` spans slashes, so GET /frames/* would
 * also reach what only auditors may read): the policies below, and the browser test's stand-in of
 * API Gateway, which answers 403 as IAM would.
 */
export const ROLE_ROUTES: Readonly<
  Record<
    'camera' | 'viewer' | 'reviewer' | 'auditor',
    { allow: readonly Route[]; deny: readonly Route[] }
  >
> = {
  camera: { allow: [['POST', '/frames']], deny: [] },
  viewer: { allow: VIEWER_ROUTES, deny: AUDITOR_ONLY_ROUTES },
  reviewer: { allow: REVIEWER_ROUTES, deny: AUDITOR_ONLY_ROUTES },
  auditor: { allow: AUDITOR_ROUTES, deny: [] },
};

/** Props of {@link ConsolePolicies}. */
export interface ConsolePoliciesProps {
  /** The REST API the roles call. */
  readonly api: RestApi;
  /** The ingest bucket, where cameras upload under `incoming/`. */
  readonly ingestBucket: IBucket;
  /** The prefix cameras upload under, such as `incoming/`. */
  readonly incomingPrefix: string;
}

/**
 * The four roles of the console and the cameras as IAM managed policies, each a stack output, to
 * attach to the IAM roles of a Cognito identity pool's groups, of IAM Roles Anywhere or of users:
 * camera (POST /frames, uploads), viewer (the read routes, blurred images), reviewer (viewer and
 * reviews), auditor (reviewer, original images, the review trail). Attach one per role.
 */
export class ConsolePolicies extends Construct {
  public readonly camera: ManagedPolicy;
  public readonly viewer: ManagedPolicy;
  public readonly reviewer: ManagedPolicy;
  public readonly auditor: ManagedPolicy;
  /** The routes each policy names (allowed or denied), for the cdk-nag acknowledgements. */
  public readonly routes: Readonly<
    Record<'camera' | 'viewer' | 'reviewer' | 'auditor', readonly Route[]>
  > = {
    camera: [['POST', '/frames']],
    viewer: [...VIEWER_ROUTES, ...AUDITOR_ONLY_ROUTES],
    reviewer: [...REVIEWER_ROUTES, ...AUDITOR_ONLY_ROUTES],
    auditor: AUDITOR_ROUTES,
  };

  public constructor(scope: Construct, id: string, props: ConsolePoliciesProps) {
    super(scope, id);
    const { api } = props;
    const stage = api.deploymentStage.stageName;
    const arns = (routes: readonly Route[]) =>
      routes.map(([method, path]) => api.arnForExecuteApi(method, path, stage));
    const invoke = (routes: readonly Route[]) =>
      new PolicyStatement({ actions: ['execute-api:Invoke'], resources: arns(routes) });
    const denyAuditorOnly = new PolicyStatement({
      effect: Effect.DENY,
      actions: ['execute-api:Invoke'],
      resources: arns(AUDITOR_ONLY_ROUTES),
    });

    this.camera = new ManagedPolicy(this, 'Camera', {
      description: 'PPE detection camera: POST /frames and uploads under incoming/',
      statements: [
        invoke(ROLE_ROUTES.camera.allow),
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [props.ingestBucket.arnForObjects(`${props.incomingPrefix}*`)],
        }),
      ],
    });
    this.viewer = new ManagedPolicy(this, 'Viewer', {
      description: 'PPE detection viewer: the read routes and blurred images',
      statements: [invoke(ROLE_ROUTES.viewer.allow), denyAuditorOnly],
    });
    this.reviewer = new ManagedPolicy(this, 'Reviewer', {
      description: 'PPE detection reviewer: viewer, and reviews of violations',
      statements: [invoke(ROLE_ROUTES.reviewer.allow), denyAuditorOnly],
    });
    this.auditor = new ManagedPolicy(this, 'Auditor', {
      description: 'PPE detection auditor: reviewer, original images and the review trail',
      statements: [invoke(ROLE_ROUTES.auditor.allow)],
    });

    const outputs = {
      CameraPolicyArn: [this.camera, 'camera: POST /frames and uploads under incoming/'],
      ViewerPolicyArn: [this.viewer, 'viewer: the GET routes and blurred images'],
      ReviewerPolicyArn: [this.reviewer, 'reviewer: viewer and PUT .../review'],
      AuditorPolicyArn: [this.auditor, 'auditor: reviewer, original images, the review trail'],
    } as const;
    for (const [name, [policy, what]] of Object.entries(outputs)) {
      new CfnOutput(scope, name, {
        value: policy.managedPolicyArn,
        description: `Managed policy for the ${what}; attach one per role`,
      });
    }
  }
}
