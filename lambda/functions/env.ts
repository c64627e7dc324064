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

/** A JSON environment variable, validated by its schema. */
export function jsonEnv<T>(name: string, schema: { parse(value: unknown): T }): T {
  const raw = requireEnv(name);
  try {
    return schema.parse(JSON.parse(raw));
  } catch (error) {
    throw new Error(`Environment variable ${name} is not valid: ${(error as Error).message}`);
  }
}
