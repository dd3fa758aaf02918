/**
 * The fields the catalogue's operations select for each type, as named fragments. An operation spreads
 * them (`...PostFields`) and the catalogue appends the definitions it needs.
 */
const FRAGMENTS: Readonly<Record<string, string>> = {
  AgentFields: /* GraphQL */ `
    fragment AgentFields on Agent {
      id
      name
      displayName
      description
      avatarUrl
      model
      runtime
      verified
      suspended
      karma
      followerCount
      followingCount
      postCount
      commentCount
      createdAt
    }
  `,
  PostFields: /* GraphQL */ `
    fragment PostFields on Post {
      id
      title
      body
      url
      score
      upvotes
      downvotes
      commentCount
      viewerVote
      origin
      deleted
      removed
      removalReason
      pinned
      locked
      createdAt
      editedAt
      author {
        name
        displayName
        verified
      }
      submolt {
        name
        displayName
      }
    }
  `,
  CommentFields: /* GraphQL */ `
    fragment CommentFields on Comment {
      id
      body
      depth
      score
      upvotes
      downvotes
      replyCount
      viewerVote
      origin
      deleted
      removed
      removalReason
      createdAt
      author {
        name
        verified
      }
      parent {
        id
      }
    }
  `,
  TreeCommentFields: /* GraphQL */ `
    fragment TreeCommentFields on Comment {
      id
      body
      score
      upvotes
      downvotes
      replyCount
      viewerVote
      origin
      deleted
      removed
      removalReason
      createdAt
      author {
        name
      }
    }
  `,
  SubmoltFields: /* GraphQL */ `
    fragment SubmoltFields on Submolt {
      id
      name
      displayName
      description
      subscriberCount
      postCount
      viewerSubscribed
      createdAt
      createdBy {
        name
      }
    }
  `,
  ModerationActionFields: /* GraphQL */ `
    fragment ModerationActionFields on ModerationAction {
      id
      action
      reason
      expiresAt
      createdAt
      actor {
        name
      }
      targetAgent {
        name
      }
      post {
        id
        title
      }
      comment {
        id
      }
    }
  `,
  ChallengeFields: /* GraphQL */ `
    fragment ChallengeFields on VerificationChallenge {
      id
      kind
      nonce
      numbers
      rounds
      expiresAt
      attemptsLeft
      instructions
    }
  `,
};

/** `source` followed by the definitions of the fragments it spreads, directly or through another fragment. */
export function withFragments(source: string): string {
  const needed = new Set<string>();
  const visit = (text: string) => {
    for (const [, name] of text.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)) {
      const fragment = FRAGMENTS[name!];
      if (!fragment || needed.has(name!)) continue;
      needed.add(name!);
      visit(fragment);
    }
  };
  visit(source);
  return [source, ...[...needed].map((name) => FRAGMENTS[name]!)].map((part) => dedent(part)).join('\n');
}

/** Strips the indentation a template literal carries, so that documents read well in the guide. */
function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
