import { synthesize } from '../../infra/synth.js';

/** What the test serves in place of each deploy-time value the header policy names. */
export interface HeaderHosts {
  region: string;
  /** The image bucket's host in presigned URLs (`Fn::GetAtt [bucket, RegionalDomainName]`). */
  imageHost: string;
  /** The account id (`Ref: AWS::AccountId`, in the hosted UI's domain prefix). */
  account: string;
}

type Token =
  | string
  | { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, Token[]] };

/**
 * The console's response headers exactly as the synthesized stack's CloudFront response-headers
 * policy sends them, with only the deploy-time tokens (region, account, image bucket host)
 * replaced by the test's values; any other token or header setting fails loudly.
 */
export function templateSecurityHeaders(hosts: HeaderHosts): Record<string, string> {
  const { template } = synthesize({});
  const json = template.toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const policies = Object.entries(json.Resources).filter(
    ([, resource]) => resource.Type === 'AWS::CloudFront::ResponseHeadersPolicy',
  );
  if (policies.length !== 1)
    throw new Error(`expected one response-headers policy, found ${policies.length}`);
  const [, policy] = policies[0] as [string, { Properties: Record<string, unknown> }];
  const config = policy.Properties.ResponseHeadersPolicyConfig as Record<string, unknown>;
  const resolve = (token: Token): string => {
    if (typeof token === 'string') return token;
    if (token.Ref === 'AWS::Region') return hosts.region;
    if (token.Ref === 'AWS::AccountId') return hosts.account;
    const getAtt = token['Fn::GetAtt'];
    if (
      getAtt &&
      getAtt[1] === 'RegionalDomainName' &&
      json.Resources[getAtt[0]]?.Type === 'AWS::S3::Bucket'
    ) {
      return hosts.imageHost;
    }
    const join = token['Fn::Join'];
    if (join) return join[1].map(resolve).join(join[0]);
    throw new Error(
      `the header policy holds a token the test cannot stand in for: ${JSON.stringify(token)}`,
    );
  };
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'Name' || key === 'Comment') continue;
    if (key !== 'SecurityHeadersConfig')
      throw new Error(`the header policy has ${key}: serve it too`);
    for (const [header, setting] of Object.entries(
      value as Record<string, Record<string, unknown>>,
    )) {
      switch (header) {
        case 'ContentSecurityPolicy':
          headers['Content-Security-Policy'] = resolve(setting.ContentSecurityPolicy as Token);
          break;
        case 'StrictTransportSecurity':
          headers['Strict-Transport-Security'] = [
            `max-age=${String(setting.AccessControlMaxAgeSec)}`,
            ...(setting.IncludeSubdomains ? ['includeSubDomains'] : []),
            ...(setting.Preload ? ['preload'] : []),
          ].join('; ');
          break;
        case 'ContentTypeOptions':
          headers['X-Content-Type-Options'] = 'nosniff';
          break;
        case 'FrameOptions':
          headers['X-Frame-Options'] = String(setting.FrameOption);
          break;
        case 'ReferrerPolicy':
          headers['Referrer-Policy'] = String(setting.ReferrerPolicy);
          break;
        default:
          throw new Error(`the header policy sets ${header}: serve it too`);
      }
    }
  }
  return headers;
}
