import { readImageHeader, uprightSize } from '../domain/image-header.js';
import type { FrameImageRecords, HeadBlur, ImageObjects, StoredImage } from './ports.js';

/** Which image a caller asks for: the blurred copy (viewers), or the original (auditors). */
export type ImageVariant = 'blurred' | 'original';

/** How long a presigned URL works: enough to load the page, never the 15 minutes allowed. */
export const IMAGE_URL_SECONDS = 600;

/** Where a frame's blurred copy is cached; expires with `frames/` (see lib/ingest-bucket.ts). */
export const blurredKey = (frameId: string) => `blurred/${frameId}.jpg`;

/** What the image use case needs. */
export interface FrameImageDeps {
  records: FrameImageRecords;
  objects: ImageObjects;
  blur: HeadBlur;
  now?: () => Date;
  /** Logs why a blurred copy could not be made; the caller only hears that none can be shown. */
  logError: (message: string, error: unknown) => void;
}

/** A request for a frame's image, and who asks (recorded for originals). */
export interface FrameImageRequest {
  frameId: string;
  variant: ImageVariant;
  by: string;
}

/** What the use case answers. */
export type FrameImageOutcome =
  | {
      kind: 'found';
      url: string;
      expiresAt: string;
      variant: ImageVariant;
      width: number;
      height: number;
    }
  | { kind: 'frame-not-found' }
  /** A rejection, a frame stored before images were kept, or an image past its retention. */
  | { kind: 'image-not-found' }
  /** Fail closed: no blurred copy could be made, and the original is not shown instead. */
  | { kind: 'blur-unavailable' };

const dimension = (value: string | undefined) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
};

/**
 * A frame's image as a presigned GET URL. The blurred copy is made on the first view (every
 * person's head covered) and cached under `blurred/`; any failure on the way answers
 * `blur-unavailable`, never the original. The original is for auditors, and every access is
 * recorded in the frame's trail before its URL is handed out.
 */
export function makeFrameImage(deps: FrameImageDeps) {
  const now = deps.now ?? (() => new Date());

  async function answer(image: StoredImage, variant: ImageVariant, size: Size) {
    const url = await deps.objects.presign(image, IMAGE_URL_SECONDS);
    const expiresAt = new Date(now().getTime() + IMAGE_URL_SECONDS * 1000).toISOString();
    return { kind: 'found' as const, url, expiresAt, variant, ...size };
  }

  async function originalSize(image: StoredImage): Promise<Size | undefined> {
    if (image.width && image.height) {
      const head = await deps.objects.head(image);
      return head && { width: image.width, height: image.height };
    }
    const bytes = await deps.objects.get(image);
    const header = bytes && readImageHeader(bytes);
    return header && typeof header === 'object' ? uprightSize(header) : undefined;
  }

  async function blurred(
    frameId: string,
    original: StoredImage,
    persons: Parameters<HeadBlur['blur']>[1],
  ): Promise<FrameImageOutcome> {
    const copy: StoredImage = { key: blurredKey(frameId) };
    const [originalHead, copyHead] = await Promise.all([
      deps.objects.head(original),
      deps.objects.head(copy),
    ]);
    // The copy is shown no longer than the original is kept.
    if (!originalHead) return { kind: 'image-not-found' };
    const width = dimension(copyHead?.metadata.width);
    const height = dimension(copyHead?.metadata.height);
    if (width && height) return answer(copy, 'blurred', { width, height });
    const bytes = await deps.objects.get(original);
    if (!bytes) return { kind: 'image-not-found' };
    const made = await deps.blur.blur(bytes, persons);
    await deps.objects.put(copy.key, made.bytes, {
      width: String(made.width),
      height: String(made.height),
      regions: String(made.regions),
    });
    return answer(copy, 'blurred', { width: made.width, height: made.height });
  }

  return async function frameImage(request: FrameImageRequest): Promise<FrameImageOutcome> {
    const record = await deps.records.find(request.frameId);
    if (!record) return { kind: 'frame-not-found' };
    const { image } = record;
    if (!image || record.status === 'rejected') return { kind: 'image-not-found' };
    if (request.variant === 'blurred') {
      try {
        return await blurred(request.frameId, image, record.persons);
      } catch (error) {
        deps.logError(`No blurred copy of frame ${request.frameId} could be made`, error);
        return { kind: 'blur-unavailable' };
      }
    }
    const size = await originalSize(image);
    if (!size) return { kind: 'image-not-found' };
    await deps.records.recordOriginalAccess({
      frameId: request.frameId,
      by: request.by,
      at: now().toISOString(),
      ...(record.retainUntil ? { retainUntil: record.retainUntil } : {}),
    });
    return answer(image, 'original', size);
  };
}

type Size = { width: number; height: number };

/** The frame image use case. */
export type FrameImage = ReturnType<typeof makeFrameImage>;
