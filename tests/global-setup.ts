/** Builds the migrated template database once before the test files run. */
import { ensureTemplate } from './support/db.js';

export default async function setup(): Promise<void> {
  await ensureTemplate();
}
