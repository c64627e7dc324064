import type { CameraAlertState, HeldBack, HeldBackRecord } from '../domain/alert-cooldown.js';
import type { Notification } from '../domain/alert-message.js';
import type { HourStats } from '../domain/compliance-report.js';
import type { DigestBody } from '../domain/digest-message.js';
import type { Requirement } from '../domain/evaluate-persons.js';
import type {
  DetectionResponse,
  Disposition,
  FrameResult,
  PersonReview,
} from '../domain/frame-result.js';
import type { PersonBoxes } from '../domain/head-region.js';
import type { FrameRejection } from '../domain/rejection.js';

/** The image to analyse: bytes on the API path, an S3 object on the S3 path (never downloaded). */
export type ImageSource =
  | { bytes: Uint8Array }
  | { s3: { bucket: string; key: string; versionId?: string } };

/** Runs DetectProtectiveEquipment with SummarizationAttributes. */
export interface Detector {
  detect(image: ImageSource, requirement: Requirement): Promise<DetectionResponse>;
}

/** A frame's stored outcome. */
export type StoredFrame = FrameResult | FrameRejection;

/** A held claim on a frame id: only its holder may store the outcome. */
export interface Claim {
  frameId: string;
  token: string;
  requestHash: string;
}

/** What a claim on a frame id found. */
export type ClaimOutcome =
  | { kind: 'claimed'; claim: Claim }
  | { kind: 'done'; frame: StoredFrame; sameRequest: boolean }
  | { kind: 'in-progress' };

/** What a claim records so that a retry can be told from a different request. */
export interface ClaimRequest {
  frameId: string;
  requestHash: string;
  leaseSeconds: number;
}

/**
 * The results table. A frame id is claimed before Rekognition is called, so that a retried or
 * duplicated delivery finds the first outcome instead of paying for a second call.
 */
export interface ResultsStore {
  claim(request: ClaimRequest): Promise<ClaimOutcome>;
  /**
   * Stores the result and releases the claim; a frame that alerts is marked for the publisher.
   * `image` is where the frame's image is kept, for the console.
   */
  saveResult(result: FrameResult, claim: Claim, image?: StoredImage): Promise<void>;
  saveRejection(rejection: FrameRejection, claim: Claim): Promise<void>;
  /** Gives a claim up after a transient failure, so that the retry need not wait for the lease. */
  release(claim: Claim): Promise<void>;
  getFrame(frameId: string): Promise<StoredFrame | undefined>;
}

/** Publishes an alert or a digest; resolves to the message id. */
export interface AlertPublisher {
  publish(notification: Notification<unknown>): Promise<string>;
}

/** Where a frame's alert stands: PENDING until handled, then HELD, or PUBLISHING and SENT. */
export type AlertState = 'PENDING' | 'HELD' | 'PUBLISHING' | 'SENT';

/** done: written; frame-moved-on: another delivery handled the frame; camera-moved-on: retry. */
export type AlertLedgerOutcome = 'done' | 'frame-moved-on' | 'camera-moved-on';

/**
 * Where the alert use case keeps each frame's alert state and each camera's cooldown. Every
 * write is conditional on the frame still pending and the camera's version unchanged, so that
 * concurrent or retried deliveries neither alert twice nor count a held alert twice.
 */
export interface AlertLedger {
  /** The frame's alert state now (the stream record may be older), and what its alert reports. */
  frameAlert(frameId: string): Promise<{ state: AlertState; heldBack: HeldBack } | undefined>;
  cameraState(cameraId: string): Promise<CameraAlertState | undefined>;
  /**
   * Holds a pending frame's alert back, records it in the camera's held-back record, and marks
   * the camera due for a digest when its cooldown ends.
   */
  hold(
    frameId: string,
    cameraId: string,
    expectedVersion: number,
    heldBack: HeldBackRecord,
    digestDueAt: string,
  ): Promise<AlertLedgerOutcome>;
  /** Takes the right to publish a pending frame's alert and opens or extends the cooldown. */
  reserve(
    frameId: string,
    cameraId: string,
    expectedVersion: number,
    next: Omit<CameraAlertState, 'version'>,
    heldBack: HeldBack,
  ): Promise<AlertLedgerOutcome>;
  markSent(frameId: string, messageId: string): Promise<void>;
}

/** The identity of a digest marker or a claimed digest in the ledger. */
export type DigestKey = { pk: string; sk: string };

