import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The review console: root `console/`, output `console/dist` (served by `npm start`). Preact's
 * automatic JSX runtime; no plugin needed. Everything is bundled: no CDN at run time.
 */
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  logLevel: 'warn',
});
