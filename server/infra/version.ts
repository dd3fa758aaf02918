/** The server's version, as package.json gives it (the agent guide and the MCP server announce it). */
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
