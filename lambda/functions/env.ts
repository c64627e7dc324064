import { EQUIPMENT_TYPES, type EquipmentType, isEquipmentType } from '../domain/equipment.js';

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

/** A comma list of equipment types. */
export function equipmentEnv(name: string): EquipmentType[] {
  const types = requireEnv(name)
    .split(',')
    .map((type) => type.trim());
  if (!types.every(isEquipmentType)) {
    throw new Error(`Environment variable ${name} must list ${EQUIPMENT_TYPES.join(', ')}.`);
  }
  return types.filter(isEquipmentType);
}

/** "true" or "false". */
export function booleanEnv(name: string, fallback: boolean): boolean {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (value !== 'true' && value !== 'false') {
    throw new Error(`Environment variable ${name} must be "true" or "false".`);
  }
  return value === 'true';
}
