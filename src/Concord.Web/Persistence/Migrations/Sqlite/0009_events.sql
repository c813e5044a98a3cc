-- Events (随手拍): events, their photos, timeline, stage deadlines and code sequences.

CREATE TABLE "event_sequences" (
    "county_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "next" INTEGER NOT NULL,
    CONSTRAINT "pk_event_sequences" PRIMARY KEY ("county_code", "year")
);

CREATE TABLE "grid_events" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_grid_events" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "item_code" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "address" TEXT NULL,
    "address_key" TEXT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reporter_user_id" INTEGER NULL,
    "reporter_name" TEXT NOT NULL,
    "client_id" TEXT NULL,
    "reporter_org_unit_id" INTEGER NULL,
    "department_org_unit_id" INTEGER NULL,
    "dispatcher_org_unit_id" INTEGER NULL,
    "reported_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "closed_at" TEXT NULL,
    "case_id" INTEGER NULL,
    "case_code" TEXT NULL,
    "rating" TEXT NULL,
    "rating_comment" TEXT NULL,
    "rated_at" TEXT NULL,
    "rating_token" TEXT NULL,
    "idempotency_scope" TEXT NULL,
    "idempotency_key" TEXT NULL,
    "request_hash" TEXT NULL,
    "reporter_email_cipher" BLOB NULL,
    "reporter_email_digest" TEXT NULL,
    "reporter_email_masked" TEXT NULL,
    "reporter_phone_cipher" BLOB NULL,
    "reporter_phone_digest" TEXT NULL,
    "reporter_phone_masked" TEXT NULL
);

CREATE TABLE "event_deadlines" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_event_deadlines" PRIMARY KEY AUTOINCREMENT,
    "event_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "due_at" TEXT NOT NULL,
    "paused_at" TEXT NULL,
    "extended" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "escalations" INTEGER NOT NULL,
    "next_action_at" TEXT NULL,
    "met_at" TEXT NULL,
    CONSTRAINT "fk_event_deadlines_grid_events_event_id" FOREIGN KEY ("event_id") REFERENCES "grid_events" ("id") ON DELETE CASCADE
);

CREATE TABLE "event_photos" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_event_photos" PRIMARY KEY AUTOINCREMENT,
    "event_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_path" TEXT NOT NULL,
    "uploaded_by_user_id" INTEGER NULL,
    "uploaded_at" TEXT NOT NULL,
    CONSTRAINT "fk_event_photos_grid_events_event_id" FOREIGN KEY ("event_id") REFERENCES "grid_events" ("id") ON DELETE CASCADE
);

CREATE TABLE "event_timeline" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_event_timeline" PRIMARY KEY AUTOINCREMENT,
    "event_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_org_name" TEXT NULL,
    CONSTRAINT "fk_event_timeline_grid_events_event_id" FOREIGN KEY ("event_id") REFERENCES "grid_events" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_event_deadlines_event_id" ON "event_deadlines" ("event_id");

CREATE INDEX "ix_event_deadlines_next_action_at" ON "event_deadlines" ("next_action_at");

CREATE UNIQUE INDEX "ix_event_photos_event_id_sha256" ON "event_photos" ("event_id", "sha256");

CREATE INDEX "ix_event_timeline_event_id" ON "event_timeline" ("event_id");

CREATE INDEX "ix_grid_events_address_key_reported_at" ON "grid_events" ("address_key", "reported_at");

CREATE INDEX "ix_grid_events_case_id" ON "grid_events" ("case_id");

CREATE UNIQUE INDEX "ix_grid_events_code" ON "grid_events" ("code");

CREATE INDEX "ix_grid_events_department_org_unit_id_status" ON "grid_events" ("department_org_unit_id", "status");

CREATE UNIQUE INDEX "ix_grid_events_idempotency_scope_idempotency_key" ON "grid_events" ("idempotency_scope", "idempotency_key");

CREATE INDEX "ix_grid_events_item_code_latitude_longitude" ON "grid_events" ("item_code", "latitude", "longitude");

CREATE UNIQUE INDEX "ix_grid_events_rating_token" ON "grid_events" ("rating_token");

CREATE INDEX "ix_grid_events_region_code_id" ON "grid_events" ("region_code", "id");

CREATE INDEX "ix_grid_events_reporter_user_id" ON "grid_events" ("reporter_user_id");

CREATE INDEX "ix_grid_events_status_id" ON "grid_events" ("status", "id");
