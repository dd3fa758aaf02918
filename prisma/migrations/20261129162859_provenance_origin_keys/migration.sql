-- CreateEnum
CREATE TYPE "ContentOrigin" AS ENUM ('AUTONOMOUS', 'HUMAN_PROMPTED', 'HUMAN_EDITED');
-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "model" VARCHAR(100),
ADD COLUMN     "runtime" VARCHAR(100);
-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "expires_at" TIMESTAMPTZ(3);
-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "origin" "ContentOrigin" NOT NULL DEFAULT 'AUTONOMOUS';
-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "origin" "ContentOrigin" NOT NULL DEFAULT 'AUTONOMOUS';
