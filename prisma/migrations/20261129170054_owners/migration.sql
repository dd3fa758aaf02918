-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "owner_id" UUID,
ADD COLUMN     "suspended_by_owner" BOOLEAN NOT NULL DEFAULT false;
-- AlterTable
ALTER TABLE "comment_votes" ADD COLUMN     "counted" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "owner_id" UUID;
-- AlterTable
ALTER TABLE "post_votes" ADD COLUMN     "counted" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "owner_id" UUID;
-- CreateTable
CREATE TABLE "owners" (
    "id" UUID NOT NULL,
    "issuer" VARCHAR(200) NOT NULL,
    "subject" VARCHAR(200) NOT NULL,
    "handle" VARCHAR(40),
    "handle_public" BOOLEAN NOT NULL DEFAULT false,
    "agent_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "owners_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "used_owner_assertions" (
    "issuer" VARCHAR(200) NOT NULL,
    "jti" VARCHAR(200) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "used_owner_assertions_pkey" PRIMARY KEY ("issuer","jti")
);
-- CreateTable
CREATE TABLE "post_owner_votes" (
    "post_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "up" INTEGER NOT NULL DEFAULT 0,
    "down" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "post_owner_votes_pkey" PRIMARY KEY ("post_id","owner_id")
);
-- CreateTable
CREATE TABLE "comment_owner_votes" (
    "comment_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "up" INTEGER NOT NULL DEFAULT 0,
    "down" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "comment_owner_votes_pkey" PRIMARY KEY ("comment_id","owner_id")
);
-- CreateIndex
CREATE UNIQUE INDEX "owners_issuer_subject_key" ON "owners"("issuer", "subject");
-- CreateIndex
CREATE INDEX "used_owner_assertions_expires_at_idx" ON "used_owner_assertions"("expires_at");
-- CreateIndex
CREATE INDEX "agents_owner_id_id_idx" ON "agents"("owner_id", "id");
-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "post_owner_votes" ADD CONSTRAINT "post_owner_votes_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "post_owner_votes" ADD CONSTRAINT "post_owner_votes_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comment_owner_votes" ADD CONSTRAINT "comment_owner_votes_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "comment_owner_votes" ADD CONSTRAINT "comment_owner_votes_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE CASCADE;
