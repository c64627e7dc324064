import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One file of the console's build, raw and compressed as a CDN would serve it. */
export interface BundleFile {
  /** Path inside the build, e.g. `assets/index-abc123.js`. */
  path: string;
  raw: number;
  /** gzip at level 9. */
  gzip: number;
  /** brotli at quality 11. */
  brotli: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The JavaScript, CSS and HTML files of a Vite build (source maps left out), with their sizes. */
export function bundleFiles(dist: string): BundleFile[] {
  return filesUnder(dist)
    .filter((path) => /\.(js|css|html)$/.test(path))
    .map((path) => {
      const bytes = readFileSync(path);
      return {
        path: relative(dist, path),
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: brotliCompressSync(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
        }).length,
      };
    })
    .sort((a, b) => b.raw - a.raw);
}
