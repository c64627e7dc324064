import { render } from 'preact';
import { App } from './App.js';
import { ApiClient } from './api/client.js';
import { ApiContext } from './api/context.js';
import { loadConfig } from './config.js';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  loadConfig().then(
    (config) =>
      render(
        <ApiContext.Provider value={{ api: new ApiClient(config), config }}>
          <App config={config} />
        </ApiContext.Provider>,
        root,
      ),
    (error: unknown) => {
      root.textContent = `The console cannot start: ${error instanceof Error ? error.message : String(error)}`;
      root.setAttribute('role', 'alert');
    },
  );
}
