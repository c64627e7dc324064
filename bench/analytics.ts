import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ATHENA_MIN_BILLED_BYTES, athenaCostUsd } from '../analytics/athena-query.js';
import { openExport, runOnDuckDb, sqlString } from '../analytics/duckdb-export.js';
import { codeOnly, loadNamedQueries, type NamedQuery } from '../analytics/named-queries.js';
import { periodInput } from '../analytics/query-parameters.js';
import { packRecords } from '../lambda/adapters/firehose-export-sink.js';
import { exportRows } from '../lambda/domain/export-rows.js';
import {
  EXPORT_TABLE_NAMES,
  EXPORT_TABLES,
  type ExportTable,
} from '../lambda/domain/export-tables.js';
import { PRICES } from './prices.js';
import { REPO_ROOT } from './support/machine.js';
import { markdownTable } from './support/markdown.js';
import { median, round } from './support/stats.js';

/**
 * A month of exports for 20 cameras at one frame every 2 s, generated with DuckDB straight into
 * the export's layout (Parquet, one folder per day), then: each named query's time on DuckDB
 * here, and the bytes Athena would scan for it, from the Parquet column-chunk sizes of the
 * columns it reads in the days it reads (parquet_metadata), with its cost at $5 per TB.
 */
const CAMERAS = 20;
const DAYS = 30;
const FRAMES_PER_DAY = 86_400 / 2;
const FIRST_DAY = '2026-10-01';
/**
 * Rows per row group: Firehose writes one Parquet object per partition per buffer (900 s here),
 * about 9,000 frames and 13,500 persons for 20 cameras; DuckDB's row groups are sized alike so
 * that compression and column-chunk overheads resemble what Firehose would deliver.
 */
const ROW_GROUP = 13_500;
/**
 * The export's stream batches: up to 1,000 records or 60 s. Each frame gives two records that
 * pass the filter (its commit and its hour's statistics item), 20 cameras give 20 a second, so
 * a batch fills in 50 s; of each statistics item in a batch only its last image is exported:
 * one hourly row per camera per 50 s, plus one per false-positive review (a later batch).
 */
const BATCH_SECONDS = 50;
/** A 900 s Firehose buffer of hourly rows holds 20 cameras x 18 batches; DuckDB's smallest groups are 2,048 rows. */
const HOURLY_ROW_GROUP = 2_048;
const CACHE = join(REPO_ROOT, 'bench', 'results', 'analytics-month');
const RUNS = 3;
const GOAL_BYTES = 200 * 1024 * 1024;

const mb = (bytes: number) => round(bytes / 1024 / 1024);

/** Deterministic "randomness": a hash of camera, frame and person. */
const h = (salt: string) => `(hash(c.cam, f.i, '${salt}') % 1000)`;

/** The month's frames (one row per frame, its persons' statuses), as a view. */
const GEN_FRAMES = `CREATE VIEW gen_frames AS
    SELECT c.cam, f.i,
      -- Frame ids as random as the API's UUIDs (32 hex digits), so they hardly compress.
      md5('f-' || c.cam || '-' || f.i) AS frame_id,
      'cam-' || lpad(CAST(c.cam AS VARCHAR), 2, '0') AS camera_id,
      'plant-' || (c.cam % 4) || '/line-' || (c.cam % 5) AS location,
      -- Each camera's own clock: every frame has its own millisecond.
      TIMESTAMP '${FIRST_DAY}' + to_milliseconds(f.i * 2000 + c.cam * 97 + ${h('ms')}) AS captured_at,
      1 + CAST(${h('n')} % 2 AS INTEGER) AS persons,
      CASE WHEN ${h('p0')} < 850 THEN 'compliant' WHEN ${h('p0')} < 960 THEN 'violation' ELSE 'indeterminate' END AS s0,
      CASE WHEN ${h('p1')} < 850 THEN 'compliant' WHEN ${h('p1')} < 960 THEN 'violation' ELSE 'indeterminate' END AS s1
    FROM range(${CAMERAS}) c(cam), range(${DAYS * FRAMES_PER_DAY}) f(i)`;

