import { describe, expect, it } from 'vitest';
import { readBenchmarks, writeBenchmarks } from '../../bench/support/benchmarks-document.js';

const OLD = `# Benchmarks

Written by \`npm run bench\` on 2026-12-01, in 243 s.

## 1. Overhead

old overhead

| a | b |

## 2. Cold start

old cold start

## Findings

old findings
`;

describe('BENCHMARKS.md as npm run bench writes it', () => {
  it('reads back the header and each section by title, without the findings', () => {
    const document = readBenchmarks(OLD);
    expect(document.header).toBe('Written by `npm run bench` on 2026-12-01, in 243 s.');
    expect([...document.sections.keys()]).toEqual(['1. Overhead', '2. Cold start']);
    expect(document.sections.get('1. Overhead')).toBe(
      '## 1. Overhead\n\nold overhead\n\n| a | b |\n',
    );
  });

  it('a run of one benchmark replaces its section only, adds a new one in its place, and takes the findings from findings.md', () => {
    const previous = readBenchmarks(OLD);
    const text = writeBenchmarks(
      ['1. Overhead', '2. Cold start', '3. Console'],
      {
        header: previous.header,
        sections: new Map([
          ['2. Cold start', '## 2. Cold start\n\nnew cold start\n'],
          ['3. Console', '## 3. Console\n\nconsole figures\n'],
        ]),
      },
      '## Findings\n\nnew findings\n',
      previous,
    );
    expect(text).toBe(
      OLD.replace('old cold start', 'new cold start')
        .replace('## Findings', '## 3. Console\n\nconsole figures\n\n## Findings')
        .replace('old findings', 'new findings'),
    );
  });
});
