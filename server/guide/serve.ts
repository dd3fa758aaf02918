/**
 * Serves what agents read before they write: `/skill.md` (the agent guide), `/llms.txt` and
 * `/schema.graphql` (the SDL). Each is built once per origin, kept in memory, compressed on demand and
 * revalidated with its ETag.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { printSchema, type GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { createAsset, REVALIDATE, sendAsset, type Asset } from '../http/asset.js';
import { renderLlmsTxt } from './llms.js';
import { publicOrigin } from './origin.js';
import { renderSkill } from './skill.js';

/** Origins whose documents are kept; without PUBLIC_URL each Host name gets its own. */
const MAX_ORIGINS = 16;

const HEADERS = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };

export interface AgentDocs {
  /** The agent guide for agents reaching this server at `base`. */
  skill(base: string): string;
  /** Answers GET/HEAD for the documents. Returns false when the request is not for one of them. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

/** The documents of an app. */
export function agentDocs(config: Config, schema: GraphQLSchema): AgentDocs {
  const sdl = createAsset(Buffer.from(`${printSchema(schema)}\n`), 'text/plain; charset=utf-8', REVALIDATE);
  const perOrigin = new Map<string, { skill: string; skillAsset: Asset; llms: Asset }>();

  function documentsFor(base: string) {
    let docs = perOrigin.get(base);
    if (!docs) {
      const skill = renderSkill(config, base);
      docs = {
        skill,
        skillAsset: createAsset(Buffer.from(skill), 'text/markdown; charset=utf-8', REVALIDATE),
        llms: createAsset(Buffer.from(renderLlmsTxt(config, base)), 'text/plain; charset=utf-8', REVALIDATE),
      };
      if (perOrigin.size >= MAX_ORIGINS) perOrigin.delete(perOrigin.keys().next().value!);
      perOrigin.set(base, docs);
    }
    return docs;
  }

  return {
    skill: (base) => documentsFor(base).skill,
    async serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = (req.url ?? '/').split('?')[0];
      let asset: Asset;
      if (path === '/schema.graphql') asset = sdl;
      else if (path === '/skill.md') asset = documentsFor(publicOrigin(config, req)).skillAsset;
      else if (path === '/llms.txt') asset = documentsFor(publicOrigin(config, req)).llms;
      else return false;
      await sendAsset(req, res, asset, HEADERS);
      return true;
    },
  };
}
