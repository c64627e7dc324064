import type { Checksum, SourceData } from '@smithy/types';

const bytesOf = (data: SourceData): Uint8Array<ArrayBuffer> =>
  typeof data === 'string'
    ? new TextEncoder().encode(data)
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      : new Uint8Array(data).slice();

/**
 * SHA-256, or HMAC-SHA-256 when given a secret, through the browser's WebCrypto: the hash
 * @smithy/signature-v4 needs, without bundling a JavaScript implementation of it.
 */
export class WebSha256 implements Checksum {
  private chunks: Uint8Array[] = [];

  constructor(private readonly secret?: SourceData) {}

  update(data: Uint8Array): void {
    this.chunks.push(bytesOf(data));
  }

  async digest(): Promise<Uint8Array> {
    const length = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const data = new Uint8Array(length);
    let offset = 0;
    for (const chunk of this.chunks) {
      data.set(chunk, offset);
      offset += chunk.length;
    }
    if (this.secret === undefined) {
      return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    }
    const key = await crypto.subtle.importKey(
      'raw',
      bytesOf(this.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
  }

  reset(): void {
    this.chunks = [];
  }
}
