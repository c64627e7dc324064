import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicies, policiesFilePath } from '../../lambda/functions/policies.js';
import { testPolicies } from '../support/test-policies.js';

const directory = mkdtempSync(join(tmpdir(), 'ppe-policies-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function fileWith(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe("the functions' policy file", () => {
  it('is read beside the bundle unless POLICIES_FILE names another', () => {
    const beside = fileURLToPath(new URL('../../lambda/functions/policies.json', import.meta.url));

    expect(policiesFilePath({})).toBe(beside);
    expect(policiesFilePath({ POLICIES_FILE: '/tmp/p.json' })).toBe('/tmp/p.json');
  });

  it('yields the policy set it holds', () => {
    const path = fileWith('good.json', JSON.stringify(testPolicies));

    expect(loadPolicies(path)).toEqual(testPolicies);
  });

  it('fails at load, naming the file, when it is missing', () => {
    expect(() => loadPolicies(join(directory, 'absent.json'))).toThrow(
      /Policy file .*absent\.json cannot be read .*POLICIES_FILE/,
    );
  });

  it('fails at load, naming the file and the field, when it is not a policy set', () => {
    const path = fileWith('bad.json', JSON.stringify({ ...testPolicies, default: { id: 'x' } }));

    expect(() => loadPolicies(path)).toThrow(
      /Policy file .*bad\.json is not valid: .*requiredEquipment/s,
    );
  });
});
