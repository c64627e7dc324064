import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { RuntimeConfig } from '../config.js';
import type { ApiClient } from './client.js';

/** The API client and runtime config, given to every view. */
export const ApiContext = createContext<{ api: ApiClient; config: RuntimeConfig } | null>(null);

/** The API client and config of the running app. */
export function useApi(): { api: ApiClient; config: RuntimeConfig } {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside the app');
  return value;
}
