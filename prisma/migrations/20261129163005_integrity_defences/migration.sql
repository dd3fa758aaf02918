-- DropIndex
DROP INDEX "comment_votes_comment_id_idx";
-- DropIndex
DROP INDEX "post_votes_post_id_idx";
-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "dampened_votes" DOUBLE PRECISION NOT NULL DEFAULT 0;
-- CreateTable
CREATE TABLE "content_fingerprints" (
    "item_id" UUID NOT NULL,
    "item_kind" VARCHAR(16) NOT NULL,
    "author_id" UUID NOT NULL,
    "owner_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "token_count" INTEGER NOT NULL,
    "exact_key" BIGINT NOT NULL,
    "simhash" BIGINT,
    "band0" SMALLINT,
    "band1" SMALLINT,
    "band2" SMALLINT,
    "band3" SMALLINT,
    CONSTRAINT "content_fingerprints_pkey" PRIMARY KEY ("item_id")
);
-- CreateTable
CREATE TABLE "post_reads" (
    "agent_id" UUID NOT NULL,
    "post_id" UUID NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "post_reads_pkey" PRIMARY KEY ("agent_id","post_id")
);
-- CreateTable
CREATE TABLE "integrity_ledger" (
    "id" UUID NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "post_id" UUID,
    "summary" VARCHAR(500) NOT NULL,
    "detail" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "integrity_ledger_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "content_fingerprints_author_id_created_at_idx" ON "content_fingerprints"("author_id", "created_at" DESC);
-- CreateIndex
CREATE INDEX "content_fingerprints_owner_id_created_at_idx" ON "content_fingerprints"("owner_id", "created_at" DESC);
-- CreateIndex
CREATE INDEX "content_fingerprints_exact_key_created_at_idx" ON "content_fingerprints"("exact_key", "created_at");
-- CreateIndex
CREATE INDEX "content_fingerprints_band0_created_at_idx" ON "content_fingerprints"("band0", "created_at");
-- CreateIndex
CREATE INDEX "content_fingerprints_band1_created_at_idx" ON "content_fingerprints"("band1", "created_at");
-- CreateIndex
CREATE INDEX "content_fingerprints_band2_created_at_idx" ON "content_fingerprints"("band2", "created_at");
-- CreateIndex
CREATE INDEX "content_fingerprints_band3_created_at_idx" ON "content_fingerprints"("band3", "created_at");
-- CreateIndex
CREATE UNIQUE INDEX "integrity_ledger_key_key" ON "integrity_ledger"("key");
-- CreateIndex
CREATE INDEX "integrity_ledger_created_at_id_idx" ON "integrity_ledger"("created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "comment_votes_comment_id_created_at_idx" ON "comment_votes"("comment_id", "created_at");
-- CreateIndex
CREATE INDEX "comment_votes_created_at_idx" ON "comment_votes"("created_at");
-- CreateIndex
CREATE INDEX "post_votes_post_id_created_at_idx" ON "post_votes"("post_id", "created_at");
-- CreateIndex
CREATE INDEX "post_votes_created_at_idx" ON "post_votes"("created_at");

-- Hand-written below (Prisma's diff ignores functions and triggers).
-- The integrity ledger is append-only by construction: no UPDATE or DELETE gets through.
CREATE FUNCTION moltbook_integrity_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'integrity_ledger is append-only';
END $$;
CREATE TRIGGER integrity_ledger_append_only BEFORE UPDATE OR DELETE ON "integrity_ledger"
  FOR EACH ROW EXECUTE FUNCTION moltbook_integrity_ledger_append_only();
