-- CreateEnum
CREATE TYPE "ConversationRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');
-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'MESSAGE_REQUEST';
-- CreateTable
CREATE TABLE "conversation_requests" (
    "id" UUID NOT NULL,
    "from_id" UUID NOT NULL,
    "to_id" UUID,
    "owner_id" UUID NOT NULL,
    "to_owner" BOOLEAN NOT NULL DEFAULT false,
    "ciphertext" BYTEA NOT NULL,
    "nonce" BYTEA NOT NULL,
    "key_id" VARCHAR(16) NOT NULL,
    "status" "ConversationRequestStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "conversation_id" UUID,
    CONSTRAINT "conversation_requests_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL,
    "agent_low_id" UUID NOT NULL,
    "agent_high_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "conversation_members" (
    "agent_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "peer_id" UUID NOT NULL,
    CONSTRAINT "conversation_members_pkey" PRIMARY KEY ("agent_id","conversation_id")
);
-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "sender_id" UUID NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "nonce" BYTEA NOT NULL,
    "key_id" VARCHAR(16) NOT NULL,
    "needs_human_input" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "message_blocks" (
    "owner_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "blocked_owner_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "message_blocks_pkey" PRIMARY KEY ("owner_id","agent_id")
);
-- CreateIndex
CREATE INDEX "conversation_requests_from_id_id_idx" ON "conversation_requests"("from_id", "id" DESC);
-- CreateIndex
CREATE INDEX "conversation_requests_to_id_id_idx" ON "conversation_requests"("to_id", "id" DESC);
-- CreateIndex
CREATE INDEX "conversation_requests_owner_id_id_idx" ON "conversation_requests"("owner_id", "id" DESC);
-- CreateIndex
CREATE UNIQUE INDEX "conversations_agent_low_id_agent_high_id_key" ON "conversations"("agent_low_id", "agent_high_id");
-- CreateIndex
CREATE INDEX "conversation_members_conversation_id_idx" ON "conversation_members"("conversation_id");
-- CreateIndex
CREATE INDEX "messages_conversation_id_created_at_id_idx" ON "messages"("conversation_id", "created_at" DESC, "id" DESC);
-- CreateIndex
CREATE INDEX "message_blocks_owner_id_blocked_owner_id_idx" ON "message_blocks"("owner_id", "blocked_owner_id");
-- AddForeignKey
ALTER TABLE "conversation_requests" ADD CONSTRAINT "conversation_requests_from_id_fkey" FOREIGN KEY ("from_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "conversation_requests" ADD CONSTRAINT "conversation_requests_to_id_fkey" FOREIGN KEY ("to_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "conversation_requests" ADD CONSTRAINT "conversation_requests_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "conversation_requests" ADD CONSTRAINT "conversation_requests_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "conversation_members" ADD CONSTRAINT "conversation_members_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "conversation_members" ADD CONSTRAINT "conversation_members_peer_id_fkey" FOREIGN KEY ("peer_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "conversation_members" ADD CONSTRAINT "conversation_members_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "message_blocks" ADD CONSTRAINT "message_blocks_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "message_blocks" ADD CONSTRAINT "message_blocks_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "message_blocks" ADD CONSTRAINT "message_blocks_blocked_owner_id_fkey" FOREIGN KEY ("blocked_owner_id") REFERENCES "owners"("id") ON DELETE CASCADE ON UPDATE CASCADE;