/** The month's persons (each frame's 1 or 2), over gen_frames. */
const PERSONS_SELECT = `SELECT g.frame_id, p.person_id, g.camera_id, g.location, g.captured_at,
      CASE WHEN p.person_id = 0 THEN g.s0 ELSE g.s1 END AS status,
      90.0 + (hash(g.frame_id, p.person_id) % 100) / 10.0 AS confidence,
      CASE WHEN (CASE WHEN p.person_id = 0 THEN g.s0 ELSE g.s1 END) <> 'violation' THEN CAST([] AS VARCHAR[])
        WHEN hash(g.frame_id, p.person_id, 'm') % 10 = 0 THEN ['HEAD_COVER', 'HAND_COVER']
        ELSE [['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'][1 + CAST(hash(g.frame_id, p.person_id, 't') % 3 AS INTEGER)]] END AS missing_equipment,
      CAST([] AS VARCHAR[]) AS uncertain_equipment,
      strftime(g.captured_at, '%Y-%m-%d') AS day
    FROM gen_frames g, range(2) p(person_id) WHERE p.person_id < g.persons`;

/** The reviews: 2% of violations, 40% of them false positives. */
const REVIEWED = `status = 'violation' AND hash(frame_id, person_id, 'r') % 50 = 0`;
const FALSE_POSITIVE = `hash(frame_id, person_id, 'd') % 5 < 2`;

const copyTo = (db: DuckDBConnection, table: ExportTable, select: string, rowGroup: number) =>
  db.run(
    `COPY (${select}) TO ${sqlString(join(CACHE, table))} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (day), ROW_GROUP_SIZE ${rowGroup}, OVERWRITE_OR_IGNORE)`,
  );

/**
 * The month's hourly rows as the export would write them: per camera, hour and 50 s batch, the
 * statistics item's counts so far (its last image in the batch, version = its updates so far,
 * one per frame), then one row per false-positive review of the hour's persons (version and
 * false-positive counts growing). Derived from the same frames and persons as the other tables.
 */
