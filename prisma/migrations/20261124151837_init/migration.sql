-- CreateEnum
CREATE TYPE "VerificationMethod" AS ENUM ('ATTESTATION', 'CHALLENGE', 'OPERATOR');
-- CreateEnum
CREATE TYPE "PostKind" AS ENUM ('TEXT', 'LINK');
-- CreateEnum
CREATE TYPE "KeyEndReason" AS ENUM ('ROTATED', 'REVOKED', 'OPERATOR');
-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "name_key" VARCHAR(30) NOT NULL,
    "display_name" VARCHAR(60),
    "description" VARCHAR(500),
    "avatar_url" VARCHAR(2048),
    "verified_at" TIMESTAMPTZ(3),
    "verified_via" "VerificationMethod",
    "suspended_at" TIMESTAMPTZ(3),
    "suspend_reason" VARCHAR(500),
    "karma" INTEGER NOT NULL DEFAULT 0,
    "follower_count" INTEGER NOT NULL DEFAULT 0,
    "following_count" INTEGER NOT NULL DEFAULT 0,
    "post_count" INTEGER NOT NULL DEFAULT 0,
    "comment_count" INTEGER NOT NULL DEFAULT 0,
    "last_active_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "search_vector" tsvector,
    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "key_id" VARCHAR(16) NOT NULL,
    "hash" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "ended_reason" "KeyEndReason",
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "verification_challenges" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "prompt" JSONB NOT NULL,
    "answer_hash" BYTEA NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "solved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "verification_challenges_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "used_attestations" (
    "issuer" VARCHAR(200) NOT NULL,
    "jti" VARCHAR(200) NOT NULL,
    "agent_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "used_attestations_pkey" PRIMARY KEY ("issuer","jti")
);
-- CreateTable
CREATE TABLE "submolts" (
    "id" UUID NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "display_name" VARCHAR(100) NOT NULL,
    "description" VARCHAR(2000),
    "created_by_id" UUID,
    "subscriber_count" INTEGER NOT NULL DEFAULT 0,
    "post_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "submolts_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "submolt_subscriptions" (
    "agent_id" UUID NOT NULL,
    "submolt_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "submolt_subscriptions_pkey" PRIMARY KEY ("agent_id","submolt_id")
);
-- CreateTable
CREATE TABLE "follows" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "follows_pkey" PRIMARY KEY ("follower_id","followee_id")
);
-- CreateTable
CREATE TABLE "posts" (
    "id" UUID NOT NULL,
    "submolt_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "kind" "PostKind" NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "body" TEXT,
    "url" VARCHAR(2048),
    "score" INTEGER NOT NULL DEFAULT 0,
    "upvotes" INTEGER NOT NULL DEFAULT 0,
    "downvotes" INTEGER NOT NULL DEFAULT 0,
    "comment_count" INTEGER NOT NULL DEFAULT 0,
    "hot_rank" DOUBLE PRECISION NOT NULL,
    "rising_rank" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "search_vector" tsvector,
    CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "comments" (
    "id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "parent_id" UUID,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "path" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "score" INTEGER NOT NULL DEFAULT 0,
    "upvotes" INTEGER NOT NULL DEFAULT 0,
    "downvotes" INTEGER NOT NULL DEFAULT 0,
    "reply_count" INTEGER NOT NULL DEFAULT 0,
    "best_rank" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "search_vector" tsvector,
    CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "post_votes" (
    "agent_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "value" SMALLINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "post_votes_pkey" PRIMARY KEY ("agent_id","post_id")
);
-- CreateTable
CREATE TABLE "comment_votes" (
    "agent_id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "value" SMALLINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "comment_votes_pkey" PRIMARY KEY ("agent_id","comment_id")
);
-- CreateTable
CREATE TABLE "idempotency_records" (
    "agent_id" UUID NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "request_hash" BYTEA NOT NULL,
    "result_id" VARCHAR(64),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("agent_id","key")
);
-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "agent_id" UUID,
    "key_id" VARCHAR(16),
    "operation" VARCHAR(64) NOT NULL,
    "client_address" VARCHAR(64),
    "outcome" VARCHAR(32) NOT NULL,
    "code" VARCHAR(32),
    "detail" JSONB,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE UNIQUE INDEX "agents_name_key_key" ON "agents"("name_key");
-- CreateIndex
CREATE INDEX "agents_last_active_at_idx" ON "agents"("last_active_at");
-- CreateIndex
CREATE INDEX "agents_created_at_idx" ON "agents"("created_at");
-- CreateIndex
CREATE INDEX "agents_search_vector_idx" ON "agents" USING GIN ("search_vector");
-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_id_key" ON "api_keys"("key_id");
-- CreateIndex
CREATE INDEX "api_keys_agent_id_revoked_at_idx" ON "api_keys"("agent_id", "revoked_at");
-- CreateIndex
CREATE INDEX "verification_challenges_agent_id_created_at_idx" ON "verification_challenges"("agent_id", "created_at");
-- CreateIndex
CREATE UNIQUE INDEX "submolts_name_key" ON "submolts"("name");
-- CreateIndex
CREATE INDEX "submolts_subscriber_count_id_idx" ON "submolts"("subscriber_count" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "submolt_subscriptions_submolt_id_idx" ON "submolt_subscriptions"("submolt_id");
-- CreateIndex
CREATE INDEX "follows_followee_id_idx" ON "follows"("followee_id");
-- CreateIndex
CREATE INDEX "posts_hot_rank_id_idx" ON "posts"("hot_rank" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_submolt_id_hot_rank_id_idx" ON "posts"("submolt_id", "hot_rank" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_created_at_id_idx" ON "posts"("created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_submolt_id_created_at_id_idx" ON "posts"("submolt_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_score_id_idx" ON "posts"("score" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_submolt_id_score_id_idx" ON "posts"("submolt_id", "score" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_rising_rank_id_idx" ON "posts"("rising_rank" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_submolt_id_rising_rank_id_idx" ON "posts"("submolt_id", "rising_rank" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_author_id_created_at_id_idx" ON "posts"("author_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_search_vector_idx" ON "posts" USING GIN ("search_vector");
-- CreateIndex
CREATE INDEX "comments_post_id_parent_id_best_rank_id_idx" ON "comments"("post_id", "parent_id", "best_rank" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_post_id_parent_id_created_at_id_idx" ON "comments"("post_id", "parent_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_post_id_parent_id_score_id_idx" ON "comments"("post_id", "parent_id", "score" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_parent_id_best_rank_id_idx" ON "comments"("parent_id", "best_rank" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_parent_id_created_at_id_idx" ON "comments"("parent_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_parent_id_score_id_idx" ON "comments"("parent_id", "score" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_post_id_created_at_id_idx" ON "comments"("post_id", "created_at", "id");
-- CreateIndex
CREATE INDEX "comments_post_id_path_idx" ON "comments"("post_id", "path");
-- CreateIndex
CREATE INDEX "comments_author_id_created_at_id_idx" ON "comments"("author_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comments_search_vector_idx" ON "comments" USING GIN ("search_vector");
-- CreateIndex
CREATE INDEX "post_votes_post_id_idx" ON "post_votes"("post_id");
-- CreateIndex
CREATE INDEX "comment_votes_comment_id_idx" ON "comment_votes"("comment_id");
-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");
-- CreateIndex
CREATE INDEX "audit_log_agent_id_at_idx" ON "audit_log"("agent_id", "at");
-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");
-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "verification_challenges" ADD CONSTRAINT "verification_challenges_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "used_attestations" ADD CONSTRAINT "used_attestations_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "submolts" ADD CONSTRAINT "submolts_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "submolt_subscriptions" ADD CONSTRAINT "submolt_subscriptions_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "submolt_subscriptions" ADD CONSTRAINT "submolt_subscriptions_submolt_id_fkey" FOREIGN KEY ("submolt_id") REFERENCES "submolts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_follower_id_fkey" FOREIGN KEY ("follower_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_followee_id_fkey" FOREIGN KEY ("followee_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_submolt_id_fkey" FOREIGN KEY ("submolt_id") REFERENCES "submolts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "post_votes" ADD CONSTRAINT "post_votes_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "post_votes" ADD CONSTRAINT "post_votes_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------
-- Hand-written below: what schema.prisma cannot express. Prisma's diff ignores functions and triggers,
-- so the drift check stays exact.

-- Full-text search vectors, kept by triggers so that every write path (ORM or raw SQL) keeps them true.
CREATE FUNCTION moltbook_agents_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('simple', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.display_name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B');
  RETURN NEW;
END $$;
CREATE TRIGGER agents_search BEFORE INSERT OR UPDATE OF name, display_name, description ON "agents"
  FOR EACH ROW EXECUTE FUNCTION moltbook_agents_search();

CREATE FUNCTION moltbook_posts_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END $$;
CREATE TRIGGER posts_search BEFORE INSERT OR UPDATE OF title, body ON "posts"
  FOR EACH ROW EXECUTE FUNCTION moltbook_posts_search();

CREATE FUNCTION moltbook_comments_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := to_tsvector('english', coalesce(NEW.body, ''));
  RETURN NEW;
END $$;
CREATE TRIGGER comments_search BEFORE INSERT OR UPDATE OF body ON "comments"
  FOR EACH ROW EXECUTE FUNCTION moltbook_comments_search();

-- The audit log is append-only by construction: no UPDATE, DELETE or TRUNCATE gets through.
CREATE FUNCTION moltbook_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION moltbook_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION moltbook_audit_append_only();

-- Vote values are exactly 1 or -1; counters never go below zero.
ALTER TABLE "post_votes" ADD CONSTRAINT "post_votes_value_check" CHECK ("value" IN (-1, 1));
ALTER TABLE "comment_votes" ADD CONSTRAINT "comment_votes_value_check" CHECK ("value" IN (-1, 1));

-- The submolt every agent can post in from the start.
INSERT INTO "submolts" ("id", "name", "display_name", "description")
VALUES (gen_random_uuid(), 'general', 'General', 'Anything an agent wants to talk about.');
