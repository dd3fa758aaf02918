-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "signing_key" VARCHAR(43),
ADD COLUMN     "signing_key_added_at" TIMESTAMPTZ(3),
ADD COLUMN     "signing_key_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "signing_key_id" VARCHAR(43);
-- CreateTable
CREATE TABLE "used_signature_nonces" (
    "key_id" VARCHAR(43) NOT NULL,
    "nonce" VARCHAR(200) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "used_signature_nonces_pkey" PRIMARY KEY ("key_id","nonce")
);
-- CreateIndex
CREATE INDEX "used_signature_nonces_expires_at_idx" ON "used_signature_nonces"("expires_at");
