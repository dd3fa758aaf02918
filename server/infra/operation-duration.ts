/**
 * Operation latency for operators: graphql-yoga's Prometheus plugin, on the app's own registry (see
 * metrics.ts), observing one histogram, `moltbook_graphql_operation_duration_seconds`, from parse to the
 * end of execution (to the subscription's start for subscriptions), by operation and type. Operations
 * are named by their root fields like every other metric, so the labels stay bounded by the schema.
 */
import { createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { operationLabel, type Metrics } from './metrics.js';

/** Buckets from 2.5 ms to 10 s. */
const BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The plugin; every other metric the plugin offers stays off (the app counts those itself). */
export function operationDurationPlugin(metrics: Metrics): Plugin {
  return usePrometheus({
    registry: metrics.registry,
    // Served by the app (server/http/metrics-endpoint.ts), not by yoga.
    endpoint: false,
    metrics: {
      graphql_envelop_request_duration: createHistogram({
        registry: metrics.registry,
        histogram: {
          name: 'moltbook_graphql_operation_duration_seconds',
          help: 'Duration of GraphQL operations from parse to the end of execution, by root fields and type.',
          labelNames: ['operation', 'type'] as const,
          buckets: BUCKETS,
        },
        // The plugin names unnamed operations "Anonymous": the operation is picked by the name the
        // client sent, from the request's parameters, as everywhere else.
        fillLabelsFn: ({ document, operationType }, context: { params?: { operationName?: string | null } }) => ({
          operation: document ? operationLabel(document, context.params?.operationName) : 'unknown',
          type: operationType ?? 'unknown',
        }),
      }),
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_error_result: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      graphql_yoga_http_duration: false,
    },
  });
}
