/** An HTTP answer of the API, with its body parsed as JSON when it is JSON. */
export interface ApiReply {
  status: number;
  /** The parsed body; undefined when the body is empty or not JSON. */
  json: unknown;
  /** The raw body, for error messages. */
  text: string;
}

/** One alert as a subscriber received it: the SNS message body and its message attributes. */
export interface ReceivedAlert {
  message: unknown;
  /**
   * Attribute values by name; String.Array values as arrays. Undefined when the delivery carries
   * none: SNS does not deliver message attributes with a per-protocol (MessageStructure json)
   * message, which alerts are; it still filters on them. The local stand-in lists what was
   * published with them.
   */
  attributes?: Record<string, unknown>;
}

/** Registers an undo action that runs at the end of the run, whatever happened. */
export type RegisterCleanup = (name: string, undo: () => Promise<void>) => void;

/** Where alerts of the run arrive. */
export interface AlertInbox {
  /** Waits a short while for alerts and returns those that arrived since the last call. */
  receive(deadline: number): Promise<ReceivedAlert[]>;
}

/**
 * What the smoke test runs against: a deployed stack or the local runtime. Both offer the
 * same routes, bucket and alerts; they differ in how they are reached (SigV4 or not) and in how
 * alerts are received (a temporary SQS subscription or `GET /local/alerts`).
 */
export interface SmokeTarget {
  /** Says what is tested, e.g. `stack PpeDetection in eu-west-1`. */
  description: string;
  /** Calls a route; `path` is relative to the API's base URL, e.g. `frames/abc`. */
  request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiReply>;
  /** Puts an image into the ingest bucket with `x-amz-meta-*` metadata; registers its removal. */
  upload(
    key: string,
    image: Uint8Array,
    metadata: Record<string, string>,
    cleanup: RegisterCleanup,
  ): Promise<void>;
  /** Starts receiving the alert topic's messages; registers whatever must be removed after. */
  subscribeToAlerts(cleanup: RegisterCleanup): Promise<AlertInbox>;
  /** How long to wait for the S3 path's result and for alerts, in ms. */
  waitMs: number;
  /** How often to look for the S3 path's result, in ms. */
  pollIntervalMs: number;
}

/** A step's failure: its message is printed as the reason, without a stack trace. */
export class StepFailure extends Error {}
