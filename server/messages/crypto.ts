/**
 * Encryption of private messages at rest: AES-256-GCM with a key held outside the database
 * (`MESSAGE_KEY`, or on the embedded default a key made once in `<DATA_DIR>/message.key`, 0600). Each
 * sealed text carries the id of its key (the first 8 hex digits of the key's SHA-256), so that a key
 * can be replaced while an earlier one (`MESSAGE_KEY_PREVIOUS`) still opens older messages. The
 * associated data binds a ciphertext to where it belongs (`message:<conversation id>:<message id>` or
 * `request:<request id>`): copied into another row, it no longer opens.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { secretFile } from '../infra/private-dir.js';

/** A sealed text as stored. */
export interface Sealed {
  readonly ciphertext: Uint8Array<ArrayBuffer>;
  readonly nonce: Uint8Array<ArrayBuffer>;
  readonly keyId: string;
}

const KEY_FILE = 'message.key';
const TAG_BYTES = 16;

/** The id stored beside each ciphertext: names the key without revealing it. */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** The keys of private messages: the current one seals, every known one opens. */
export class MessageKeys {
  readonly #current: { id: string; key: Buffer };
  readonly #known: Map<string, Buffer>;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    if (current.length !== 32) throw new Error('A message key is 32 bytes.');
    this.#current = { id: keyIdOf(current), key: current };
    this.#known = new Map([...previous, current].map((key) => [keyIdOf(key), key]));
  }

  /** The id of the key new texts are sealed with. */
  get currentKeyId(): string {
    return this.#current.id;
  }

  /** Encrypts `text`, bound to `binding` (the row it is stored in). */
  seal(text: string, binding: string): Sealed {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, nonce);
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext: new Uint8Array(body), nonce: new Uint8Array(nonce), keyId: this.#current.id };
  }

  /** Decrypts a sealed text stored for `binding`; throws when the key is unknown or the text was moved or altered. */
  open(sealed: { ciphertext: Uint8Array; nonce: Uint8Array; keyId: string }, binding: string): string {
    const key = this.#known.get(sealed.keyId);
    if (!key) throw new Error(`No message key with id ${sealed.keyId} is configured (MESSAGE_KEY_PREVIOUS?).`);
    const data = Buffer.from(sealed.ciphertext);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce));
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** Where a message's ciphertext belongs. */
export const messageBinding = (conversationId: string, messageId: string) => `message:${conversationId}:${messageId}`;
/** Where a request's opening message belongs. */
export const requestBinding = (requestId: string) => `request:${requestId}`;

/**
 * The keys of this server: `MESSAGE_KEY` (and `MESSAGE_KEY_PREVIOUS`); unset, the key file of the data
 * folder, made on first use (two processes starting at once end up with the same key: it is published
 * with an exclusive link). Instances of one deployment on PostgreSQL started from the same folder share
 * it; instances on different machines need `MESSAGE_KEY` (the server warns at start).
 */
export async function loadMessageKeys(config: Config): Promise<MessageKeys> {
  if (config.messageKey) {
    return new MessageKeys(config.messageKey, config.messageKeyPrevious ? [config.messageKeyPrevious] : []);
  }
  return new MessageKeys(await keyFile(config.dataDir));
}

/** The key file of a data folder. */
export const messageKeyFile = (dataDir: string): string => join(resolve(dataDir), KEY_FILE);

async function keyFile(dataDir: string): Promise<Buffer> {
  const file = messageKeyFile(dataDir);
  const text = await secretFile(file, () => `${randomBytes(32).toString('base64')}\n`);
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
