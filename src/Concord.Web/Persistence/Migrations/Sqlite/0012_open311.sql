-- 0013: Open311 GeoReport v2 — client applications (api_key stored as a keyed digest only), the
-- Open311 side of requests filed through it (token, media_url, attribute answers, retry digest),
-- and points of villages/grids for placing requests that come with coordinates only.

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

CREATE TABLE "open311_requests" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_open311_requests" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "client_app_id" INTEGER NOT NULL,
    "event_id" INTEGER NOT NULL,
    "event_code" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "service_code" TEXT NOT NULL,
    "media_url" TEXT NULL,
    "device_id" TEXT NULL,
    "account_id" TEXT NULL,
    "attributes_json" TEXT NULL,
    "request_digest" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);

CREATE TABLE "region_locations" (
    "region_code" TEXT NOT NULL CONSTRAINT "pk_region_locations" PRIMARY KEY,
    "latitude" REAL NOT NULL,
    "longitude" REAL NOT NULL
);

CREATE INDEX "ix_open311_requests_client_app_id_request_digest_created_at" ON "open311_requests" ("client_app_id", "request_digest", "created_at");

CREATE INDEX "ix_open311_requests_event_code" ON "open311_requests" ("event_code");

CREATE UNIQUE INDEX "ix_open311_requests_event_id" ON "open311_requests" ("event_id");

CREATE INDEX "ix_open311_requests_region_code_created_at" ON "open311_requests" ("region_code", "created_at");

CREATE UNIQUE INDEX "ix_open311_requests_token" ON "open311_requests" ("token");