/** A camera whose cooldown, ending at `dueAt`, held something back (written with the hold). */
export interface DigestMarker {
  kind: 'marker';
  key: DigestKey;
  cameraId: string;
  dueAt: string;
}

/** What the digest use case finds due: a camera's marker, or a claimed digest not yet sent. */
export type DueDigest = DigestMarker | { kind: 'claimed'; key: DigestKey; body: DigestBody };

/** Where the digest use case finds ended cooldowns and claims what they held back. */
export interface DigestLedger {
  /** Markers and claimed digests due at `now` (ISO), oldest first. */
  due(now: string): Promise<DueDigest[]>;
  cameraState(cameraId: string): Promise<CameraAlertState | undefined>;
  /**
   * Takes a camera's held-back violations for a digest, once: clears them (conditional on the
   * camera's version), deletes its marker and keeps the digest to send, in one step.
   * Resolves to the claimed digest's key, or undefined when the camera moved on meanwhile.
   */
  claim(
    marker: DigestMarker,
    state: CameraAlertState,
    body: DigestBody,
  ): Promise<DigestKey | undefined>;
  /**
   * Deletes a marker with nothing left to report (a later alert reported it), unless the camera
   * moved on since `version` was read (undefined: the camera has no state).
   */
  drop(marker: DigestMarker, version: number | undefined): Promise<boolean>;
  /** Forgets a claimed digest once the publisher took it. */
  sent(claimed: DigestKey): Promise<void>;
}

/** Where a camera timeline page starts: the index key of the last frame already returned. */
export type TimelineCursor = Record<'pk' | 'sk' | 'gsi1pk' | 'gsi1sk', string>;

/** A page of a camera's frame records, newest first. */
export interface TimelinePage {
  items: Record<string, unknown>[];
  cursor?: TimelineCursor;
}

/** A camera timeline query: a time range and status filter, a page size, where to go on. */
export interface TimelineQuery {
  cameraId: string;
  from?: string;
  to?: string;
  status?: string;
  limit: number;
  cursor?: TimelineCursor;
}

/** The index key of a person on the `violationsByDay` index. */
export type ViolationKey = Record<'pk' | 'sk' | 'gsi2pk' | 'gsi2sk', string>;

/**
 * Where a violations page starts: the UTC day to read (newest first) and, within it, the key of
 * the last person already returned (none: the day from its newest person).
 */
export interface ViolationsCursor {
  day: string;
  key?: ViolationKey;
}

/** A GET /violations query: capture times in [from, to) as ISO strings, filters, a page size. */
export interface ViolationsQuery {
  from: string;
  to: string;
  cameraId?: string;
  location?: string;
  equipment?: string;
  review?: 'unreviewed' | 'confirmed' | 'false-positive' | 'inconclusive';
  limit: number;
  cursor?: ViolationsCursor;
}

/** A page of person records in violation, newest first. */
export interface ViolationsPage {
  items: Record<string, unknown>[];
  cursor?: ViolationsCursor;
}

/** The newest frame of a camera, as its camera record keeps it. */
export interface CameraRecord {
  cameraId: string;
  location?: string;
  lastFrame: {
    frameId: string;
    capturedAt: string;
    status: string;
    personsTotal: number;
    missingEquipment: string[];
  };
}

/** The read side that timelines, reports, the violations list and the camera list need. */
export interface ResultsQueries {
  cameraFrames(query: TimelineQuery): Promise<TimelinePage>;
  /** Persons in violation across cameras, newest first, one index query per UTC day. */
  violations(query: ViolationsQuery): Promise<ViolationsPage>;
  /** Every camera's record, sorted by camera id. */
  cameras(): Promise<CameraRecord[]>;
  /** Hourly counters for the hours in [fromHour, toHour), hours as `yyyy-mm-ddThh`. */
  hourStats(fromHour: string, toHour: string): Promise<HourStats[]>;
}

/** What HeadObject tells about an uploaded frame, without downloading it. */
export interface ObjectHead {
  contentLength: number;
  contentType?: string;
  metadata: Record<string, string>;
  eTag?: string;
  versionId?: string;
}

/**
 * An S3 object version as an event names it: by version id where the bucket is versioned, else
 * by ETag, so that an overwrite before processing is told apart from the object the event meant.
 */
export interface ObjectAddress {
  bucket: string;
  key: string;
  versionId?: string;
  eTag?: string;
}

/** What HeadObject found at an address. */
export type HeadOutcome =
  | { kind: 'found'; head: ObjectHead }
  /** Deleted or expired before it was processed (no such key, version, or a delete marker). */
  | { kind: 'gone' }
  /** The key holds other bytes now (its ETag no longer matches): a newer upload replaced it. */
  | { kind: 'replaced' };

