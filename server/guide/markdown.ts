/** Small markdown builders for the agent guide. */
import { parse, print } from 'graphql';
import type { Operation } from '../operations/catalogue.js';

/** A fenced code block. */
export function code(language: string, text: string): string {
  return `\`\`\`${language}\n${text.trimEnd()}\n\`\`\``;
}

/** A table; cells must not contain `|` or line breaks. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A catalogue operation as the guide shows it: its summary, its document and example variables. */
export function operationBlock(operation: Operation): string {
  const parts = [`**${operation.name}**: ${operation.summary}`, code('graphql', print(parse(operation.document)))];
  if (Object.keys(operation.example).length > 0) {
    parts.push(`Variables:\n\n${code('json', JSON.stringify(operation.example, null, 2))}`);
  }
  return parts.join('\n\n');
}

/** Sections joined with blank lines, empty ones left out. */
export function sections(...parts: readonly (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n\n');
}
