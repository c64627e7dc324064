import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PickReason } from './picker.js';

/** What travels with a picked frame to the API (or the S3 object's metadata). */
export interface FrameMeta {
  cameraId: string;
  /** ISO 8601, milliseconds. */
  capturedAt: string;
  reason: PickReason;
  location?: string;
  requiredEquipment?: string[];
  minConfidence?: number;
}

/** A frame waiting in the spool. */
export interface SpoolEntry {
  /** File stem: capture time in ms, zero-padded, then a unique suffix; sorts oldest first. */
  id: string;
  meta: FrameMeta;
  bytes: number;
}

/**
 * Picked frames on disk until they are delivered: the JPEG, then its metadata (each written to a
 * temporary name and renamed, so that a kill -9 leaves either a whole entry or none). Bounded in
 * size: when full, the oldest frames go first. A restart finds what is left and sends it.
 */
export class Spool {
  private readonly entries = new Map<string, SpoolEntry[]>();
  private total = 0;
  private counter = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** Reads what an earlier run left behind; drops half-written files. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const camera of await readdir(this.dir, { withFileTypes: true })) {
      if (!camera.isDirectory()) continue;
      const folder = join(this.dir, camera.name);
      const names = await readdir(folder);
      const metas = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
      for (const name of names) {
        const stem = name.replace(/\.(jpg|json)(\.tmp)?$/, '');
        if (name.endsWith('.tmp') || (name.endsWith('.jpg') && !metas.has(stem))) {
          await rm(join(folder, name), { force: true });
        }
      }
      for (const id of [...metas].sort()) {
        try {
          const meta = JSON.parse(await readFile(join(folder, `${id}.json`), 'utf8')) as FrameMeta;
          const { size } = await stat(join(folder, `${id}.jpg`));
          this.insert({ id, meta, bytes: size });
        } catch {
          await rm(join(folder, `${id}.json`), { force: true });
          await rm(join(folder, `${id}.jpg`), { force: true });
        }
      }
    }
  }

  private folder(cameraId: string) {
    return join(this.dir, cameraId);
  }

  private insert(entry: SpoolEntry) {
    const list = this.entries.get(entry.meta.cameraId) ?? [];
    list.push(entry);
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.entries.set(entry.meta.cameraId, list);
    this.total += entry.bytes;
  }

  /**
   * Writes a picked frame to disk. Returns the frames dropped to stay within the size bound
   * (oldest first, any camera's); the new frame itself when it alone exceeds the bound.
   */
  async add(meta: FrameMeta, jpeg: Buffer): Promise<SpoolEntry[]> {
    const ms = Date.parse(meta.capturedAt);
    this.counter += 1;
    const id = `${String(ms).padStart(15, '0')}-${process.pid}-${this.counter}`;
    const entry: SpoolEntry = { id, meta, bytes: jpeg.length };
    if (jpeg.length > this.maxBytes) return [entry];
    const folder = this.folder(meta.cameraId);
    await mkdir(folder, { recursive: true });
    const base = join(folder, id);
    await writeFile(`${base}.jpg.tmp`, jpeg);
    await rename(`${base}.jpg.tmp`, `${base}.jpg`);
    await writeFile(`${base}.json.tmp`, JSON.stringify(meta));
    await rename(`${base}.json.tmp`, `${base}.json`);
    this.insert(entry);
    const dropped: SpoolEntry[] = [];
    while (this.total > this.maxBytes) {
      const oldest = this.oldestOverall();
      if (!oldest) break;
      await this.remove(oldest);
      dropped.push(oldest);
    }
    return dropped;
  }

  private oldestOverall(): SpoolEntry | undefined {
    let best: SpoolEntry | undefined;
    for (const list of this.entries.values()) {
      const first = list[0];
      if (first && (!best || first.id < best.id)) best = first;
    }
    return best;
  }

  /** The cameras that have frames waiting. */
  cameras(): string[] {
    return [...this.entries.entries()].filter(([, l]) => l.length > 0).map(([id]) => id);
  }

  /** A camera's waiting frames, oldest first. */
  waiting(cameraId: string): readonly SpoolEntry[] {
    return this.entries.get(cameraId) ?? [];
  }

  /** How many frames wait, for one camera or all. */
  count(cameraId?: string): number {
    if (cameraId) return this.waiting(cameraId).length;
    let n = 0;
    for (const list of this.entries.values()) n += list.length;
    return n;
  }

  /** Whether the entry is still in the spool (it may have been dropped while being sent). */
  has(entry: SpoolEntry): boolean {
    return this.waiting(entry.meta.cameraId).includes(entry);
  }

  /** The JPEG of a waiting frame. */
  read(entry: SpoolEntry): Promise<Buffer> {
    return readFile(join(this.folder(entry.meta.cameraId), `${entry.id}.jpg`));
  }

  /** Removes a frame: delivered, finally refused, or dropped. */
  async remove(entry: SpoolEntry): Promise<void> {
    const list = this.entries.get(entry.meta.cameraId);
    const index = list?.indexOf(entry) ?? -1;
    if (!list || index < 0) return;
    list.splice(index, 1);
    this.total -= entry.bytes;
    const base = join(this.folder(entry.meta.cameraId), entry.id);
    await rm(`${base}.json`, { force: true });
    await rm(`${base}.jpg`, { force: true });
  }
}