/** The ingest bucket as the S3 path sees it: read an object's head, tag its outcome. */
export interface IngestObjects {
  head(address: ObjectAddress): Promise<HeadOutcome>;
  /** Tags the object version; resolves to false when it is gone, which nothing can tag. */
  tag(address: ObjectAddress, tags: Record<string, string>): Promise<boolean>;
}

/** Where a frame's image is kept: `frames/` for the API path, the upload itself for the S3 path. */
export interface StoredImage {
  /** Absent for the ingest bucket, which is the only bucket the stack keeps images in. */
  bucket?: string;
  key: string;
  versionId?: string;
  /** Known when the bytes were in hand (API path); the S3 path never downloads them. */
  width?: number;
  height?: number;
}

/** Keeps an API-path frame's decoded image, so that the console can show it later. */
export interface ImageKeeper {
  keep(frameId: string, bytes: Uint8Array): Promise<StoredImage>;
}

/** The person boxes that the blurred copy covers the heads of. */
export type BlurPerson = PersonBoxes;

/** Makes the blurred copy: every person's head region covered, as a JPEG. */
export interface HeadBlur {
  blur(
    original: Uint8Array,
    persons: readonly BlurPerson[],
  ): Promise<{ bytes: Uint8Array; width: number; height: number; regions: number }>;
}

/** What the image use case reads of a frame: its image and its person boxes. */
export interface FrameImageRecord {
  status: string;
  image?: StoredImage;
  persons: BlurPerson[];
  /** When the frame's records expire (epoch seconds): its trail is kept as long. */
  retainUntil?: number;
}

/** One recorded view of an original image, kept in the frame's trail. */
export interface ImageAccess {
  frameId: string;
  by: string;
  at: string;
  retainUntil?: number;
}

/** The frame records that the image use case reads and appends to. */
export interface FrameImageRecords {
  find(frameId: string): Promise<FrameImageRecord | undefined>;
  recordOriginalAccess(access: ImageAccess): Promise<void>;
}

/** An object of the ingest bucket, as the image use case sees it. */
export interface ImageObjectHead {
  metadata: Record<string, string>;
}

/** The ingest bucket's images: read, write the blurred copy, and presign a GET. */
export interface ImageObjects {
  /** Undefined when there is no such object (never written, or expired). */
  head(image: StoredImage): Promise<ImageObjectHead | undefined>;
  /** Undefined when there is no such object. */
  get(image: StoredImage): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array, metadata: Record<string, string>): Promise<void>;
  presign(image: StoredImage, expiresInSeconds: number): Promise<string>;
}

export type { Disposition, PersonReview };

/** One entry of a frame's append-only review trail. */
export interface ReviewEntry extends PersonReview {
  personId: number;
  comment?: string;
}

/** A stored person as the review use case reads it: enough to judge and to count the change. */
export interface ReviewedPerson {
  frameId: string;
  personId: number;
  status: string;
  cameraId: string;
  location?: string;
  capturedAt: string;
  missingEquipment: string[];
  expiresAt: number;
  review?: PersonReview;
  /** How many reviews the person had: the version a change is conditional on. */
  reviewCount: number;
}

/** A review to record against the person as read (its `reviewCount`). */
export interface ReviewChange {
  person: ReviewedPerson;
  entry: ReviewEntry;
  /** How the hour's false positives move: +1, -1 or 0. */
  falsePositiveDelta: 1 | -1 | 0;
}

/** What reading a person for a review found. */
export type PersonLookup =
  | { kind: 'found'; person: ReviewedPerson }
  | { kind: 'frame-not-found' }
  | { kind: 'person-not-found' };

/**
 * Where reviews live: the person's current review, the frame's trail and the hour's counters,
 * changed together. `record` resolves to `stale` when the person changed since it was read
 * (another review won the race), `not-a-violation` when the person is not in violation.
 */
export interface ReviewStore {
  person(frameId: string, personId: number): Promise<PersonLookup>;
  record(change: ReviewChange): Promise<'recorded' | 'stale' | 'not-a-violation'>;
  /** The frame's trail oldest first; undefined when there is no such stored frame. */
  trail(frameId: string): Promise<ReviewEntry[] | undefined>;
  /** Every recorded view of the frame's original image, oldest first. */
  originalAccesses(frameId: string): Promise<{ by: string; at: string }[]>;
}