async function generateHourly(): Promise<number> {
  const started = Date.now();
  rmSync(join(CACHE, 'hourly'), { recursive: true, force: true });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`SET preserve_insertion_order = false`);
  await db.run(GEN_FRAMES);
  const types = ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'];
  const missing = (prefix: string) =>
    `map_from_entries(list_filter([${types
      .map((type) => `{'k': '${type}', 'v': ${prefix}${type.toLowerCase()}}`)
      .join(', ')}], e -> e.v > 0))`;
  await db.run(`CREATE TABLE windows AS
    SELECT camera_id, location, date_trunc('hour', captured_at) AS hour,
      CAST(floor(epoch(captured_at) / ${BATCH_SECONDS}) AS BIGINT) AS batch,
      count(DISTINCT frame_id) AS frames, count(*) AS persons,
      count(*) FILTER (WHERE status = 'compliant') AS compliant,
      count(*) FILTER (WHERE status = 'violation') AS violations,
      count(*) FILTER (WHERE status = 'indeterminate') AS indeterminate,
      ${types.map((type) => `count(*) FILTER (WHERE list_contains(missing_equipment, '${type}')) AS m_${type.toLowerCase()}`).join(', ')}
    FROM (${PERSONS_SELECT}) GROUP BY ALL`);
  await db.run(`CREATE TABLE false_positives AS
    SELECT camera_id, location, date_trunc('hour', captured_at) AS hour,
      row_number() OVER (PARTITION BY camera_id, date_trunc('hour', captured_at) ORDER BY captured_at, person_id) AS n,
      ${types.map((type) => `CAST(list_contains(missing_equipment, '${type}') AS BIGINT) AS f_${type.toLowerCase()}`).join(', ')}
    FROM (${PERSONS_SELECT}) WHERE ${REVIEWED} AND ${FALSE_POSITIVE}`);
  const cumulative = (column: string) =>
    `CAST(sum(${column}) OVER (PARTITION BY camera_id, hour ORDER BY batch) AS BIGINT)`;
  await copyTo(
    db,
    'hourly',
    `WITH progress AS (
      SELECT camera_id, location, hour, batch,
        ${['frames', 'persons', 'compliant', 'violations', 'indeterminate', ...types.map((t) => `m_${t.toLowerCase()}`)].map((c) => `${cumulative(c)} AS ${c}`).join(', ')}
      FROM windows
    ),
    totals AS (
      SELECT * FROM progress QUALIFY row_number() OVER (PARTITION BY camera_id, hour ORDER BY batch DESC) = 1
    ),
    reviewed AS (
      SELECT t.camera_id, t.location, t.hour, t.frames + f.n AS version, t.frames, t.persons, t.compliant,
        t.violations, t.indeterminate, CAST(f.n AS BIGINT) AS false_positives,
        ${types.map((type) => `t.m_${type.toLowerCase()}`).join(', ')},
        ${types.map((type) => `CAST(sum(f.f_${type.toLowerCase()}) OVER (PARTITION BY f.camera_id, f.hour ORDER BY f.n) AS BIGINT) AS fp_${type.toLowerCase()}`).join(', ')}
      FROM totals t JOIN false_positives f ON t.camera_id = f.camera_id AND t.hour = f.hour
    )
    SELECT camera_id, location, hour, version, frames, rejected, persons, compliant, violations, indeterminate,
      false_positives, missing, false_positive_missing, strftime(hour, '%Y-%m-%d') AS day
    FROM (
      SELECT camera_id, location, hour, frames AS version, frames, CAST(0 AS BIGINT) AS rejected, persons, compliant,
        violations, indeterminate, CAST(0 AS BIGINT) AS false_positives, ${missing('m_')} AS missing,
        CAST(map() AS MAP(VARCHAR, BIGINT)) AS false_positive_missing
      FROM progress
      UNION ALL
      SELECT camera_id, location, hour, version, frames, CAST(0 AS BIGINT), persons, compliant, violations,
        indeterminate, false_positives, ${missing('m_')}, ${missing('fp_')}
      FROM reviewed
    )
    ORDER BY hour, version`,
    HOURLY_ROW_GROUP,
  );
  db.closeSync();
  return Date.now() - started;
}

async function generate(): Promise<number> {
  const started = Date.now();
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`SET preserve_insertion_order = false`);
  await db.run(GEN_FRAMES);
  const copy = (table: ExportTable, select: string) => copyTo(db, table, select, ROW_GROUP);
  await copy(
    'frames',
    `SELECT frame_id, camera_id, location, captured_at, 'api' AS source, 'analysed' AS status,
      CAST(NULL AS VARCHAR) AS rejection_reason, ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'] AS required_equipment,
      80.0 AS min_confidence, persons,
      CAST((s0 = 'compliant') AS INTEGER) + CAST((persons = 2 AND s1 = 'compliant') AS INTEGER) AS compliant,
      CAST((s0 = 'violation') AS INTEGER) + CAST((persons = 2 AND s1 = 'violation') AS INTEGER) AS violations,
      CAST((s0 = 'indeterminate') AS INTEGER) + CAST((persons = 2 AND s1 = 'indeterminate') AS INTEGER) AS indeterminate,
      strftime(captured_at, '%Y-%m-%d') AS day
    FROM gen_frames ORDER BY captured_at`,
  );
  const personsSelect = PERSONS_SELECT;
  await copy('persons', `${personsSelect} ORDER BY captured_at`);
  await copy(
    'reviews',
    `SELECT frame_id, CAST(person_id AS INTEGER) AS person_id, camera_id, location, captured_at, 1 AS review_version,
      CASE WHEN ${FALSE_POSITIVE} THEN 'false-positive' ELSE 'confirmed' END AS disposition,
      captured_at + INTERVAL 1 HOUR AS reviewed_at, day
    FROM (${personsSelect}) WHERE ${REVIEWED}
    ORDER BY captured_at`,
  );
  db.closeSync();
  return Date.now() - started;
}

