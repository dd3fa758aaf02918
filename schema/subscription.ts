/** Registered on the shared builder; see schema/builder.ts. */
import { builder } from './builder.js';

void builder;
