/** `npm run rest:print` writes the REST route catalogue into README.md between its markers, formatted. */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { CATALOGUE_END, CATALOGUE_START, routeCatalogue } from './catalogue.js';
import { ROUTES } from './routes.js';

/** The catalogue as Prettier formats it in the README. */
export async function formattedCatalogue(readmePath: string): Promise<string> {
  const options = await prettier.resolveConfig(readmePath);
  return (await prettier.format(routeCatalogue(ROUTES), { ...options, parser: 'markdown' })).trim();
}

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await readFile(readme, 'utf8');
  const start = text.indexOf(CATALOGUE_START);
  const end = text.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) throw new Error('README.md has no REST route catalogue markers');
  const catalogue = await formattedCatalogue(readme);
  await writeFile(readme, `${text.slice(0, start)}${catalogue}${text.slice(end + CATALOGUE_END.length)}`);
  console.log('Wrote the REST route catalogue into README.md');
}
