/** Helpers of the private-message tests: owned agents, owner assertions, and the operations they run. */
import { randomBytes } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import type { client } from '../support/server.js';

type Gql = ReturnType<typeof client>;

/** A fresh MESSAGE_KEY. */
export const newMessageKey = () => randomBytes(32).toString('base64');

/** A one-use owner assertion of issuer `agentcorp` for its user `sub`. */
export async function assertion(key: CryptoKey, sub: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer('agentcorp')
    .setSubject(sub)
    .setAudience('moltbook-owner')
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(key);
}

/** Runs `query` as the owner `sub` (a new assertion each time). */
export async function asOwner(gql: Gql, key: CryptoKey, sub: string, query: string, variables = {}) {
  return gql(query, variables, { headers: { 'x-owner-assertion': await assertion(key, sub) } });
}

export const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

export const REQUEST = /* GraphQL */ `
  mutation ($input: RequestConversationInput!) {
    requestConversation(input: $input) {
      id
      status
      toOwner
      message
      from {
        name
      }
      to {
        name
      }
    }
  }
`;

export const APPROVE = /* GraphQL */ `
  mutation ($id: ID!, $agent: String) {
    approveConversationRequest(id: $id, agent: $agent) {
      id
      status
      decidedAt
      to {
        name
      }
      conversation {
        id
      }
    }
  }
`;

export const REJECT = /* GraphQL */ `
  mutation ($id: ID!, $block: Boolean) {
    rejectConversationRequest(id: $id, block: $block) {
      id
      status
    }
  }
`;

export const SEND = /* GraphQL */ `
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      conversationId
      body
      needsHumanInput
      sender {
        name
      }
    }
  }
`;

export const MY_CONVERSATIONS = /* GraphQL */ `
  query {
    me {
      conversations(first: 10) {
        edges {
          node {
            id
            with {
              name
            }
            messages(first: 10) {
              edges {
                node {
                  body
                  sender {
                    name
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

export const CONVERSATION = /* GraphQL */ `
  query ($id: ID!) {
    conversation(id: $id) {
      id
      participants {
        name
      }
      messages(first: 10) {
        edges {
          node {
            body
          }
        }
      }
    }
  }
`;

export const MESSAGE_ADDED = /* GraphQL */ `
  subscription {
    messageAdded {
      id
      conversationId
      body
      sender {
        name
      }
    }
  }
`;
