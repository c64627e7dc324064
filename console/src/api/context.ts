import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Permissions } from '../auth/roles.js';
import type { RuntimeConfig } from '../config.js';
import type { ApiClient } from './client.js';

/** What every view is given: the API client, the runtime config and what the user may do. */
export interface AppContext {
  api: ApiClient;
  config: RuntimeConfig;
  permissions: Permissions;
}

/** The API client, runtime config and permissions of the running app. */
export const ApiContext = createContext<AppContext | null>(null);

/** The API client, config and permissions of the running app. */
export function useApi(): AppContext {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside the app');
  return value;
}
