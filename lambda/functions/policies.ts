import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PolicySet } from '../domain/policy.js';
import { policySetSchema } from '../schemas/policy.js';

/**
 * Name of the file that holds the resolved policy set. The stack writes it into the code asset
 * of each function that judges or alerts, beside the bundle: Lambda's 4 KB of environment
 * variables would hold only a few dozen policies.
 */
export const POLICIES_FILE_NAME = 'policies.json';

/**
 * Where the policy set is read from: `POLICIES_FILE` when set (the local runtime, tests), else
 * the file beside this module's bundle, `/var/task/policies.json` in Lambda.
 */
export function policiesFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.POLICIES_FILE || fileURLToPath(new URL(`./${POLICIES_FILE_NAME}`, import.meta.url));
}

/**
 * Reads and validates the policy set, once at module load, failing fast with the file's path.
 */
export function loadPolicies(path: string = policiesFilePath()): PolicySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Policy file ${path} cannot be read (${(error as Error).message}); the stack bundles it beside the function, POLICIES_FILE names it elsewhere.`,
    );
  }
  try {
    return policySetSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(`Policy file ${path} is not valid: ${(error as Error).message}`);
  }
}
