import { parseOrigins } from '../handlers/cors.js';

/** Reads a required environment variable at module load, failing fast with its name. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set; the stack sets it.`);
  return value;
}

/** A numeric environment variable within bounds. */
export function numberEnv(name: string, min: number, max: number): number {
  const value = Number(requireEnv(name));
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`Environment variable ${name} must be a number from ${min} to ${max}.`);
  }
  return value;
}

/**
 * The console's origins (`CONSOLE_ORIGINS`, comma-separated, set by the stack from
 * `consoleOrigins`): the API functions' answers carry CORS headers for them. Unset: none.
 */
export function consoleOrigins(): string[] {
  return parseOrigins(process.env.CONSOLE_ORIGINS);
}
