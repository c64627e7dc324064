/** BENCHMARKS.md as `npm run bench` writes it: a header, a section per benchmark, the findings. */
export interface BenchmarksDocument {
  /** The paragraph under the title: when, how long and on what machine the run was. */
  header: string;
  /** Each benchmark's section (`## <title>` and its body), by title. */
  sections: Map<string, string>;
}

const FINDINGS = '\n## Findings';

/** Reads a BENCHMARKS.md back into its header and sections; the findings are left out. */
export function readBenchmarks(text: string): BenchmarksDocument {
  const findingsAt = text.indexOf(FINDINGS);
  const parts = (findingsAt >= 0 ? text.slice(0, findingsAt) : text).split(/\n(?=## )/);
  const sections = new Map<string, string>();
  for (const part of parts.slice(1)) {
    sections.set(part.slice(3, part.indexOf('\n')), `${part.trim()}\n`);
  }
  return { header: (parts[0] ?? '').replace(/^# Benchmarks\s*/, '').trim(), sections };
}

/**
 * The text of BENCHMARKS.md: the sections in the order of `titles`, each from this run or else
 * from the previous document (a run of some benchmarks keeps the others' sections), then the
 * findings of bench/findings.md.
 */
export function writeBenchmarks(
  titles: readonly string[],
  run: BenchmarksDocument,
  findings: string,
  previous?: BenchmarksDocument,
): string {
  return [
    '# Benchmarks',
    '',
    run.header,
    '',
    ...titles
      .map((title) => run.sections.get(title) ?? previous?.sections.get(title))
      .filter((section): section is string => section !== undefined),
    findings.trim(),
    '',
  ].join('\n');
}
