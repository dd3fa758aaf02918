-- AlterTable
ALTER TABLE "content_fingerprints" ADD COLUMN     "anchor_level" SMALLINT,
ADD COLUMN     "anchors" INTEGER[];
