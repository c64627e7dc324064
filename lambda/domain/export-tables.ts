/**
 * The analytics export's tables, one definition for every place that needs their shape: the
 * Glue tables (Athena), the Firehose Parquet conversion (which reads the Glue schema), the local
 * Parquet writer (DuckDB) and the benchmark's generator. Each table is partitioned by `day`, the
 * UTC day of capture (`yyyy-MM-dd`), so a query over a period reads only its days.
 *
 * Types are Glue (Hive) type names; {@link duckDbType} maps them for DuckDB. No column holds an
 * image key, a bounding box, body-part geometry or any face data: the export says what was
 * judged, not what was seen.
 */
export const EXPORT_TABLES = {
  /** One row per committed frame: analysed (with its person counts) or rejected (with why). */
  frames: [
    ['frame_id', 'string'],
    ['camera_id', 'string'],
    ['location', 'string'],
    ['captured_at', 'timestamp'],
    ['source', 'string'],
    ['status', 'string'],
    ['rejection_reason', 'string'],
    ['required_equipment', 'array<string>'],
    ['min_confidence', 'double'],
    ['persons', 'int'],
    ['compliant', 'int'],
    ['violations', 'int'],
    ['indeterminate', 'int'],
  ],
  /** One row per person of an analysed frame: the verdict, as analysed (reviews are apart). */
  persons: [
    ['frame_id', 'string'],
    ['person_id', 'int'],
    ['camera_id', 'string'],
    ['location', 'string'],
    ['captured_at', 'timestamp'],
    ['status', 'string'],
    ['confidence', 'double'],
    ['missing_equipment', 'array<string>'],
    ['uncertain_equipment', 'array<string>'],
  ],
  /**
   * One row per review change of a person in violation; `review_version` counts a person's
   * changes (1, 2, ...), so the latest disposition is the row with the highest version.
   */
  reviews: [
    ['frame_id', 'string'],
    ['person_id', 'int'],
    ['camera_id', 'string'],
    ['location', 'string'],
    ['captured_at', 'timestamp'],
    ['review_version', 'int'],
    ['disposition', 'string'],
    ['reviewed_at', 'timestamp'],
  ],
  /**
   * One row per image of a camera-hour's statistics item (the counters GET /reports/compliance
   * reads, moved in the same transactions as frame commits and reviews). An item is exported
   * many times an hour; `version` (the item's update count) grows with each change, so the row
   * with the highest version per camera and hour holds its counts. `missing` and
   * `false_positive_missing` count violations and false positives by equipment type (an open
   * set: custom types too). Partitioned by the hour's day.
   */
  hourly: [
    ['camera_id', 'string'],
    ['location', 'string'],
    ['hour', 'timestamp'],
    ['version', 'bigint'],
    ['frames', 'bigint'],
    ['rejected', 'bigint'],
    ['persons', 'bigint'],
    ['compliant', 'bigint'],
    ['violations', 'bigint'],
    ['indeterminate', 'bigint'],
    ['false_positives', 'bigint'],
    ['missing', 'map<string,bigint>'],
    ['false_positive_missing', 'map<string,bigint>'],
  ],
} as const satisfies Record<string, readonly (readonly [string, GlueType])[]>;

/** The Glue column types the export uses. */
export type GlueType =
  | 'string'
  | 'int'
  | 'bigint'
  | 'double'
  | 'timestamp'
  | 'array<string>'
  | 'map<string,bigint>';

/** An export table's name. */
export type ExportTable = keyof typeof EXPORT_TABLES;

/** The export tables' names, in a stable order. */
export const EXPORT_TABLE_NAMES = Object.keys(EXPORT_TABLES) as ExportTable[];

/** The partition column of every export table. */
export const PARTITION_COLUMN = 'day';

/** Where a table's objects live under the export prefix: `<table>/day=yyyy-MM-dd/`. */
export const tablePrefix = (table: ExportTable) => `${table}/`;

/** The DuckDB type of a Glue type. */
export function duckDbType(type: GlueType): string {
  switch (type) {
    case 'string':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'double':
      return 'DOUBLE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'array<string>':
      return 'VARCHAR[]';
    case 'bigint':
      return 'BIGINT';
    case 'map<string,bigint>':
      return 'MAP(VARCHAR,BIGINT)';
  }
}
