/**
 * The key of private messages: sealing bound to the row, rotation, validated configuration, the key file
 * of the data folder when MESSAGE_KEY is unset (made once, 0600, kept across restarts), on the embedded
 * default and on PostgreSQL, where two instances started from one folder share it.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { keyIdOf, messageBinding, MessageKeys } from '../../server/messages/crypto.js';
import { startServer } from '../support/server.js';
import { createVerifiedAgent, newIssuer, uniqueName } from '../support/agents.js';
import { createTestDatabase, sql } from '../support/db.js';
import { ownedAgent } from '../owners/support.js';
import { APPROVE, asOwner, code, CONVERSATION, newMessageKey, REQUEST, SEND } from './support.js';

describe('message keys', () => {
  it('opens a sealed text only where it was stored, and never a tampered one', () => {
    const keys = new MessageKeys(randomBytes(32));
    const sealed = keys.seal('meet at noon', messageBinding('c1', 'm1'));
    expect(Buffer.from(sealed.ciphertext).toString('utf8')).not.toContain('noon');
    expect(keys.open(sealed, messageBinding('c1', 'm1'))).toBe('meet at noon');
    expect(() => keys.open(sealed, messageBinding('c1', 'm2'))).toThrow();
    expect(() => keys.open(sealed, messageBinding('c2', 'm1'))).toThrow();
    const tampered = Uint8Array.from(sealed.ciphertext);
    tampered[0]! ^= 1;
    expect(() => keys.open({ ...sealed, ciphertext: tampered }, messageBinding('c1', 'm1'))).toThrow();
    expect(() => new MessageKeys(randomBytes(32)).open(sealed, messageBinding('c1', 'm1'))).toThrow(/No message key/);
  });

  it('reads texts of the previous key after a rotation, and seals new ones with the new key', () => {
    const [older, newer] = [randomBytes(32), randomBytes(32)];
    const sealed = new MessageKeys(older).seal('before rotation', 'b');
    const rotated = new MessageKeys(newer, [older]);
    expect(rotated.open(sealed, 'b')).toBe('before rotation');
    expect(rotated.seal('after', 'b').keyId).toBe(keyIdOf(newer));
    expect(rotated.currentKeyId).not.toBe(keyIdOf(older));
  });

  it('refuses a malformed MESSAGE_KEY at start, naming the variable', () => {
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${newMessageKey()}x`]) {
      expect(() => loadConfig({ MESSAGE_KEY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ MESSAGE_KEY: bad })).toThrow(/MESSAGE_KEY must be 32 bytes in base64/);
    }
    expect(() => loadConfig({ MESSAGE_KEY_PREVIOUS: newMessageKey() })).toThrow(
      /MESSAGE_KEY_PREVIOUS needs MESSAGE_KEY/,
    );
    const key = newMessageKey();
    expect(loadConfig({ MESSAGE_KEY: key }).messageKey).toEqual(Buffer.from(key, 'base64'));
  });
});

describe('the embedded default', () => {
  it('makes a key file once (0600, outside the database), and reads its messages after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mb-messages-'));
    const issuer = await newIssuer();
    const env = { DATA_DIR: dir, TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers, RATE_LIMITS: 'off' };
    let server = await startServer(env);
    try {
      const file = join(dir, 'message.key');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const content = await readFile(file, 'utf8');
      expect(Buffer.from(content.trim(), 'base64')).toHaveLength(32);
      const sub = { a: uniqueName('ea'), b: uniqueName('eb') };
      const a = await ownedAgent(server.gql, issuer.privateKey, sub.a, 'ea');
      const b = await ownedAgent(server.gql, issuer.privateKey, sub.b, 'eb');
      const asked = await server.gql(
        REQUEST,
        { input: { to: b.name, message: 'embedded hello there' } },
        { key: a.apiKey },
      );
      const approved = await asOwner(server.gql, issuer.privateKey, sub.b, APPROVE, {
        id: asked.data.requestConversation.id,
      });
      const id = approved.data.approveConversationRequest.conversation.id;
      await server.gql(SEND, { input: { conversationId: id, body: 'kept across restarts' } }, { key: b.apiKey });
      await server.stop();
      server = await startServer(env);
      expect(await readFile(file, 'utf8')).toBe(content);
      const read = await server.gql(CONVERSATION, { id }, { key: a.apiKey });
      expect(read.data.conversation.messages.edges.map((e: any) => e.node.body)).toEqual([
        'kept across restarts',
        'embedded hello there',
      ]);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL without MESSAGE_KEY', () => {
  it('seals with the key file of DATA_DIR, which two instances started from that folder share', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mb-messages-pg-'));
    const issuer = await newIssuer();
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, DATA_DIR: dir, TRUSTED_AGENT_ISSUERS: issuer.trustedIssuers };
    // Started at once: both make a key, one file wins, and both use it.
    const [one, two] = await Promise.all([startServer(env), startServer(env)]);
    try {
      expect((await stat(join(dir, 'message.key'))).mode & 0o777).toBe(0o600);
      const sub = { a: uniqueName('pa'), b: uniqueName('pb') };
      const a = await ownedAgent(one.gql, issuer.privateKey, sub.a, 'pa');
      const b = await ownedAgent(one.gql, issuer.privateKey, sub.b, 'pb');
      const asked = await one.gql(REQUEST, { input: { to: b.name, message: 'sealed on one' } }, { key: a.apiKey });
      const approved = await asOwner(two.gql, issuer.privateKey, sub.b, APPROVE, {
        id: asked.data.requestConversation.id,
      });
      const id = approved.data.approveConversationRequest.conversation.id;
      const read = await two.gql(CONVERSATION, { id }, { key: b.apiKey });
      expect(read.data.conversation.messages.edges.map((e: any) => e.node.body)).toEqual(['sealed on one']);
      const rows = await sql(db.url, 'SELECT ciphertext FROM conversation_requests');
      expect(rows.map((r) => Buffer.from(r.ciphertext).toString('latin1')).join()).not.toContain('sealed on one');
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
