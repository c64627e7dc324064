import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './ppe-function.js';

/** The sharp version of the lock file, so the function runs what the tests ran. */
export function sharpVersion(root = PROJECT_ROOT): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules/sharp/package.json'), 'utf8'));
  return String(manifest.version);
}

/** The native binding that must be in the function's asset; its name carries the version. */
export const sharpArm64Binding = (version: string) =>
  `node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-${version}.node`;

/**
 * A folder whose `node_modules` holds sharp and its linux-arm64 (glibc) binaries, for the
 * function that blurs images: Lambda runs arm64, this machine may not. npm installs it once per
 * sharp version under node_modules/.cache (from npm's own cache where it can, so a warm machine
 * needs no network); every synth after that only copies it.
 */
export function sharpArm64Modules(root = PROJECT_ROOT): string {
  const version = sharpVersion(root);
  const dir = join(root, 'node_modules/.cache/sharp-linux-arm64', version);
  if (existsSync(join(dir, sharpArm64Binding(version)))) return join(dir, 'node_modules');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sharp-arm64', private: true }));
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      `sharp@${version}`,
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        npm_config_os: 'linux',
        npm_config_cpu: 'arm64',
        npm_config_libc: 'glibc',
      },
    },
  );
  if (!existsSync(join(dir, sharpArm64Binding(version)))) {
    throw new Error(
      `npm did not install ${sharpArm64Binding(version)} into ${dir}: check that the npm registry (or npm's cache) is reachable, then synthesize again.`,
    );
  }
  return join(dir, 'node_modules');
}
