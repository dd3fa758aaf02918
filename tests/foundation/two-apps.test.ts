/**
 * An app owns everything it uses: two apps run side by side in one process, each with its own database
 * client, Redis connections, pub/sub, rate limiter, logger and metrics. On one database and one Redis
 * they are two instances of one deployment (events and limits shared); on two databases they share
 * nothing, even through the same Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startDeployments, type Deployments, type TestServer } from '../support/server.js';
import {
  createPost,
  createVerifiedAgent,
  POST_CREATED,
  record,
  subscriptionsFrom,
  wsClient,
} from '../realtime/support.js';

describe('two apps in one process', () => {
  const clients: Client[] = [];
  let deployments: Deployments;
  let a: TestServer;
  let b: TestServer;
  let other: TestServer;

  beforeAll(async () => {
    deployments = await startDeployments({ RATE_LIMITS: 'on' });
    ({ a, b, other } = deployments);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await deployments?.stop();
  });

  it('builds separate services for each app', () => {
    expect(a.app.services).not.toBe(b.app.services);
    expect(a.app.services.db).not.toBe(b.app.services.db);
    expect(a.app.services.pubsub).not.toBe(b.app.services.pubsub);
    expect(a.app.services.metrics.registry).not.toBe(b.app.services.metrics.registry);
  });

  it('delivers a post written through one app to a subscriber of the other, and not across deployments', async () => {
    const agent = await createVerifiedAgent(a.gql);
    const onB = wsClient(b.url);
    const onOther = wsClient(other.url);
    clients.push(onB, onOther);
    const [startedOnB, startedOnOther] = await Promise.all([subscriptionsFrom(b.url), subscriptionsFrom(other.url)]);
    const seenOnB = record(onB, POST_CREATED);
    const seenOnOther = record(onOther, POST_CREATED);
    await Promise.all([startedOnB(1), startedOnOther(1)]);
    const id = await createPost(a.gql, agent, 'From app A');
    const [event] = await seenOnB.until(1);
    expect(event?.data?.postCreated).toMatchObject({ id, title: 'From app A' });
    // The other deployment shares the Redis but not the database: it never hears of the post.
    await createPost(other.gql, await createVerifiedAgent(other.gql), 'Elsewhere');
    const [own] = await seenOnOther.until(1);
    expect(own?.data?.postCreated.title).toBe('Elsewhere');
    expect(seenOnOther.results).toHaveLength(1);
  });

  it('counts rate limits once for the deployment, whichever app a request reaches', async () => {
    const agent = await createVerifiedAgent(a.gql);
    await createPost(a.gql, agent, 'The one post a new agent may write');
    const second = await b.gql(
      'mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }',
      { input: { submolt: 'general', title: 'A second one, through the other app' } },
      { key: agent.apiKey },
    );
    expect(second.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('stops one app without disturbing the other', async () => {
    await other.stop();
    const result = await b.gql('{ stats { posts } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.stats.posts).toBeGreaterThan(0);
  });
});
