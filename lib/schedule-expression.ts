/**
 * Checks a schedule expression the way EventBridge Scheduler reads it, so that a bad
 * `reportSchedule` fails `cdk synth` instead of the deployment: `cron(minutes hours
 * day-of-month month day-of-week year)` with `?` in exactly one of the two day fields, or
 * `rate(value unit)`. One-time `at(...)` schedules are refused: a report recurs.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Whole-field forms beside lists, ranges and steps (`?`, `L`, `15W`, `3#2`...). */
  special?: RegExp;
}

const FIELDS: readonly FieldRule[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  {
    name: 'day-of-month',
    min: 1,
    max: 31,
    special: /^(\?|L|LW|L-([1-9]|[12]\d|30)|([1-9]|[12]\d|3[01])W)$/,
  },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  {
    name: 'day-of-week',
    min: 1,
    max: 7,
    names: DAYS,
    special: /^(\?|L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/,
  },
  { name: 'year', min: 1970, max: 2199 },
];

function fieldValue(text: string, rule: FieldRule): number | undefined {
  if (/^\d{1,4}$/.test(text)) {
    const value = Number(text);
    return value >= rule.min && value <= rule.max ? value : undefined;
  }
  const index = rule.names?.indexOf(text) ?? -1;
  return index >= 0 ? rule.min + index : undefined;
}

/** Why one cron field is wrong, or undefined when EventBridge Scheduler takes it. */
function fieldProblem(text: string, rule: FieldRule): string | undefined {
  const field = text.toUpperCase();
  if (rule.special?.test(field)) return undefined;
  if (field === '*') return undefined;
  const range = `${rule.min}-${rule.max}${rule.names ? ` or ${rule.names[0]}-${rule.names.at(-1)}` : ''}`;
  for (const item of field.split(',')) {
    const [span = '', step, extra] = item.split('/');
    if (extra !== undefined || (step !== undefined && !/^\d{1,3}$/.test(step)) || step === '0') {
      return `the ${rule.name} field "${text}" has a bad step: use value/step with a positive step`;
    }
    if (span === '*') continue;
    const ends = span.split('-');
    if (ends.length > 2 || ends.some((end) => fieldValue(end, rule) === undefined)) {
      return `the ${rule.name} field "${text}" must be *, a value in ${range}, a list, a range or a step`;
    }
  }
  return undefined;
}

/** Why the expression would be refused, or undefined when it is a valid recurring schedule. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1) return 'a rate must be a positive whole number';
    if ((value === 1) !== !unit.endsWith('s')) {
      return `write "rate(${value} ${value === 1 ? unit.replace(/s$/, '') : unit.replace(/s?$/, 's')})": singular for 1, plural otherwise`;
    }
    return undefined;
  }
  if (expression.startsWith('rate(')) {
    return 'a rate is rate(value unit) with a positive whole value and minute(s), hour(s) or day(s)';
  }
  if (expression.startsWith('at('))
    return 'a one-time at(...) schedule runs once; this one must recur';
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return 'it is neither cron(...) nor rate(...)';
  const fields = (cron[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) {
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`;
  }
  for (const [index, rule] of FIELDS.entries()) {
    const problem = fieldProblem(fields[index] ?? '', rule);
    if (problem) return problem;
  }
  const questionMarks = [fields[2], fields[4]].filter((field) => field === '?').length;
  if (questionMarks !== 1) {
    return 'exactly one of day-of-month and day-of-week must be "?" (e.g. cron(0 6 ? * MON *) or cron(0 6 1 * ? *))';
  }
  return undefined;
}
