import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import type { CognitoConfig } from '../config.js';
import { RENEW_BEFORE_MS } from './session.js';

/** Temporary AWS credentials of the identity pool's role for the signed-in user. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** In ms since the epoch. */
  expiration: number;
}

/** The one call the credentials need of the Cognito Identity client. */
export type IdentitySend = Pick<CognitoIdentityClient, 'send'>;

/**
 * AWS credentials from the identity pool for the user pool's ID token: GetId once, then
 * GetCredentialsForIdentity, again shortly before the credentials' Expiration. The role is the one
 * the token's `cognito:preferred_role` names; a user in no group is refused by Cognito.
 */
export class IdentityCredentials {
  private readonly client: IdentitySend;
  private identityId: string | undefined;
  private current: AwsCredentials | undefined;
  private pending: Promise<AwsCredentials> | undefined;

  constructor(
    private readonly config: CognitoConfig,
    private readonly idToken: () => Promise<string>,
    private readonly now: () => number = Date.now,
    client?: IdentitySend,
  ) {
    this.client = client ?? new CognitoIdentityClient({ region: config.region, maxAttempts: 2 });
  }

  /** Current credentials, renewed when they expire within a few minutes. */
  async get(): Promise<AwsCredentials> {
    if (this.current && this.current.expiration - this.now() > RENEW_BEFORE_MS) {
      return this.current;
    }
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    this.current = await this.pending;
    return this.current;
  }

  /** Forgets the credentials and identity (sign-out). */
  clear(): void {
    this.current = undefined;
    this.identityId = undefined;
  }

  private async fetch(): Promise<AwsCredentials> {
    const token = await this.idToken();
    const logins = {
      [`cognito-idp.${this.config.region}.amazonaws.com/${this.config.userPoolId}`]: token,
    };
    if (!this.identityId) {
      const { IdentityId } = await this.client.send(
        new GetIdCommand({ IdentityPoolId: this.config.identityPoolId, Logins: logins }),
      );
      this.identityId = IdentityId;
    }
    const { Credentials: credentials } = await this.client.send(
      new GetCredentialsForIdentityCommand({ IdentityId: this.identityId, Logins: logins }),
    );
    if (
      !credentials?.AccessKeyId ||
      !credentials.SecretKey ||
      !credentials.SessionToken ||
      !credentials.Expiration
    ) {
      throw new Error('Cognito Identity answered without complete credentials.');
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretKey,
      sessionToken: credentials.SessionToken,
      expiration: credentials.Expiration.getTime(),
    };
  }
}
