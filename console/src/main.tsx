import { render } from 'preact';
import { App, SignInPage } from './App.js';
import { ApiClient } from './api/client.js';
import { ApiContext } from './api/context.js';
import { LOCAL_PERMISSIONS } from './auth/roles.js';
import { loadConfig } from './load-config.js';
import './styles.css';

const root = document.getElementById('app');

async function start(element: HTMLElement): Promise<void> {
  const config = await loadConfig();
  if (config.auth === 'none') {
    const context = { api: new ApiClient(config), config, permissions: LOCAL_PERMISSIONS };
    render(
      <ApiContext.Provider value={context}>
        <App config={config} />
      </ApiContext.Provider>,
      element,
    );
    return;
  }
  // Sign-in and SigV4 (the AWS SDK's Cognito Identity client) load only where they are used.
  const { startCognito } = await import('./auth/sign-in.js');
  const started = await startCognito(config);
  if (!('context' in started)) {
    render(<SignInPage signedOut={started} />, element);
    return;
  }
  render(
    <ApiContext.Provider value={started.context}>
      <App config={config} user={{ name: started.user, signOut: started.signOut }} />
    </ApiContext.Provider>,
    element,
  );
}

if (root) {
  start(root).catch((error: unknown) => {
    root.textContent = `The console cannot start: ${error instanceof Error ? error.message : String(error)}`;
    root.setAttribute('role', 'alert');
  });
}
