import { readFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../schema/index.js';
import { diffMigrationsToSchema } from '../../server/infra/migrate.js';

describe('generated artifacts', () => {
  it('schema.graphql is the schema the code builds (run `npm run schema:print` after a change)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });

  it('prisma/migrations produce exactly prisma/schema.prisma (run `npm run db:migration -- <name>`)', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });
});
