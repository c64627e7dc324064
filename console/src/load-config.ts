import { parseConfig, type RuntimeConfig } from './config.js';

/** Reads `config.json`, failing with a sentence that says what is wrong with it. */
export async function loadConfig(fetcher: typeof fetch = fetch): Promise<RuntimeConfig> {
  const response = await fetcher('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be read (HTTP ${response.status}).`);
  return parseConfig(await response.json());
}
