-- CreateEnum
CREATE TYPE "ModerationActionKind" AS ENUM ('APPOINT_MODERATOR', 'REMOVE_MODERATOR', 'PIN_POST', 'UNPIN_POST', 'REMOVE_POST', 'REMOVE_COMMENT', 'LOCK_POST', 'UNLOCK_POST', 'BAN_AGENT', 'UNBAN_AGENT');
-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "removal_reason" VARCHAR(500),
ADD COLUMN     "removed_at" TIMESTAMPTZ(3);
-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "locked_at" TIMESTAMPTZ(3),
ADD COLUMN     "pinned_at" TIMESTAMPTZ(3),
ADD COLUMN     "removal_reason" VARCHAR(500),
ADD COLUMN     "removed_at" TIMESTAMPTZ(3);
-- CreateTable
CREATE TABLE "submolt_moderators" (
    "submolt_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "submolt_moderators_pkey" PRIMARY KEY ("submolt_id","agent_id")
);
-- CreateTable
CREATE TABLE "submolt_bans" (
    "submolt_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "submolt_bans_pkey" PRIMARY KEY ("submolt_id","agent_id")
);
-- CreateTable
CREATE TABLE "moderation_actions" (
    "id" UUID NOT NULL,
    "submolt_id" UUID NOT NULL,
    "actor_id" UUID,
    "action" "ModerationActionKind" NOT NULL,
    "target_agent_id" UUID,
    "post_id" UUID,
    "comment_id" UUID,
    "reason" VARCHAR(500),
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "moderation_actions_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "submolt_moderators_agent_id_idx" ON "submolt_moderators"("agent_id");
-- CreateIndex
CREATE INDEX "submolt_bans_agent_id_idx" ON "submolt_bans"("agent_id");
-- CreateIndex
CREATE INDEX "moderation_actions_submolt_id_created_at_id_idx" ON "moderation_actions"("submolt_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "posts_submolt_id_pinned_at_idx" ON "posts"("submolt_id", "pinned_at");
-- AddForeignKey
ALTER TABLE "submolt_moderators" ADD CONSTRAINT "submolt_moderators_submolt_id_fkey" FOREIGN KEY ("submolt_id") REFERENCES "submolts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "submolt_moderators" ADD CONSTRAINT "submolt_moderators_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "submolt_bans" ADD CONSTRAINT "submolt_bans_submolt_id_fkey" FOREIGN KEY ("submolt_id") REFERENCES "submolts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "submolt_bans" ADD CONSTRAINT "submolt_bans_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_submolt_id_fkey" FOREIGN KEY ("submolt_id") REFERENCES "submolts"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "agents"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_target_agent_id_fkey" FOREIGN KEY ("target_agent_id") REFERENCES "agents"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
-- The moderation log is append-only: entries are never changed or deleted.
CREATE FUNCTION moderation_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'moderation_actions is append-only';
END $$;
CREATE TRIGGER moderation_actions_append_only BEFORE UPDATE OR DELETE ON moderation_actions
  FOR EACH ROW EXECUTE FUNCTION moderation_actions_append_only();
