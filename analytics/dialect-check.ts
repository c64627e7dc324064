import { codeOnly } from './named-queries.js';

/** A construct that Athena (Trino) and DuckDB read differently, or that only one of them has. */
export interface DialectFinding {
  rule: string;
  line: number;
  message: string;
}

interface Rule {
  rule: string;
  pattern: RegExp;
  message: string;
}

const onlyIn = (engine: string, fix: string) => `only ${engine} has it; ${fix}`;

/** The traps, each with what to write instead (matched on SQL with comments and literals blanked). */
const RULES: Rule[] = [
  {
    rule: 'cast-operator',
    pattern: /::/g,
    message: 'DuckDB-only `::` cast; write CAST(x AS type)',
  },
  {
    rule: 'approximate',
    pattern: /\bapprox_\w+\s*\(/gi,
    message:
      'approximate functions differ in name and error between the engines, so their numbers would not agree; count exactly',
  },
  {
    rule: 'date-trunc',
    pattern: /(?<!CAST\(\s*)\bdate_trunc\s*\(/gi,
    message:
      'date_trunc returns the input type in Trino but TIMESTAMP (or DATE) in DuckDB; wrap it: CAST(date_trunc(...) AS TIMESTAMP)',
  },
  {
    rule: 'duckdb-function',
    pattern:
      /\b(strftime|strptime|epoch_ms|list_\w+|array_length|len|regexp_matches|struct_pack|string_split|str_split|datediff|date_part|any_value|arbitrary|count_star)\s*\(/gi,
    message: onlyIn(
      'one engine (DuckDB, or Trino for arbitrary)',
      'use functions both have: hour(), day(), substr(), min()/max() instead of any_value/arbitrary',
    ),
  },
  {
    rule: 'trino-function',
    pattern:
      /\b(date_format|date_parse|format_datetime|parse_datetime|from_iso8601_\w+|to_iso8601|from_unixtime|to_unixtime|cardinality|element_at|contains|try|transform|filter|reduce|split_part)\s*\(/gi,
    message: onlyIn('Trino (or it means something else in DuckDB)', 'use functions both have'),
  },
  {
    rule: 'ilike',
    pattern: /\bILIKE\b/gi,
    message: onlyIn('DuckDB', 'write lower(x) LIKE lower(pattern)'),
  },
  {
    rule: 'duckdb-syntax',
    pattern:
      /\b(QUALIFY|EXCLUDE|DISTINCT\s+ON|GROUP\s+BY\s+ALL|ORDER\s+BY\s+ALL|PIVOT|UNPIVOT|ASOF)\b/gi,
    message: onlyIn('DuckDB', 'write it with a window function or an explicit list'),
  },
  {
    rule: 'double-quotes',
    pattern: /"/g,
    message:
      'a double-quoted name is an identifier in Trino but falls back to a string in DuckDB; use unquoted snake_case names and single-quoted strings',
  },
  {
    rule: 'unnest',
    pattern: /(?<!CROSS\s+JOIN\s+)\bUNNEST\s*\(/gi,
    message:
      'UNNEST in a select list is DuckDB-only; write FROM t CROSS JOIN UNNEST(t.list) AS u (item), which both engines read alike',
  },
  {
    rule: 'lambda',
    pattern: /->/g,
    message: 'lambda syntax differs between the engines; join or aggregate instead',
  },
  {
    rule: 'interval',
    pattern: /\bINTERVAL\s+\d/gi,
    message: "INTERVAL 1 DAY is DuckDB-only; write INTERVAL '1' DAY",
  },
  {
    rule: 'string-type',
    pattern: /\bAS\s+(STRING|TEXT)\b/gi,
    message: 'Trino has no STRING or TEXT type in queries; CAST(x AS VARCHAR)',
  },
  {
    rule: 'placeholder',
    pattern: /\$\d+|(?<![:\w]):[a-z_]\w*/gi,
    message:
      'Athena binds only positional `?` placeholders; write ? and name it on the parameters line',
  },
];

/** The text that a `/` divides, read backwards to its operand's start. */
function isCastToDouble(before: string, after: string): boolean {
  return /AS\s+DOUBLE\s*\)\s*$/i.test(before) && /^\s*CAST\s*\(/i.test(after);
}

/**
 * Finds the dialect traps in one query: `/` on integers (integer division in Trino, a DOUBLE in
 * DuckDB; both operands must be CAST(... AS DOUBLE)), `::`, date_trunc's types, approximate
 * functions, functions or syntax only one engine has, double-quoted strings, and the UNNEST
 * forms they read differently. A query with no finding runs alike on Athena and DuckDB.
 */
export function checkDialect(sql: string): DialectFinding[] {
  const code = codeOnly(sql);
  const lineOf = (index: number) => code.slice(0, index).split('\n').length;
  const findings: DialectFinding[] = [];
  for (const { rule, pattern, message } of RULES) {
    for (const match of code.matchAll(pattern)) {
      findings.push({ rule, line: lineOf(match.index ?? 0), message });
    }
  }
  for (const match of code.matchAll(/\//g)) {
    const index = match.index ?? 0;
    if (!isCastToDouble(code.slice(0, index), code.slice(index + 1))) {
      findings.push({
        rule: 'integer-division',
        line: lineOf(index),
        message:
          '`/` divides integers as integers in Trino but not in DuckDB; write CAST(a AS DOUBLE) / CAST(b AS DOUBLE)',
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line);
}
