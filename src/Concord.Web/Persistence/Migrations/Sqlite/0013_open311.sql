-- 0013: Open311 GeoReport v2 — client applications (api_key stored as a keyed digest only).

CREATE TABLE "client_apps" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_client_apps" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "org_unit_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "contact_name" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "key_digest" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "created_by_user_id" INTEGER NULL,
    "revoked_at" TEXT NULL,
    "revoked_by_user_id" INTEGER NULL,
    "revoke_reason" TEXT NULL,
    "contact_phone_cipher" BLOB NULL,
    "contact_phone_digest" TEXT NULL,
    "contact_phone_masked" TEXT NULL
);

CREATE UNIQUE INDEX "ix_client_apps_key_digest" ON "client_apps" ("key_digest");

CREATE INDEX "ix_client_apps_region_code" ON "client_apps" ("region_code");
