-- 0008: six-element registry (地 places, 物 city parts, 组织 organisations, 情 sentiment notes,
-- imports) and grid members with their assignment history. Households' addresses become
-- protected personal data (ciphertext + masked + digest, and a blind index for search);
-- residents get a keyed digest of their ID number's tail and their relation to the head.
-- Addresses stored in clear before this script are real data in a county that ran the earlier
-- version: they are copied (non-empty ones) into legacy_household_addresses before the column
-- goes, and the start-up step Registry/Households/LegacyAddresses.cs encrypts each into its
-- household (protected value + search tokens, as the registry does) and deletes the copy.

CREATE TABLE "legacy_household_addresses" (
    "household_id" INTEGER NOT NULL CONSTRAINT "pk_legacy_household_addresses" PRIMARY KEY,
    "address" TEXT NOT NULL
);

INSERT INTO "legacy_household_addresses" ("household_id", "address")
SELECT "id", "address" FROM "households" WHERE "address" IS NOT NULL AND trim("address") <> '';

ALTER TABLE "households" DROP COLUMN "address";
ALTER TABLE "households" ADD COLUMN "address_tokens" TEXT NULL;
ALTER TABLE "households" ADD COLUMN "updated_at" TEXT NULL;
ALTER TABLE "households" ADD COLUMN "address_cipher" BLOB NULL;
ALTER TABLE "households" ADD COLUMN "address_digest" TEXT NULL;
ALTER TABLE "households" ADD COLUMN "address_masked" TEXT NULL;

ALTER TABLE "residents" ADD COLUMN "id_tail_digest" TEXT NULL;
ALTER TABLE "residents" ADD COLUMN "relation" TEXT NULL;
CREATE INDEX "ix_residents_id_tail_digest" ON "residents" ("id_tail_digest");
CREATE INDEX "ix_residents_name" ON "residents" ("name");

CREATE TABLE "city_parts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_city_parts" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "kind_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "owner_department" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "grid_assignments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_grid_assignments" PRIMARY KEY AUTOINCREMENT,
    "member_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "member_name" TEXT NOT NULL,
    "post" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NULL,
    "assigned_by_user_id" INTEGER NULL,
    "assigned_by_name" TEXT NOT NULL,
    "ended_by_name" TEXT NULL,
    "end_reason" TEXT NULL
);

CREATE TABLE "grid_members" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_grid_members" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "user_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "phone_cipher" BLOB NULL,
    "phone_digest" TEXT NULL,
    "phone_masked" TEXT NULL
);

CREATE TABLE "organisations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_organisations" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "credit_code" TEXT NULL,
    "address" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "contact_name_cipher" BLOB NULL,
    "contact_name_digest" TEXT NULL,
    "contact_name_masked" TEXT NULL,
    "contact_phone_cipher" BLOB NULL,
    "contact_phone_digest" TEXT NULL,
    "contact_phone_masked" TEXT NULL
);

CREATE TABLE "places" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_places" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "updated_at" TEXT NOT NULL
);

CREATE TABLE "registry_imports" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_registry_imports" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "file_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "imported" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "report" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);

CREATE TABLE "sentiment_notes" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sentiment_notes" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "reporter_name" TEXT NOT NULL,
    "reported_by_user_id" INTEGER NULL,
    "reported_at" TEXT NOT NULL
);

CREATE INDEX "ix_city_parts_region_code_id" ON "city_parts" ("region_code", "id");

CREATE INDEX "ix_grid_assignments_member_id" ON "grid_assignments" ("member_id");

CREATE INDEX "ix_grid_assignments_region_code_to" ON "grid_assignments" ("region_code", "to");

CREATE INDEX "ix_grid_members_region_code" ON "grid_members" ("region_code");

CREATE INDEX "ix_grid_members_user_id" ON "grid_members" ("user_id");

CREATE INDEX "ix_organisations_credit_code" ON "organisations" ("credit_code");

CREATE INDEX "ix_organisations_region_code_id" ON "organisations" ("region_code", "id");

CREATE INDEX "ix_places_region_code_id" ON "places" ("region_code", "id");

CREATE INDEX "ix_registry_imports_user_id_file_hash" ON "registry_imports" ("user_id", "file_hash");

CREATE INDEX "ix_sentiment_notes_region_code_reported_at" ON "sentiment_notes" ("region_code", "reported_at");
