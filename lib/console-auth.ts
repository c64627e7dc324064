import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnIdentityPool,
  CfnIdentityPoolRoleAttachment,
  type CfnUserPoolClient,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { FederatedPrincipal, type IManagedPolicy, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The console's groups, in order of precedence: a user in two groups gets the first one's role. */
export const CONSOLE_GROUPS = ['auditor', 'reviewer', 'viewer', 'camera'] as const;
/** A console group. */
export type ConsoleGroup = (typeof CONSOLE_GROUPS)[number];

/** Props of {@link ConsoleAuth}. */
export interface ConsoleAuthProps {
  /** The console's URL (`https://<distribution domain>`): the sign-in and sign-out redirect. */
  readonly consoleUrl: string;
  /** The hosted UI's domain prefix (see {@link hostedUiDomainPrefix}). */
  readonly domainPrefix: string;
  /** The managed policy of each group's role, exactly one each. */
  readonly policies: Readonly<Record<ConsoleGroup, IManagedPolicy>>;
}

/**
 * The hosted UI's domain prefix for a stack: its name and account, as Cognito prefixes are
 * unique per region across all accounts and may not contain `aws`, `amazon` or `cognito`.
 */
export function hostedUiDomainPrefix(stack: Stack): string {
  const name = stack.stackName
    .toLowerCase()
    .replace(/aws|amazon|cognito/g, '')
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${name || 'ppe'}-${Aws.ACCOUNT_ID}`;
}

/** The hosted UI's domain name for a prefix, in the stack's region. */
export function hostedUiDomainName(prefix: string): string {
  return `${prefix}.auth.${Aws.REGION}.amazoncognito.com`;
}

/**
 * Sign-in for the review console: a Cognito user pool whose users an administrator creates, the
 * hosted UI with the authorization-code flow (PKCE, a public client), and an identity pool
 * without unauthenticated identities that gives each signed-in user the IAM role of their group
 * (viewer, reviewer, auditor, camera), each role carrying that group's managed policy.
 */
export class ConsoleAuth extends Construct {
  public readonly userPool: UserPool;
  public readonly client: UserPoolClient;
  public readonly domain: UserPoolDomain;
  public readonly identityPool: CfnIdentityPool;
  /** The IAM role of each group. */
  public readonly roles: Readonly<Record<ConsoleGroup, Role>>;

  public constructor(scope: Construct, id: string, props: ConsoleAuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}/`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // Without a list, Cognito would also allow SRP and custom sign-in on this client: the hosted
    // UI's code grant, and refreshing its tokens, are the only ways in.
    (this.client.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = [
      'ALLOW_REFRESH_TOKEN_AUTH',
    ];

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });

    this.identityPool = new CfnIdentityPool(this, 'IdentityPool', {
      allowUnauthenticatedIdentities: false,
      cognitoIdentityProviders: [
        {
          clientId: this.client.userPoolClientId,
          providerName: this.userPool.userPoolProviderName,
          serverSideTokenCheck: true,
        },
      ],
    });

    const roles = {} as Record<ConsoleGroup, Role>;
    CONSOLE_GROUPS.forEach((group, precedence) => {
      const role = new Role(this, `${group[0]?.toUpperCase()}${group.slice(1)}Role`, {
        description: `PPE review console: the ${group} group's role`,
        assumedBy: new FederatedPrincipal(
          'cognito-identity.amazonaws.com',
          {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPool.ref },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
          'sts:AssumeRoleWithWebIdentity',
        ),
        managedPolicies: [props.policies[group]],
        maxSessionDuration: Duration.hours(1),
      });
      new UserPoolGroup(this, `${role.node.id.replace(/Role$/, '')}Group`, {
        userPool: this.userPool,
        groupName: group,
        description: `PPE review console: ${group}`,
        precedence,
        role,
      });
      roles[group] = role;
    });
    this.roles = roles;

    // The role comes from the ID token's cognito:preferred_role (the group of lowest precedence);
    // a user in no group gets no credentials.
    new CfnIdentityPoolRoleAttachment(this, 'RoleAttachment', {
      identityPoolId: this.identityPool.ref,
      roleMappings: {
        userPool: {
          identityProvider: `${this.userPool.userPoolProviderName}:${this.client.userPoolClientId}`,
          type: 'Token',
          ambiguousRoleResolution: 'Deny',
        },
      },
    });
  }

  /** The hosted UI's domain name, such as `prefix.auth.eu-west-1.amazoncognito.com`. */
  public get domainName(): string {
    return `${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }
}
