import { readFile } from 'node:fs/promises';
import type { Invocation } from './args.js';
import { UsageError } from './args.js';
import {
  type CameraSettings,
  ConfigError,
  configFileSchema,
  describeIssues,
  resolveCamera,
} from './config.js';

/** The cameras of `--config FILE`, each resolved with the flags; UsageError names any bad key. */
export async function loadCameras(invocation: Invocation, needTarget: boolean) {
  const path = invocation.config as string;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path}:\n${describeIssues(parsed.error)}`);
  const file = parsed.data;
  try {
    const cameras: CameraSettings[] = file.cameras.map((camera, i) =>
      resolveCamera(camera, file, invocation.settings, `${path}: cameras[${i}]`, needTarget),
    );
    return {
      cameras,
      spoolDir: invocation.spoolDir ?? file.spoolDir ?? './ppe-spool',
      spoolMaxMb: invocation.spoolMaxMb ?? file.spoolMaxMb ?? 512,
    };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}
