/**
 * The coalescer of frequent changes (a post's counts): the first entry goes out at once, the entries of
 * the rest of the window go out together, one per key with its newest version, and an entry older than
 * one already handed on (published a moment later by another instance) never replaces it.
 */
import { expect, it } from 'vitest';
import { Coalescer } from '../../server/pubsub/coalescer.js';
import { sleep } from './support.js';

interface Entry {
  post: string;
  version: number;
}

const rule = { key: (e: Entry) => e.post, version: (e: Entry) => e.version };

it('hands on the first entry at once, then one batch per window with the newest entry of each key', async () => {
  const batches: Entry[][] = [];
  let idle = false;
  const coalescer = new Coalescer<Entry>(
    150,
    rule,
    (batch) => batches.push(batch),
    () => (idle = true),
  );
  coalescer.push({ post: 'a', version: 1 });
  expect(batches).toEqual([[{ post: 'a', version: 1 }]]);

  coalescer.push({ post: 'a', version: 3 });
  coalescer.push({ post: 'b', version: 1 });
  coalescer.push({ post: 'a', version: 2 }); // late: older than the pending one
  expect(batches).toHaveLength(1);
  while (batches.length < 2) await sleep(20);
  expect(batches[1]).toEqual([
    { post: 'a', version: 3 },
    { post: 'b', version: 1 },
  ]);

  coalescer.push({ post: 'a', version: 2 }); // late: older than the one handed on
  coalescer.push({ post: 'b', version: 1 }); // the same again
  while (!idle) await sleep(20);
  expect(batches).toHaveLength(2);
  coalescer.dispose();
});

it('drops what is pending when disposed', async () => {
  const batches: Entry[][] = [];
  const coalescer = new Coalescer<Entry>(50, rule, (batch) => batches.push(batch));
  coalescer.push({ post: 'a', version: 1 });
  coalescer.push({ post: 'a', version: 2 });
  coalescer.dispose();
  await sleep(120);
  expect(batches).toEqual([[{ post: 'a', version: 1 }]]);
});