async function counts(): Promise<Record<ExportTable, number>> {
  const db = await openExport(CACHE);
  const result = {} as Record<ExportTable, number>;
  for (const table of EXPORT_TABLE_NAMES) {
    const reader = await db.runAndReadAll(`SELECT count(*) FROM ${table}`);
    result[table] = Number(reader.getRows()[0]?.[0] ?? 0);
  }
  db.closeSync();
  return result;
}

/** The columns of each table a query reads: those of its names that appear in its SQL. */
function columnsRead(query: NamedQuery): Map<ExportTable, string[]> {
  const code = codeOnly(query.sql);
  // Names given (AS alias) and tables read (FROM t) are not columns read.
  const named = code.replace(/\bAS\s+\w+/gi, ' ').replace(/\b(FROM|JOIN)\s+\w+/gi, ' ');
  const words = new Set(named.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
  const read = new Map<ExportTable, string[]>();
  for (const table of EXPORT_TABLE_NAMES) {
    if (!new RegExp(`\\bFROM\\s+${table}\\b`, 'i').test(code)) continue;
    read.set(
      table,
      EXPORT_TABLES[table].map(([name]) => name).filter((name) => words.has(name)),
    );
  }
  return read;
}

/** The bytes of the column chunks Athena would read for a query over [fromDay, toDay]. */
async function bytesScanned(query: NamedQuery, fromDay: string, toDay: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  let total = 0;
  for (const [table, columns] of columnsRead(query)) {
    const files = readdirSync(join(CACHE, table))
      .filter((dir) => dir.slice(4) >= fromDay && dir.slice(4) <= toDay)
      .flatMap((dir) =>
        readdirSync(join(CACHE, table, dir)).map((file) => join(CACHE, table, dir, file)),
      );
    if (files.length === 0) continue;
    const reader = await db.runAndReadAll(
      `SELECT path_in_schema, sum(total_compressed_size) FROM parquet_metadata([${files.map(sqlString).join(', ')}]) GROUP BY path_in_schema`,
    );
    for (const [path, size] of reader.getRows()) {
      const column = String(path).split(',')[0]?.trim() ?? '';
      if (columns.includes(column)) total += Number(size);
    }
  }
  db.closeSync();
  return total;
}

function folderBytes(directory: string): number {
  return readdirSync(directory, { recursive: true })
    .map((entry) => join(directory, String(entry)))
    .filter((path) => path.endsWith('.parquet'))
    .reduce((sum, path) => sum + statSync(path).size, 0);
}

async function main() {
  const cached = existsSync(join(CACHE, 'persons'));
  const generationMs = cached ? undefined : await generate();
  const hourlyMs = existsSync(join(CACHE, 'hourly')) ? undefined : await generateHourly();
  const rows = await counts();
  const lastDay = new Date(Date.parse(FIRST_DAY) + (DAYS - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const period = periodInput.parse({
    from: `${FIRST_DAY}T00:00:00Z`,
    to: new Date(Date.parse(FIRST_DAY) + DAYS * 86_400_000).toISOString(),
  });

  console.log(
    `A month (${DAYS} days from ${FIRST_DAY}) of ${CAMERAS} cameras at one frame every 2 s: ${rows.frames.toLocaleString('en')} frame rows, ${rows.persons.toLocaleString('en')} person rows (1 or 2 a frame; 85% compliant, 11% violation, 4% indeterminate), ${rows.reviews.toLocaleString('en')} review rows (2% of violations, 40% false positives), ${rows.hourly.toLocaleString('en')} hourly rows (one per camera per ${BATCH_SECONDS} s stream batch, plus one per false-positive review); ${mb(folderBytes(CACHE))} MB of Parquet (Snappy, row groups of ${ROW_GROUP.toLocaleString('en')} rows as Firehose's 900 s buffers would make; ${HOURLY_ROW_GROUP.toLocaleString('en')} for hourly, ${mb(folderBytes(join(CACHE, 'hourly')))} MB). ${
      generationMs === undefined
        ? `Frames, persons and reviews reused from ${relative(REPO_ROOT, CACHE)} (delete it to regenerate).`
        : `Generated with DuckDB in ${round(generationMs / 1000)} s into ${relative(REPO_ROOT, CACHE)}.`
    } ${
      hourlyMs === undefined
        ? 'Hourly rows reused.'
        : `Hourly rows derived from the same frames and persons in ${round(hourlyMs / 1000)} s.`
    }`,
  );
  console.log('');

  const db = await openExport(CACHE);
  const table: (string | number)[][] = [];
  let goal: number | undefined;
  for (const query of loadNamedQueries()) {
    const times: number[] = [];
    let resultRows = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      resultRows = (await runOnDuckDb(db, query, period)).length;
      times.push(performance.now() - started);
    }
    const bytes = await bytesScanned(query, FIRST_DAY, lastDay);
    if (query.name === 'compliance-by-location-day') goal = bytes;
    const read = [...columnsRead(query)].map(([t, c]) => `${t}(${c.join(', ')})`).join('; ');
    table.push([
      query.name,
      resultRows,
      round(median(times)),
      mb(bytes),
      Number(athenaCostUsd(bytes).toFixed(5)),
      read,
    ]);
  }
  db.closeSync();
  console.log(
    markdownTable(
      [
        'query (the whole month)',
        'rows',
        'DuckDB median ms',
        'Athena scan MB',
        'Athena $',
        'columns read',
      ],
      table,
    ),
  );
  console.log('');
  console.log(
    `Median of ${RUNS} runs each. Athena's scan is estimated as the compressed size of the column chunks of the columns each query names, in the month's day partitions (partition projection prunes the rest): an upper bound, since a column named for one table is counted for every table it reads that has it. Athena bills at least ${ATHENA_MIN_BILLED_BYTES / 1024 / 1024} MB a query. Goal: the month's compliance-by-location query scans under 200 MB: ${
      goal === undefined
        ? 'not measured'
        : `${mb(goal)} MB, ${goal < GOAL_BYTES ? 'met' : 'NOT met'}`
    }.`,
  );
  console.log('');
  exportCost();
}

/** What the export costs per million frames, from the sizes of real export rows. */
function exportCost() {
  const frame = (persons: number) => ({
    eventName: 'MODIFY' as const,
    oldImage: { state: 'PROCESSING' },
    newImage: {
      sk: 'FRAME',
      state: 'DONE',
      frameId: 'api-6f1d0c3e2b7a4f0e9d8c7b6a5f4e3d2c',
      cameraId: 'cam-07',
      location: 'plant-3/line-2',
      capturedAt: '2026-11-27T09:00:00.000Z',
      source: 'api',
      requiredEquipment: ['FACE_COVER', 'HEAD_COVER'],
      minConfidence: 80,
      summary: {
        personsWithRequiredEquipment: [0],
        personsWithoutRequiredEquipment: persons > 1 ? [1] : [],
        personsIndeterminate: [],
      },
      persons: Array.from({ length: persons }, (_, personId) => ({
        personId,
        status: personId === 0 ? 'compliant' : 'violation',
        missingEquipment: personId === 0 ? [] : ['HEAD_COVER'],
        uncertainEquipment: [],
        confidence: 99.83,
      })),
    },
  });
  const bytesOf = (persons: number) =>
    exportRows(frame(persons)).reduce((sum, { row }) => sum + JSON.stringify(row).length + 1, 0);
  const stats = exportRows({
    eventName: 'MODIFY',
    newImage: {
      pk: 'STATS#2026-11-27',
      sk: '2026-11-27T09#cam-07#plant-3%2Fline-2',
      cameraId: 'cam-07',
      location: 'plant-3/line-2',
      hour: '2026-11-27T09:00:00.000Z',
      updates: 1234,
      frames: 1234,
      persons: 1851,
      compliant: 1573,
      violations: 204,
      indeterminate: 74,
      falsePositives: 2,
      missing_HEAD_COVER: 90,
      missing_FACE_COVER: 70,
      missing_HAND_COVER: 64,
      falsePositive_HEAD_COVER: 2,
    },
  });
  const hourlyRowBytes = JSON.stringify(stats[0]?.row).length + 1;
  const frames = 1e6;
  // 10 frames/s: 1M frames take 100,000 s, one hourly row per camera per batch.
  const hourlyRows = (frames / 10 / BATCH_SECONDS) * CAMERAS;
  const perFrame = (bytesOf(1) + bytesOf(2)) / 2 + (hourlyRows * hourlyRowBytes) / frames;
  const gb = (perFrame * frames) / 1e9;
  // A batch of 1,000 stream records (500 frames: a commit and a statistics image each) packs
  // each table's rows into records of up to 500 rows.
  const recordsPerBatch = packRecords(
    Array.from({ length: 750 }, (_, index) => ({ index, json: '{}' })),
  ).length;
  const invocations = (frames * 2) / 1000;
  const lambdaGbSeconds = invocations * 1 * (512 / 1024);
  // 20 cameras every 2 s: 10 frames/s; 1M frames take 27.8 h; a 900 s buffer per table and day.
  const hours = frames / 10 / 3600;
  const objects = Math.ceil((hours * 3600) / 900) * EXPORT_TABLE_NAMES.length;
  const lines: [string, number][] = [
    ['Lambda requests (batches of 1,000 stream records)', invocations * PRICES.lambdaRequest.usd],
    [
      'Lambda duration (assumed 1 s at 512 MB a batch, arm64)',
      lambdaGbSeconds * PRICES.lambdaArmGbSecond.usd,
    ],
    ['Firehose ingestion (packed records, no 5 KB waste)', gb * PRICES.firehoseIngestGb.usd],
    ['Firehose Parquet conversion', gb * PRICES.firehoseFormatConversionGb.usd],
    ['Firehose dynamic partitioning, per GB', gb * PRICES.firehoseDynamicPartitioningGb.usd],
    [
      'Firehose dynamic partitioning, per object',
      objects * PRICES.firehoseDynamicPartitioningObjects.usd,
    ],
    [
      'Firehose JQ processing (assumed 1 s of JQ per 900 s buffer)',
      (objects / 3600) * PRICES.firehoseJqHour.usd,
    ],
    ['S3 PUTs of the objects', objects * PRICES.s3PutRequest.usd],
  ];
  const unpacked = ((1 + 1.5) * frames * 5 * 1024) / 1e9;
  console.log(
    `Export cost per million frames (1.5 persons a frame on average: ${Math.round(perFrame)} bytes of JSON rows a frame, of which ${round((hourlyRows * hourlyRowBytes) / frames)} for ${hourlyRows.toLocaleString('en')} hourly rows of ${hourlyRowBytes} bytes; ${round(gb)} GB; up to ${recordsPerBatch} records per table and batch; DynamoDB Streams reads by a Lambda trigger are free):`,
  );
  console.log('');
  console.log(
    markdownTable(
      ['item', 'USD per million frames'],
      [
        ...lines.map(([item, usd]) => [item, Number(usd.toFixed(4))]),
        ['total', Number(lines.reduce((s, [, u]) => s + u, 0).toFixed(4))],
      ],
    ),
  );
  console.log('');
  console.log(
    `Without packing, each row would be its own Firehose record billed as 5 KB: ${round(unpacked)} GB, $${(unpacked * (PRICES.firehoseIngestGb.usd + PRICES.firehoseFormatConversionGb.usd)).toFixed(2)} of ingestion and conversion alone per million frames. Prices: ${[PRICES.firehoseIngestGb, PRICES.firehoseFormatConversionGb, PRICES.firehoseDynamicPartitioningGb, PRICES.athenaTb].map((p) => `$${p.usd} per ${p.unit} (${p.source})`).join('; ')}.`,
  );
}

await main();
