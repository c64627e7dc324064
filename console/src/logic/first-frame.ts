import type { RuntimeConfig } from '../config.js';

/**
 * The shell line that posts the bundled sample frame to the API. Locally the API takes unsigned
 * calls; in the cloud it is IAM-authenticated, so the line signs with curl's `--aws-sigv4` and the
 * caller's AWS credentials from the environment.
 */
export function firstFrameCommand(
  config: Pick<RuntimeConfig, 'apiUrl' | 'auth' | 'region'>,
): string {
  const body =
    `(printf '{"cameraId":"cam-01","location":"plant-3/line-2","requiredEquipment":["HAND_COVER"],"image":"'; ` +
    `base64 < local/samples/ppe-group.jpg | tr -d '\\n'; printf '"}') | `;
  const signing =
    config.auth === 'cognito'
      ? ` --aws-sigv4 'aws:amz:${config.region}:execute-api' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: $AWS_SESSION_TOKEN"`
      : '';
  return `${body}curl -s ${config.apiUrl}/frames${signing} -H 'Content-Type: application/json' --data-binary @-`;
}
