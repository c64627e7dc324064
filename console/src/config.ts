/** The runtime config of the local runtime: no sign-in, requests sent unsigned. */
export interface LocalConfig {
  apiUrl: string;
  region: string;
  auth: 'none';
}

/** The runtime config in the cloud: the hosted UI, the user pool and the identity pool. */
export interface CognitoConfig {
  apiUrl: string;
  region: string;
  auth: 'cognito';
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  /** The hosted UI's host name, such as `prefix.auth.eu-west-1.amazoncognito.com`. */
  domain: string;
}

/** The runtime config beside index.html: written at start locally, at deploy time in the cloud. */
export type RuntimeConfig = LocalConfig | CognitoConfig;

const COGNITO_FIELDS = ['userPoolId', 'userPoolClientId', 'identityPoolId', 'domain'] as const;

/**
 * Checks a parsed `config.json`, failing with a sentence that names every field that is wrong, so
 * that a deploy with a missing value is fixed in one go.
 */
export function parseConfig(value: unknown): RuntimeConfig {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (key: string) =>
    typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : undefined;
  const apiUrl = text('apiUrl');
  if (!apiUrl || !/^https?:\/\//.test(apiUrl)) {
    throw new Error('config.json has no "apiUrl" (an http or https URL of the API).');
  }
  const region = text('region') ?? 'us-east-1';
  const base = { apiUrl: apiUrl.replace(/\/+$/, ''), region };
  if (raw.auth === 'none') return { ...base, auth: 'none' };
  if (raw.auth !== 'cognito') {
    throw new Error('config.json\'s "auth" must be "none" or "cognito".');
  }
  const problems = COGNITO_FIELDS.filter((key) => !text(key)).map((key) => `"${key}"`);
  const domain = text('domain');
  if (domain && !/^[a-z0-9.-]+(:\d+)?$/i.test(domain)) {
    problems.push('"domain" (a host name such as prefix.auth.eu-west-1.amazoncognito.com)');
  }
  if (!text('region')) problems.push('"region"');
  if (problems.length > 0) {
    throw new Error(
      `config.json has "auth": "cognito" but lacks or has a bad ${problems.join(', ')}: deploy the stack again (cdk deploy writes config.json).`,
    );
  }
  return {
    ...base,
    auth: 'cognito',
    userPoolId: text('userPoolId') as string,
    userPoolClientId: text('userPoolClientId') as string,
    identityPoolId: text('identityPoolId') as string,
    domain: domain as string,
  };
}
