import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicySet } from '../lambda/domain/policy.js';
import { POLICIES_FILE_NAME } from '../lambda/functions/policies.js';

/** The resolved policy set, written where bundling can copy it into the functions' code. */
export interface PolicyFile {
  /** The file, on this machine. */
  readonly path: string;
  /** Files to add to a function's code asset, by name: {@link PpeFunctionProps.bundledFiles}. */
  readonly bundledFiles: Readonly<Record<string, string>>;
  /** Deletes the file once every function that carries it is bundled. */
  remove(): void;
}

/**
 * Writes the policy set as JSON to a temporary file. Each function that judges frames or alerts
 * gets it beside its bundle (`policies.json`, read once at cold start), so the number of policies
 * is not bound by Lambda's 4 KB of environment variables, and the code asset, hence the function,
 * changes whenever a policy does.
 */
export function writePolicyFile(set: PolicySet): PolicyFile {
  const directory = mkdtempSync(join(tmpdir(), 'ppe-policies-'));
  const path = join(directory, POLICIES_FILE_NAME);
  writeFileSync(path, JSON.stringify(set));
  return {
    path,
    bundledFiles: { [POLICIES_FILE_NAME]: path },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
