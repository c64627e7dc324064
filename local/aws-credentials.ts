import { RekognitionClient } from '@aws-sdk/client-rekognition';

/**
 * Checks that the default credential chain finds credentials, as the real Rekognition needs:
 * without them every handler would fail on its first call, with a less helpful message.
 */
export async function requireAwsCredentials(region: string): Promise<void> {
  const client = new RekognitionClient({ region });
  try {
    await client.config.credentials();
  } catch (error) {
    throw new Error(
      `PPE_DETECTOR=rekognition calls Amazon Rekognition with your AWS credentials, and none were found (${(error as Error).message}). Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or leave PPE_DETECTOR unset for the replay detector.`,
    );
  } finally {
    client.destroy();
  }
}
