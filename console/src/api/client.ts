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

/**
 * What a 403 from API Gateway means for a signed request: the role of the user's group lacks
 * execute-api:Invoke on the route. Said in words, naming the route, instead of a blank view.
 */
export function forbiddenMessage(route: string, gatewayMessage: string | undefined): string {
  return `Your role may not call ${route}: it lacks the permission execute-api:Invoke on ${route}. Ask an administrator for a group that has it.${gatewayMessage ? ` (API Gateway: ${gatewayMessage})` : ''}`;
}

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
    sign?: Signer,
  ) {
    this.sign = sign ?? signerFor(config);
  }

  private async call<T>(method: string, path: string, body?: unknown, route?: string): Promise<T> {
    const request = new Request(`${this.config.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    let signed: Request;
    try {
      signed = await this.sign(request);
    } catch (error) {
      throw new ApiError(0, 'SIGNED_OUT', error instanceof Error ? error.message : String(error));
    }
    let response: Response;
    try {
      response = await this.fetcher(signed);
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
      if (response.status === 403 && error?.code === 'FORBIDDEN') {
        const named = `${method} ${route ?? path.replace(/\?.*$/, '')}`;
        throw new ApiError(403, 'FORBIDDEN', forbiddenMessage(named, error.message));
      }
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
    return this.call('GET', '/cameras', undefined, '/cameras');
  }

  /** GET /cameras/{cameraId}/frames. */
  cameraFrames(cameraId: string, query = new URLSearchParams()): Promise<CameraFrames> {
    const search = query.toString();
    return this.call(
      'GET',
      `/cameras/${encodeURIComponent(cameraId)}/frames${search ? `?${search}` : ''}`,
      undefined,
      '/cameras/{cameraId}/frames',
    );
  }

  /** GET /violations (A). */
  violations(query: URLSearchParams): Promise<ViolationsPage> {
    const search = query.toString();
    return this.call('GET', `/violations${search ? `?${search}` : ''}`, undefined, '/violations');
  }

  /** GET /frames/{frameId}. */
  frame(frameId: string): Promise<StoredFrame> {
    return this.call(
      'GET',
      `/frames/${encodeURIComponent(frameId)}`,
      undefined,
      '/frames/{frameId}',
    );
  }

  /** GET /frames/{frameId}/image (B): the blurred copy's presigned URL. */
  frameImage(frameId: string): Promise<FrameImage> {
    return this.call(
      'GET',
      `/frames/${encodeURIComponent(frameId)}/image`,
      undefined,
      '/frames/{frameId}/image',
    );
  }

  /** PUT /frames/{frameId}/persons/{personId}/review (A). */
  review(frameId: string, personId: number, body: ReviewRequest): Promise<ReviewAnswer> {
    return this.call(
      'PUT',
      `/frames/${encodeURIComponent(frameId)}/persons/${personId}/review`,
      body,
      '/frames/{frameId}/persons/{personId}/review',
    );
  }

  /** GET /reports/compliance. */
  compliance(query: URLSearchParams): Promise<ComplianceReport> {
    return this.call(
      'GET',
      `/reports/compliance?${query.toString()}`,
      undefined,
      '/reports/compliance',
    );
  }

  /** POST /frames. */
  analyse(body: FrameRequest): Promise<FrameResult> {
    return this.call('POST', '/frames', body, '/frames');
  }
}
