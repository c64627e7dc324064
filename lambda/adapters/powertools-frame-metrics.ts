import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FrameMetrics } from '../core/frame-metrics.js';

/** FrameMetrics as CloudWatch EMF through Powertools; rejections get a `reason` dimension. */
export function makePowertoolsFrameMetrics(metrics: Metrics): FrameMetrics {
  return {
    count(name, value) {
      metrics.addMetric(name, MetricUnit.Count, value);
    },
    rejection(reason) {
      metrics.addMetric('Rejections', MetricUnit.Count, 1);
      const byReason = metrics.singleMetric();
      byReason.addDimension('reason', reason);
      byReason.addMetric('RejectionsByReason', MetricUnit.Count, 1);
    },
    detectorLatency(milliseconds) {
      metrics.addMetric('RekognitionLatency', MetricUnit.Milliseconds, milliseconds);
    },
  };
}
