import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cx_api, type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../local/console-build.js';
import { HIGH_VIS_VEST } from '../support/custom-equipment.js';
import { buildApp } from './synth.js';

/** The part of CDK's validation report (cdk.out/validation-report.json) that we read. */
interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{
      ruleName: string;
      severity: string;
      violatingConstructs: Array<{ constructPath: string }>;
    }>;
  }>;
}

/** One line per unacknowledged finding: rule, severity and where. */
function findings(report: ValidationReport): string[] {
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => {
      const paths = violation.violatingConstructs.map((c) => c.constructPath).join(', ');
      return `${plugin.pluginName}: ${violation.ruleName} (${violation.severity}) at ${paths}`;
    }),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  // Synthesize once, as `cdk synth` does: any unacknowledged finding makes synthesis throw
  // (with the report in the message) and is listed in cdk.out/validation-report.json.
  let synthError: unknown;
  let report: ValidationReport;
  let direct: PolicyValidationPluginReport;
  beforeAll(async () => {
    // As `cdk synth` after a console build (.ci/run builds it first): without one, synth warns.
    await ensureConsoleBuilt(() => {});
    // With the console's origins, so that the CORS preflight methods are checked too, and with
    // custom equipment and its model schedule, so that their grants and schedules are checked.
    const { app } = buildApp({
      consoleOrigins: 'https://console.example.com',
      customEquipment: JSON.stringify([HIGH_VIS_VEST]),
      customModelSchedule: JSON.stringify({
        start: 'cron(0 6 ? * MON-FRI *)',
        stop: 'cron(0 18 ? * MON-FRI *)',
      }),
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
    // Written before synthesis throws, so it lists the findings either way.
    const reportFile = join(app.outdir, cx_api.VALIDATION_REPORT_FILE);
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport;
    direct = new AwsSolutionsChecks().validateScope(app);
  });

  it('let the app synthesize', () => {
    expect(synthError).toBeUndefined();
  });

  it('leave no unacknowledged error or warning in the synthesis report', () => {
    expect(findings(report)).toEqual([]);
  });

  it('find nothing unacknowledged when run on the construct tree directly', () => {
    const violations = direct.violations.map((v) => `${v.ruleName} (${v.severity})`);

    expect(violations).toEqual([]);
  });
});
