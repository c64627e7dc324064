import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDialect } from '../../analytics/dialect-check.js';
import { loadNamedQueries, readNamedQuery } from '../../analytics/named-queries.js';

const rules = (sql: string) => checkDialect(sql).map((finding) => finding.rule);

describe('the dialect check of the named queries', () => {
  it.each(loadNamedQueries().map((query) => [query.name, query.sql]))(
    '%s has no Athena/DuckDB trap',
    (_name, sql) => {
      expect(checkDialect(sql)).toEqual([]);
    },
  );

  it('fails a query file that divides integers, naming the rule and the line', () => {
    const directory = mkdtempSync(join(tmpdir(), 'dialect-'));
    const file = join(directory, 'rate.sql');
    writeFileSync(
      file,
      '-- A rate.\n-- parameters: from_day to_day\nSELECT sum(compliant) / sum(persons) AS rate\nFROM frames WHERE day BETWEEN ? AND ?\n',
    );

    expect(checkDialect(readNamedQuery(file).sql)).toEqual([
      expect.objectContaining({ rule: 'integer-division', line: 3 }),
    ]);
  });

  it.each([
    ['integer-division', 'SELECT a / b FROM t'],
    ['integer-division', 'SELECT CAST(a AS DOUBLE) / b FROM t'],
    ['cast-operator', 'SELECT a::DOUBLE FROM t'],
    ['date-trunc', "SELECT date_trunc('day', captured_at) FROM t"],
    ['approximate', 'SELECT approx_distinct(frame_id) FROM t'],
    ['approximate', 'SELECT approx_count_distinct(frame_id) FROM t'],
    ['duckdb-function', "SELECT strftime(captured_at, '%H') FROM t"],
    ['duckdb-function', 'SELECT list_contains(missing_equipment, 1) FROM t'],
    ['duckdb-function', 'SELECT any_value(location) FROM t'],
    ['trino-function', "SELECT date_format(captured_at, '%H') FROM t"],
    ['trino-function', 'SELECT cardinality(missing_equipment) FROM t'],
    ['ilike', "SELECT 1 FROM t WHERE location ILIKE 'plant%'"],
    ['double-quotes', 'SELECT 1 FROM t WHERE status = "violation"'],
    ['unnest', 'SELECT UNNEST(missing_equipment) FROM persons'],
    ['duckdb-syntax', 'SELECT * FROM t QUALIFY row_number() OVER () = 1'],
    ['duckdb-syntax', 'SELECT location, count(*) FROM t GROUP BY ALL'],
    ['interval', 'SELECT captured_at + INTERVAL 1 DAY FROM t'],
    ['string-type', 'SELECT CAST(person_id AS STRING) FROM t'],
    ['placeholder', 'SELECT 1 FROM t WHERE day >= $1'],
    ['placeholder', 'SELECT 1 FROM t WHERE day >= :from_day'],
  ])('finds %s in `%s`', (rule, sql) => {
    expect(rules(sql)).toContain(rule);
  });

  it.each([
    ['a division of two doubles', 'SELECT CAST(a AS DOUBLE) / CAST(b AS DOUBLE) FROM t'],
    ['the portable UNNEST', 'SELECT u.e FROM p CROSS JOIN UNNEST(p.m) AS u (e)'],
    ['a cast date_trunc', "SELECT CAST(date_trunc('day', x) AS TIMESTAMP) FROM t"],
    ['a slash or a quote in a string or a comment', 'SELECT \'a/b "c"\' AS s -- x / y\nFROM t'],
  ])('accepts %s', (_what, sql) => {
    expect(checkDialect(sql)).toEqual([]);
  });

  it('refuses a file whose placeholders and parameters line disagree', () => {
    const directory = mkdtempSync(join(tmpdir(), 'dialect-'));
    const file = join(directory, 'bad.sql');
    writeFileSync(
      file,
      '-- parameters: from_day\nSELECT 1 FROM frames WHERE day BETWEEN ? AND ?\n',
    );

    expect(() => readNamedQuery(file)).toThrow(/2 "\?" placeholders but 1 names/);
  });
});
