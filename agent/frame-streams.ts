/**
 * Cuts ffmpeg's output pipes into frames: fixed-size raw grey frames, and JPEGs from an MJPEG
 * stream (SOI to EOI; an encoder byte-stuffs 0xFF in scan data, so EOI cannot occur inside one).
 */

/** Calls `onFrame` with every complete `frameBytes`-long frame of a raw video stream. */
export function rawFrameSplitter(frameBytes: number, onFrame: (frame: Uint8Array) => void) {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= frameBytes) {
      onFrame(new Uint8Array(pending.subarray(offset, offset + frameBytes)));
      offset += frameBytes;
    }
    pending = pending.subarray(offset);
  };
}

/** Calls `onJpeg` with every complete JPEG of a concatenated JPEG stream. */
export function jpegSplitter(onJpeg: (jpeg: Buffer) => void) {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const start = pending.indexOf(SOI);
      if (start < 0) {
        pending = Buffer.alloc(0);
        return;
      }
      const end = pending.indexOf(EOI, start + 2);
      if (end < 0) {
        pending = pending.subarray(start);
        return;
      }
      onJpeg(Buffer.from(pending.subarray(start, end + 2)));
      pending = pending.subarray(end + 2);
    }
  };
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
