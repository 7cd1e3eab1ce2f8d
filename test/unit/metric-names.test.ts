import { expect, it } from '@jest/globals';
import { exportedMetricNames, promqlMetricNames } from '../../src/platform/metric-names.js';

it('finds the metrics of a query, not its functions, clauses, label names, strings, ranges or numbers', () => {
  expect(
    promqlMetricNames(
      'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{route=~"/a|b", district=~"$district"}[5m]))) > 1e3',
    ),
  ).toEqual(['http_request_duration_seconds_bucket']);
  expect(
    promqlMetricNames(
      'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum without (instance) (rate(http_requests_total[$__rate_interval]))',
    ),
  ).toEqual(['http_requests_total']);
  expect(promqlMetricNames('up{job="engine"} == 0 or absent(up{job="engine"})')).toEqual(['up']);
  expect(
    promqlMetricNames(
      'max by (district) (housing_step_overdue{step="4"}) > 0 and on (district) housing_term_overdue unless ignoring (job) camunda_jobs_failed offset 5m',
    ),
  ).toEqual(['camunda_jobs_failed', 'housing_step_overdue', 'housing_term_overdue']);
  expect(promqlMetricNames('max(ha_redis_aof_enabled) == bool 0')).toEqual(['ha_redis_aof_enabled']);
});

it("reads a scrape's names: samples, and each declared metric with its histogram series even before a sample", () => {
  const names = exportedMetricNames(
    [
      '# HELP ha_tasks_failed_total Handler failures',
      '# TYPE ha_tasks_failed_total counter',
      '# TYPE ha_task_pickup_seconds histogram',
      'ha_task_pickup_seconds_bucket{le="0.01",topic="registration"} 3',
      '# TYPE camunda_jobs_failed gauge',
      'camunda_jobs_failed 0.0',
      'jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1.2E7',
      '',
    ].join('\n'),
  );
  expect([...names].sort()).toEqual([
    'camunda_jobs_failed',
    'ha_task_pickup_seconds',
    'ha_task_pickup_seconds_bucket',
    'ha_task_pickup_seconds_count',
    'ha_task_pickup_seconds_sum',
    'ha_tasks_failed_total',
    'jvm_memory_used_bytes',
  ]);
});
