import type { RuntimeConfig } from '../config.js';
import type {
  ApiErrorBody,
  CameraFrames,
  ComplianceReport,
  FrameRequest,
  FrameResult,
  StoredFrame,
} from './contracts.js';
import type {
  CamerasList,
  FrameImage,
  ReviewAnswer,
  ReviewRequest,
  ViolationsPage,
} from './route-contracts.js';
import { type Signer, signerFor } from './sign.js';

/** An answer other than 2xx, with the contract's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The API's routes the console calls, each signed through one seam. */
export class ApiClient {
  private readonly sign: Signer;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.sign = signerFor(config);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const request = new Request(`${this.config.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    let response: Response;
    try {
      response = await this.fetcher(await this.sign(request));
    } catch (error) {
      throw new ApiError(
        0,
        'NETWORK',
        `The API at ${this.config.apiUrl} cannot be reached: ${String(error)}`,
      );
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (json as Partial<ApiErrorBody> | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? `${method} ${path} answered HTTP ${response.status}.`,
      );
    }
    return json as T;
  }

  /** GET /cameras (A). */
  cameras(): Promise<CamerasList> {
    return this.call('GET', '/cameras');
  }

  /** GET /cameras/{cameraId}/frames. */
  cameraFrames(cameraId: string, query = new URLSearchParams()): Promise<CameraFrames> {
    const search = query.toString();
    return this.call(
      'GET',
      `/cameras/${encodeURIComponent(cameraId)}/frames${search ? `?${search}` : ''}`,
    );
  }

  /** GET /violations (A). */
  violations(query: URLSearchParams): Promise<ViolationsPage> {
    const search = query.toString();
    return this.call('GET', `/violations${search ? `?${search}` : ''}`);
  }

  /** GET /frames/{frameId}. */
  frame(frameId: string): Promise<StoredFrame> {
    return this.call('GET', `/frames/${encodeURIComponent(frameId)}`);
  }

  /** GET /frames/{frameId}/image (B): the blurred copy's presigned URL. */
  frameImage(frameId: string): Promise<FrameImage> {
    return this.call('GET', `/frames/${encodeURIComponent(frameId)}/image`);
  }

  /** PUT /frames/{frameId}/persons/{personId}/review (A). */
  review(frameId: string, personId: number, body: ReviewRequest): Promise<ReviewAnswer> {
    return this.call(
      'PUT',
      `/frames/${encodeURIComponent(frameId)}/persons/${personId}/review`,
      body,
    );
  }

  /** GET /reports/compliance. */
  compliance(query: URLSearchParams): Promise<ComplianceReport> {
    return this.call('GET', `/reports/compliance?${query.toString()}`);
  }

  /** POST /frames. */
  analyse(body: FrameRequest): Promise<FrameResult> {
    return this.call('POST', '/frames', body);
  }
}
