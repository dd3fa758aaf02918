/** `npm run schema:print` writes the code's schema to `schema.graphql` (committed; a test compares). */
import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { schema } from './index.js';

await writeFile(new URL('../schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
console.log('Wrote schema.graphql');
