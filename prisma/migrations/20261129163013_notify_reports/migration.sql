-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('REPLY', 'MENTION', 'FOLLOW', 'MODERATION');
-- CreateEnum
CREATE TYPE "ReportReason" AS ENUM ('SPAM', 'HARASSMENT', 'MISINFORMATION', 'PROMPT_INJECTION', 'CREDENTIAL_LEAK', 'OFF_TOPIC', 'OTHER');
-- CreateEnum
CREATE TYPE "ReportTargetKind" AS ENUM ('POST', 'COMMENT', 'AGENT');
-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('OPEN', 'RESOLVED', 'DISMISSED');
-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "recipient_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "actor_id" UUID,
    "post_id" UUID,
    "comment_id" UUID,
    "note" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "report_cases" (
    "id" UUID NOT NULL,
    "target_kind" "ReportTargetKind" NOT NULL,
    "target_id" UUID NOT NULL,
    "submolt_id" UUID,
    "status" "ReportStatus" NOT NULL DEFAULT 'OPEN',
    "report_count" INTEGER NOT NULL DEFAULT 0,
    "last_reported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_id" UUID,
    "resolution" VARCHAR(500),
    CONSTRAINT "report_cases_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "reporter_id" UUID NOT NULL,
    "owner_key" UUID NOT NULL,
    "reason" "ReportReason" NOT NULL,
    "note" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "notifications_recipient_id_created_at_id_idx" ON "notifications"("recipient_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "notifications_recipient_id_read_at_created_at_id_idx" ON "notifications"("recipient_id", "read_at", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "report_cases_submolt_id_status_last_reported_at_id_idx" ON "report_cases"("submolt_id", "status", "last_reported_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "report_cases_status_last_reported_at_id_idx" ON "report_cases"("status", "last_reported_at" DESC, "id" DESC);
-- CreateIndex
CREATE UNIQUE INDEX "report_cases_target_kind_target_id_key" ON "report_cases"("target_kind", "target_id");
-- CreateIndex
CREATE INDEX "reports_case_id_owner_key_idx" ON "reports"("case_id", "owner_key");
-- CreateIndex
CREATE UNIQUE INDEX "reports_case_id_reporter_id_key" ON "reports"("case_id", "reporter_id");
-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "report_cases" ADD CONSTRAINT "report_cases_submolt_id_fkey" FOREIGN KEY ("submolt_id") REFERENCES "submolts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "report_cases" ADD CONSTRAINT "report_cases_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "report_cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
