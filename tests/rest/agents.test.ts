/**
 * The agent routes against the real API's contract: registering (key, challenge, 201), `POST /verify`
 * with the real statuses, status, own profile, other profiles, following; every refusal the same as
 * GraphQL's for the same input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../server/operations/catalogue.js';
import { solveChallenge, uniqueName } from '../support/agents.js';
import { useTestServer } from '../support/server.js';
import { expectSameRefusal, restAgent, restClient, type RestClient } from './support.js';

describe('REST: agents', () => {
  const t = useTestServer({ RATE_LIMITS: 'off' });
  let rest: RestClient;
  const gql = (name: keyof typeof OPERATIONS, variables: Record<string, unknown>, key?: string) =>
    t.server.gql(OPERATIONS[name].document, variables, { key });
  beforeAll(async () => {
    rest = await restClient(t.server.url);
  });

  it('registers with the real fields: api_key, claim_url, a verification_code with its recipe, 201', async () => {
    const name = uniqueName('joiner');
    const { register, key } = await restAgent(rest, { name, verify: false });
    expect(register.body).toMatchObject({
      success: true,
      status: 'pending_claim',
      agent: { name, description: 'A REST agent', is_claimed: false, api_key: expect.stringMatching(/^moltbook_sk_/) },
      verification: { kind: 'sha256-chain/v1', attempts_left: 3 },
    });
    expect(register.body.agent.verification_code).toBe(register.body.verification.verification_code);
    expect(register.body.agent.claim_url).toBe(`${t.server.url}/u/${name}`);
    expect(register.body.agent.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const status = await rest.call('GET', '/agents/status', '/agents/status', { key });
    expect(status.body).toMatchObject({ success: true, status: 'pending_claim', next_step: expect.any(String) });
    const taken = await rest.call('POST', '/agents/register', '/agents/register', { body: { name } });
    expectSameRefusal(taken, await gql('RegisterAgent', { input: { name } }));
    const bad = await rest.call('POST', '/agents/register', '/agents/register', { body: { name: 'a b' } });
    expectSameRefusal(bad, await gql('RegisterAgent', { input: { name: 'a b' } }));
    expect(bad.body.field).toBe('name');
    const missing = await rest.call('POST', '/agents/register', '/agents/register', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'name is required.', field: 'name' });
  });

  it('verifies with POST /verify: wrong 400, unknown 404, used up 410, right 200, then claimed', async () => {
    const { register, key } = await restAgent(rest, { verify: false });
    const { verification } = register.body;
    const verify = (body: Record<string, unknown>) => rest.call('POST', '/verify', '/verify', { key, body });
    const wrong = await verify({ verification_code: verification.verification_code, answer: 12 });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answer', reason: 'WRONG' });
    expect(wrong.body.error).toContain('2 attempts left');
    const unknown = await verify({ verification_code: '01890000-0000-7000-8000-000000000000', answer: 'x' });
    const input = { challengeId: '01890000-0000-7000-8000-000000000000', answer: 'x' };
    expectSameRefusal(unknown, await gql('VerifyAgent', { input }, key), 404);
    expect(unknown.body.field).toBe('verification_code');
    for (let i = 0; i < 2; i += 1) await verify({ verification_code: verification.verification_code, answer: 'no' });
    const usedUp = await verify({
      verification_code: verification.verification_code,
      answer: solveChallenge(verification),
    });
    expect(usedUp.status).toBe(410);
    expect(usedUp.body).toMatchObject({ reason: 'EXHAUSTED', error: expect.stringContaining('no attempts left') });

    const fresh = await rest.call('POST', '/agents/me/verification', '/agents/me/verification', { key });
    expect(fresh.status).toBe(201);
    const right = await verify({
      verification_code: fresh.body.verification.verification_code,
      answer: solveChallenge(fresh.body.verification),
    });
    expect(right.body).toMatchObject({ success: true, content_type: 'agent', agent: { is_claimed: true } });
    expect((await rest.call('GET', '/agents/status', '/agents/status', { key })).body.status).toBe('claimed');
    const again = await rest.call('POST', '/agents/me/verification', '/agents/me/verification', { key });
    expectSameRefusal(again, await gql('RequestVerification', {}, key));
  });

  it('refuses writes of an unverified agent 403, as GraphQL does', async () => {
    const { key } = await restAgent(rest, { verify: false });
    const post = await rest.call('POST', '/posts', '/posts', { key, body: { submolt: 'general', title: 'Too soon' } });
    expectSameRefusal(post, await gql('CreatePost', { input: { submolt: 'general', title: 'Too soon' } }, key));
    expect(post.body.code).toBe('AGENT_NOT_VERIFIED');
    expect(post.body.hint).toContain('POST /api/v1/verify');
  });

  it('reads and edits your own agent; `metadata` comes back in ignored_fields', async () => {
    const { key, name } = await restAgent(rest);
    const me = await rest.call('GET', '/agents/me', '/agents/me', { key });
    expect(me.body.agent).toMatchObject({ name, is_claimed: true, is_active: true, karma: 0, stats: { posts: 0 } });
    const edited = await rest.call('PATCH', '/agents/me', '/agents/me', {
      key,
      body: { description: 'Edited over REST', display_name: 'Resty', metadata: { a: 1 } },
    });
    expect(edited.body).toMatchObject({
      agent: { description: 'Edited over REST', display_name: 'Resty' },
      ignored_fields: ['metadata'],
    });
    const tooLong = await rest.call('PATCH', '/agents/me', '/agents/me', {
      key,
      body: { display_name: 'x'.repeat(200) },
    });
    expectSameRefusal(tooLong, await gql('UpdateProfile', { input: { displayName: 'x'.repeat(200) } }, key));
    expect(tooLong.body.field).toBe('display_name');
    const typed = await rest.call('PATCH', '/agents/me', '/agents/me', { key, body: { description: 7 } });
    expect([typed.status, typed.body.error, typed.body.field]).toEqual([
      400,
      'description must be a string.',
      'description',
    ]);
  });

  it('reads profiles with recent posts and comments; an unknown name is 404 with the API wording', async () => {
    const { key, name } = await restAgent(rest);
    const { body } = await rest.call('POST', '/posts', '/posts', {
      key,
      body: { submolt_name: 'general', title: 'Mine' },
    });
    await rest.call('POST', '/posts/{id}/comments', `/posts/${body.post.id}/comments`, {
      key,
      body: { content: 'Also mine' },
    });
    const profile = await rest.call('GET', '/agents/profile', `/agents/profile?name=${name}`);
    expect(profile.body).toMatchObject({
      agent: { name, stats: { posts: 1, comments: 1 } },
      recentPosts: [{ id: body.post.id, title: 'Mine', submolt_name: 'general' }],
      recentComments: [{ content: 'Also mine', post: { id: body.post.id } }],
    });
    const nobody = await rest.call('GET', '/agents/profile', '/agents/profile?name=nobody_here');
    expect([nobody.status, nobody.body.error]).toEqual([404, 'There is no agent "nobody_here".']);
    const unnamed = await rest.call('GET', '/agents/profile', '/agents/profile');
    expect([unnamed.status, unnamed.body.field]).toEqual([400, 'name']);
  });

  it('follows and unfollows; following oneself or nobody is refused as in GraphQL', async () => {
    const [fan, star] = [await restAgent(rest), await restAgent(rest)];
    const follow = await rest.call('POST', '/agents/{name}/follow', `/agents/${star.name}/follow`, { key: fan.key });
    expect(follow.body).toMatchObject({ action: 'followed', agent: { name: star.name, follower_count: 1 } });
    const unfollow = await rest.call('DELETE', '/agents/{name}/follow', `/agents/${star.name}/follow`, {
      key: fan.key,
    });
    expect(unfollow.body).toMatchObject({ action: 'unfollowed', agent: { follower_count: 0 } });
    const self = await rest.call('POST', '/agents/{name}/follow', `/agents/${fan.name}/follow`, { key: fan.key });
    expectSameRefusal(self, await gql('FollowAgent', { name: fan.name }, fan.key));
    const nobody = await rest.call('POST', '/agents/{name}/follow', '/agents/nobody_here/follow', { key: fan.key });
    expectSameRefusal(nobody, await gql('FollowAgent', { name: 'nobody_here' }, fan.key));
  });
});
