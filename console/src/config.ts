/** The runtime config beside index.html: written at start locally, at deploy time in the cloud. */
export interface RuntimeConfig {
  apiUrl: string;
  region: string;
  auth: 'none' | 'cognito';
}

/** Reads `config.json`, failing with a sentence that says what is wrong with it. */
export async function loadConfig(fetcher: typeof fetch = fetch): Promise<RuntimeConfig> {
  const response = await fetcher('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be read (HTTP ${response.status}).`);
  const value = (await response.json()) as Partial<RuntimeConfig>;
  if (typeof value.apiUrl !== 'string' || !/^https?:\/\//.test(value.apiUrl)) {
    throw new Error('config.json has no "apiUrl" (an http or https URL of the API).');
  }
  if (value.auth !== 'none' && value.auth !== 'cognito') {
    throw new Error('config.json\'s "auth" must be "none" or "cognito".');
  }
  return {
    apiUrl: value.apiUrl.replace(/\/+$/, ''),
    region: typeof value.region === 'string' ? value.region : 'us-east-1',
    auth: value.auth,
  };
}
