/** Types shared by the real-time modules. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../context.js';

/** The yoga instance with the server context of the Node adapter (as built by the composition root). */
export type Yoga = YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>;
