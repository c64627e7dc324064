import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's folder (index.html, src/, vite.config.ts). */
export const CONSOLE_ROOT = fileURLToPath(new URL('../console/', import.meta.url));
/** Where `vite build` writes the console, which `npm start` serves. */
export const CONSOLE_DIST = join(CONSOLE_ROOT, 'dist');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** Whether the build in `dist` is missing or older than any of the console's sources in `root`. */
export function consoleBuildIsStale(root = CONSOLE_ROOT, dist = CONSOLE_DIST): boolean {
  const built = join(dist, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['index.html', 'vite.config.ts', 'src']
    .map((name) => join(root, name))
    .filter((path) => existsSync(path));
  return Math.max(...sources.map(newestSource)) > statSync(built).mtimeMs;
}

/**
 * Builds the console with Vite's JS API when console/dist is missing or stale (a few seconds).
 * It builds into a folder of its own and renames it into place, so that two runtimes starting at
 * once (parallel test files) never serve a half-written bundle.
 */
export async function ensureConsoleBuilt(log: (line: string) => void): Promise<void> {
  if (!consoleBuildIsStale()) return;
  const { build } = await import('vite');
  const staging = join(CONSOLE_ROOT, `.dist-${process.pid}-${Date.now()}`);
  log('CONSOLE building console/ with Vite (once, until its sources change)');
  try {
    await build({
      configFile: join(CONSOLE_ROOT, 'vite.config.ts'),
      root: CONSOLE_ROOT,
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    if (!consoleBuildIsStale()) return;
    rmSync(CONSOLE_DIST, { recursive: true, force: true });
    renameSync(staging, CONSOLE_DIST);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
