import { EQUIPMENT_TYPE_PATTERN, type EquipmentType } from '../../../lambda/domain/equipment.js';
import type { Disposition } from '../api/route-contracts.js';

/** The review states GET /violations filters on. */
export const REVIEW_STATES = ['unreviewed', 'confirmed', 'false-positive', 'inconclusive'] as const;
/** A review state filter. */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The violations view's filters, as its address holds them (`/violations?day=…`). */
export interface ViolationFilters {
  /** A UTC day, `YYYY-MM-DD`; absent: the API's default (the last 24 hours). */
  day?: string;
  cameraId?: string;
  /** A location prefix. */
  location?: string;
  equipment?: EquipmentType;
  review?: ReviewState;
}

/** The compliance view's settings, as its address holds them (`/compliance?groupBy=…`). */
export interface ComplianceFilters {
  groupBy: 'camera' | 'location';
  interval: 'hour' | 'day';
  /** First UTC day, `YYYY-MM-DD`. */
  from?: string;
  /** Last UTC day (included), `YYYY-MM-DD`. */
  to?: string;
}

const CAMERA_ID = /^[A-Za-z0-9._-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a string is a real calendar day `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** Reads the violations view's filters from a query string; values it cannot use are dropped. */
export function parseViolationFilters(search: string): ViolationFilters {
  const params = new URLSearchParams(search);
  const day = params.get('day');
  const cameraId = params.get('cameraId');
  const location = params.get('location')?.trim();
  // Built-in or a custom type of the deployment: any well-formed type name filters.
  const equipmentParam = params.get('equipment');
  const equipment =
    equipmentParam && EQUIPMENT_TYPE_PATTERN.test(equipmentParam) ? equipmentParam : undefined;
  const review = oneOf(REVIEW_STATES, params.get('review'));
  return {
    ...(day && isDay(day) ? { day } : {}),
    ...(cameraId && CAMERA_ID.test(cameraId) ? { cameraId } : {}),
    ...(location && location.length <= 256 ? { location } : {}),
    ...(equipment ? { equipment } : {}),
    ...(review ? { review } : {}),
  };
}

/** The violations view's query string (without `?`), in a fixed order so addresses compare. */
export function violationFiltersToSearch(filters: ViolationFilters): string {
  const params = new URLSearchParams();
  for (const key of ['day', 'cameraId', 'location', 'equipment', 'review'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** GET /violations' query for the filters: a day becomes `from`/`to` of that UTC day. */
export function violationsQuery(filters: ViolationFilters, nextToken?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.day) {
    params.set('from', `${filters.day}T00:00:00Z`);
    params.set('to', `${nextDay(filters.day)}T00:00:00Z`);
  }
  if (filters.cameraId) params.set('cameraId', filters.cameraId);
  if (filters.location) params.set('location', filters.location);
  if (filters.equipment) params.set('equipment', filters.equipment);
  if (filters.review) params.set('review', filters.review);
  if (nextToken) params.set('nextToken', nextToken);
  return params;
}

/** Reads the compliance view's settings; unknown values fall back to camera and day. */
export function parseComplianceFilters(search: string): ComplianceFilters {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const ordered = from && to && isDay(from) && isDay(to) ? from <= to : true;
  return {
    groupBy: oneOf(['camera', 'location'] as const, params.get('groupBy')) ?? 'camera',
    interval: oneOf(['hour', 'day'] as const, params.get('interval')) ?? 'day',
    ...(from && isDay(from) && ordered ? { from } : {}),
    ...(to && isDay(to) && ordered ? { to } : {}),
  };
}

/** The compliance view's query string (without `?`). */
export function complianceFiltersToSearch(filters: ComplianceFilters): string {
  const params = new URLSearchParams({ groupBy: filters.groupBy, interval: filters.interval });
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return params.toString();
}

/** GET /reports/compliance's query: the last day is included, so `to` is the next midnight. */
export function complianceQuery(filters: ComplianceFilters): URLSearchParams {
  const params = new URLSearchParams({ groupBy: filters.groupBy, interval: filters.interval });
  if (filters.from) params.set('from', `${filters.from}T00:00:00Z`);
  if (filters.to) params.set('to', `${nextDay(filters.to)}T00:00:00Z`);
  return params;
}

/** Keys of the violations view's keyboard triage and the disposition each gives. */
export const TRIAGE_KEYS: Readonly<Record<string, Disposition>> = {
  c: 'confirmed',
  f: 'false-positive',
  i: 'inconclusive',
};
