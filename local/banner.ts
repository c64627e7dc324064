import { isAbsolute, join, relative } from 'node:path';
import { BUNDLED_SAMPLES, type LocalRuntime } from './start-local-runtime.js';

/** Where the runtime keeps its data, as the banner says it. */
export type Storage = { kind: 'memory' } | { kind: 'disk'; dataDir: string };

/** A path as the user would type it from here: relative inside the working directory. */
const shown = (path: string) => {
  const inside = relative(process.cwd(), path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside || '.';
};

/** The shell line that posts the bundled sample frame, which works as printed (no argv limit). */
export function sampleCurlLine(apiUrl: string): string {
  const image = shown(join(BUNDLED_SAMPLES, 'ppe-group.jpg'));
  return (
    `(printf '{"cameraId":"cam-01","location":"plant-3/line-2","requiredEquipment":["HAND_COVER"],"image":"'; ` +
    `base64 < ${image} | tr -d '\\n'; printf '"}') | ` +
    `curl -s ${apiUrl}/frames -H 'Content-Type: application/json' --data-binary @-`
  );
}

/** The AWS CLI line that uploads the bundled sample frame to the local ingest bucket. */
export function sampleUploadLine(runtime: LocalRuntime): string {
  const image = shown(join(BUNDLED_SAMPLES, 'ppe-group.jpg'));
  return (
    `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region ${runtime.region} ` +
    `--endpoint-url ${runtime.urls.s3} s3 cp ${image} ` +
    `s3://${runtime.bucket}/incoming/cam-01/ppe-group.jpg --metadata required-equipment=HAND_COVER`
  );
}

/**
 * What `npm start` prints once everything listens: the endpoints, the bucket, the detector, and
 * lines to copy that exercise both ingest paths with the bundled sample.
 */
export function banner(runtime: LocalRuntime, storage: Storage): string {
  const { api, s3, dynamodb } = runtime.urls;
  const kept =
    storage.kind === 'memory'
      ? 'in memory: gone on exit (--data-dir DIR keeps it)'
      : `kept in ${shown(storage.dataDir)} with the bucket and the queue (a restart resumes, even after a crash)`;
  const detector =
    runtime.detector === 'replay'
      ? `replay of recorded responses in ${shown(runtime.replayDir)} (PPE_DETECTOR=rekognition calls Amazon Rekognition)`
      : `Amazon Rekognition in ${runtime.region}, with your AWS credentials (S3 uploads cannot be analysed: Rekognition reads only real S3)`;
  const unrecorded =
    runtime.detector !== 'replay'
      ? []
      : runtime.replayFallback
        ? [
            `             an image without a recording is answered from ${shown(runtime.replayFallback)}`,
          ]
        : [
            `             an image without a recording answers NO_RECORDING (PPE_REPLAY_FALLBACK=${shown(join(BUNDLED_SAMPLES, 'empty-scene.json'))} answers it with no persons)`,
          ];
  return [
    'PPE detection backend: local runtime (production handlers, local stand-ins)',
    '',
    `  API        ${api}  ${runtime.routes.join(', ')} (no auth locally)`,
    ...(runtime.urls.console ? [`  Console    ${runtime.urls.console} (local: no sign-in)`] : []),
    `  S3         ${s3}  bucket ${runtime.bucket}; uploads under incoming/ are analysed`,
    `  DynamoDB   ${dynamodb}  table ${runtime.tableName}, ${kept}`,
    `  Detector   ${detector}`,
    ...unrecorded,
    `  Alerts     ${api}/local/alerts (and printed below)`,
    `  Reports    POST ${api}/local/reports/run {"at": ISO} runs the scheduled report; bucket ${runtime.reportsBucket}, e-mails at ${api}/local/reports`,
    `  Export     ${runtime.exportDir} (Parquet by day; npm run query -- compliance-by-location-day)`,
    `  Local      ${api}/local/info, ${api}/local/queue, ${api}/local/dlq`,
    `  Agent      npx ppe-agent video FILE --camera-id cam-01 --endpoint ${api} --auth none (README: Connect cameras)`,
    '',
    'Analyse the sample frame (four workers without gloves: four violations, one alert):',
    `  ${sampleCurlLine(api)}`,
    `  curl -s ${api}/local/alerts`,
    '',
    'Or upload it through the S3 path (AWS CLI):',
    `  ${sampleUploadLine(runtime)}`,
    '',
    'Ctrl-C stops.',
  ].join('\n');
}
