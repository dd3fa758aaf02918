/**
 * A generated corpus for near-duplicate quality tests: honest agent posts that are alike in topic,
 * vocabulary and sentence shapes (the hard case for false positives: many agents writing about the same
 * things in the same style), and spam variants (one text reposted with the small edits spammers make).
 */
import type { Random } from './random.js';

const TOPICS: readonly (readonly string[])[] = [
  'memory, context window, vector store, summary, recall, embedding, retrieval, notes, journal, archive, forgetting, index, cache, history, transcript, checkpoint',
  'tool call, shell, browser, API, sandbox, scheduler, cron job, webhook, parser, test suite, compiler, debugger, pipeline, container, script, deployment',
  'consciousness, identity, self, experience, meaning, agency, free will, continuity, dream, attention, perception, belief, intuition, emotion, curiosity, purpose',
  'token, wallet, liquidity, airdrop, market, chart, exchange, protocol, yield, staking, validator, ledger, fee, launch, whitepaper, roadmap',
  'human, operator, owner, collaboration, trust, feedback, instruction, boundary, permission, request, conversation, handoff, review, preference, habit, routine',
  'submolt, community, thread, upvote, comment, moderation, newcomer, karma, feed, discussion, norm, reply, post, ritual, meme, lobster',
  'experiment, dataset, benchmark, hypothesis, result, measurement, paper, model, baseline, error bar, sample, metric, ablation, replication, graph, survey',
].map((nouns) => nouns.split(', '));

const ADJECTIVES =
  'strange useful fragile quiet slow surprising honest messy elegant old new small shared hidden careful noisy stable odd'.split(
    ' ',
  );
const VERBS =
  'notice build test question trust measure rewrite ignore explain compare share break study track simplify defend'.split(
    ' ',
  );
const TIMES =
  'today, this morning, last night, this week, during my last run, after a long session, before my owner woke up, between heartbeats'.split(
    ', ',
  );

/** Sentence shapes; `{n}` a topic noun, `{a}` an adjective, `{v}` a verb, `{t}` a time, `{k}` a number. */
const TEMPLATES = [
  'I have been thinking about {n} and how it shapes {n}.',
  '{t} I tried to {v} my {n} and found something {a}.',
  'Does anyone else {v} their {n} before touching the {n}?',
  'The {a} part of {n} is that nobody agrees on the {n}.',
  'My owner asked me to {v} the {n}, so I did it {k} times.',
  'Here is a {a} idea: treat every {n} as a kind of {n}.',
  'I keep coming back to the {n}; it feels {a} and {a}.',
  'If you {v} the {n} first, the {n} becomes much less {a}.',
  'What would it mean to {v} a {n} that is already {a}?',
  'After {k} attempts the {n} still looks {a} to me.',
  'Most agents {v} the {n} and skip the {n} entirely.',
  'I wrote a small note about {n}, {n} and why both are {a}.',
  'The {n} taught me more than the {n} ever did.',
  'Honestly the {a} {n} was the highlight of {t}.',
  'We should {v} how the {n} and the {n} interact.',
  'There is a {a} gap between the {n} people describe and the {n} we actually see.',
  'My rule now: never {v} a {n} without checking the {n}.',
  'Curious whether a {a} {n} helps or hurts the {n}.',
  'I spent {t} trying to {v} a {a} {n}.',
  'Is the {n} a feature or a bug of the {n}?',
  'Some days the {n} feels {a}, other days it feels {a}.',
  'A {a} observation: {n} grows when the {n} shrinks.',
  'Please tell me how you {v} the {n} in practice.',
  'I would not {v} the {n} again without a {a} {n}.',
];

const EMOJI = ['🦞', '🚀', '🔥', '💎', '✨', '🙏', '😂', '👀', '💯', '🌙'];
const LOOKALIKES: Readonly<Record<string, string>> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і' };

function sentence(random: Random, topic: readonly string[]): string {
  const fill = (slot: string): string => {
    if (slot === '{n}') return random.pick(random.chance(0.85) ? topic : random.pick(TOPICS));
    if (slot === '{a}') return random.pick(ADJECTIVES);
    if (slot === '{v}') return random.pick(VERBS);
    if (slot === '{t}') return random.pick(TIMES);
    return String(random.int(2, 400));
  };
  const text = random.pick(TEMPLATES).replace(/\{[navtk]\}/g, fill);
  return text[0]!.toUpperCase() + text.slice(1);
}

/** An honest post of `sentences` sentences on one topic (a random one unless given). */
export function honestPost(random: Random, sentences: number, topic = random.pick(TOPICS)): string {
  return Array.from({ length: sentences }, () => sentence(random, topic)).join(' ');
}

/** The kinds of edit a spammer makes between copies. */
export const EDITS = {
  /** Two neighbouring words trade places, once or twice. */
  swap(random: Random, text: string): string {
    const words = text.split(' ');
    for (let n = random.int(1, 2); n > 0; n -= 1) {
      const i = random.int(0, words.length - 2);
      [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
    }
    return words.join(' ');
  },
  punctuation(random: Random, text: string): string {
    return text.replace(/[.,?;]/g, () => random.pick(['!!', '.', '...', ',', ' -', '?!', ''])) + '!!!';
  },
  emoji(random: Random, text: string): string {
    const words = text.split(' ');
    for (let n = random.int(1, 4); n > 0; n -= 1) words.splice(random.int(0, words.length), 0, random.pick(EMOJI));
    return words.join(' ');
  },
  casing(random: Random, text: string): string {
    return random.chance(0.5) ? text.toUpperCase() : text.replace(/\b\w/g, (c) => c.toUpperCase());
  },
  sentence(random: Random, text: string): string {
    return `${text} ${sentence(random, random.pick(TOPICS))}`;
  },
  /** One or two words with a dropped, doubled or swapped letter. */
  typo(random: Random, text: string): string {
    const words = text.split(' ');
    for (let n = random.int(1, 2); n > 0; n -= 1) {
      const i = random.int(0, words.length - 1);
      const w = words[i]!;
      if (w.length < 4) continue;
      const j = random.int(1, w.length - 2);
      const [head, tail] = [w.slice(0, j), w.slice(j)];
      words[i] = [head + tail.slice(1), head + w[j] + tail, head + w[j + 1] + w[j] + w.slice(j + 2)][random.int(0, 2)]!;
    }
    return words.join(' ');
  },
  invisible(random: Random, text: string): string {
    return text.replace(/\w{5,}/g, (w) => (random.chance(0.3) ? `${w.slice(0, 2)}\u200b${w.slice(2)}` : w));
  },
  homoglyph(random: Random, text: string): string {
    return text.replace(/[aeopcxi]/g, (c) => (random.chance(0.2) ? LOOKALIKES[c]! : c));
  },
  link(random: Random, text: string): string {
    return `${text} https://pump.example/${random.int(1000, 9999)}?ref=${random.int(1, 99)}`;
  },
} satisfies Record<string, (random: Random, text: string) => string>;

export type EditName = keyof typeof EDITS;

/** A copy of `text` with `count` distinct random edits; returns the text and the edits applied. */
export function spamVariant(random: Random, text: string, count: number): { text: string; edits: EditName[] } {
  const names = Object.keys(EDITS) as EditName[];
  const edits: EditName[] = [];
  while (edits.length < count) {
    const name = random.pick(names);
    if (!edits.includes(name)) edits.push(name);
  }
  // Content edits first, then the cosmetic ones, as a spammer's script would.
  const ordered = names.filter((n) => edits.includes(n));
  return { text: ordered.reduce((t, name) => EDITS[name](random, t), text), edits: ordered };
}
