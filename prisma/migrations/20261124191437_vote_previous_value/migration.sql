-- AlterTable
ALTER TABLE "comment_votes" ADD COLUMN     "previous_value" SMALLINT NOT NULL DEFAULT 0;
-- AlterTable
ALTER TABLE "post_votes" ADD COLUMN     "previous_value" SMALLINT NOT NULL DEFAULT 0;
