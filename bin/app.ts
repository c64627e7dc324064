import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, loadConfig } from '../lib/config.js';
import { PpeDetectionStack } from '../lib/ppe-detection-stack.js';

/**
 * CDK app entry: reads the configuration from context, defines the stack and checks it
 * against the cdk-nag AWS Solutions rules (any unacknowledged finding fails `cdk synth`).
 *
 * The stack is environment-agnostic: `cdk deploy` targets the account and region of the
 * credentials in use, and the synthesized template is the same on every machine.
 */
const app = new App();
try {
  const config = loadConfig(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext()),
  );
  // The stack checks the settings that depend on each other first, before bundling anything.
  new PpeDetectionStack(app, 'PpeDetection', {
    description: 'PPE detection backend: Rekognition PPE checks for camera frames, with alerts',
    config,
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A configuration mistake is the user's to fix: say what is wrong, without a stack trace.
  console.error(error.message);
  process.exit(1);
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
