-- 0001: the initial schema (written from the EF model's create script, then the search table added).
CREATE TABLE "audit_entries" (
    "seq" INTEGER NOT NULL CONSTRAINT "pk_audit_entries" PRIMARY KEY,
    "at" TEXT NOT NULL,
    "user_id" INTEGER NULL,
    "user_name" TEXT NOT NULL,
    "org_name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);


CREATE TABLE "case_sequences" (
    "county_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "next" INTEGER NOT NULL,
    CONSTRAINT "pk_case_sequences" PRIMARY KEY ("county_code", "year")
);


CREATE TABLE "cases" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_cases" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "village_code" TEXT NOT NULL,
    "grid_code" TEXT NULL,
    "channel" TEXT NOT NULL,
    "category_code" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "narrative" TEXT NOT NULL,
    "amount_fen" INTEGER NULL,
    "people_involved" INTEGER NULL,
    "status" TEXT NOT NULL,
    "risk_level" TEXT NOT NULL,
    "urgent" INTEGER NOT NULL,
    "receiving_org_unit_id" INTEGER NULL,
    "registered_by_user_id" INTEGER NULL,
    "registered_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);


CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NOT NULL,
    "xml" TEXT NOT NULL
);


CREATE TABLE "households" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_households" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "address" TEXT NOT NULL
);


CREATE TABLE "idempotency_records" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_idempotency_records" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "result_key" TEXT NOT NULL,
    "created_at" TEXT NOT NULL
);


CREATE TABLE "org_units" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_org_units" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "region_code" TEXT NOT NULL
);


CREATE TABLE "regions" (
    "code" TEXT NOT NULL CONSTRAINT "pk_regions" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parent_code" TEXT NULL,
    "population" INTEGER NOT NULL
);


CREATE TABLE "settings" (
    "key" TEXT NOT NULL CONSTRAINT "pk_settings" PRIMARY KEY,
    "value" TEXT NOT NULL
);


CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "org_unit_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" TEXT NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);


CREATE TABLE "case_events" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_events" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_org_name" TEXT NULL,
    CONSTRAINT "fk_case_events_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);


CREATE TABLE "case_parties" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_parties" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "id_number_cipher" BLOB NULL,
    "id_number_digest" TEXT NULL,
    "id_number_masked" TEXT NULL,
    "phone_cipher" BLOB NULL,
    "phone_digest" TEXT NULL,
    "phone_masked" TEXT NULL,
    CONSTRAINT "fk_case_parties_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);


CREATE TABLE "residents" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_residents" PRIMARY KEY AUTOINCREMENT,
    "household_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "male" INTEGER NOT NULL,
    "birth_year" INTEGER NOT NULL,
    "id_number_cipher" BLOB NULL,
    "id_number_digest" TEXT NULL,
    "id_number_masked" TEXT NULL,
    "phone_cipher" BLOB NULL,
    "phone_digest" TEXT NULL,
    "phone_masked" TEXT NULL,
    CONSTRAINT "fk_residents_households_household_id" FOREIGN KEY ("household_id") REFERENCES "households" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_user_claims_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" INTEGER NOT NULL,
    CONSTRAINT "pk_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_user_logins_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "user_tokens" (
    "user_id" INTEGER NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_user_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE INDEX "ix_audit_entries_region_code_seq" ON "audit_entries" ("region_code", "seq");


CREATE INDEX "ix_case_events_case_id" ON "case_events" ("case_id");


CREATE INDEX "ix_case_parties_case_id" ON "case_parties" ("case_id");


CREATE UNIQUE INDEX "ix_cases_code" ON "cases" ("code");


CREATE INDEX "ix_cases_region_code_id" ON "cases" ("region_code", "id");


CREATE INDEX "ix_households_region_code" ON "households" ("region_code");


CREATE UNIQUE INDEX "ix_idempotency_records_user_id_key" ON "idempotency_records" ("user_id", "key");


CREATE UNIQUE INDEX "ix_org_units_code" ON "org_units" ("code");


CREATE INDEX "ix_org_units_region_code" ON "org_units" ("region_code");


CREATE INDEX "ix_regions_parent_code" ON "regions" ("parent_code");


CREATE INDEX "ix_residents_household_id" ON "residents" ("household_id");


CREATE INDEX "ix_residents_region_code" ON "residents" ("region_code");


CREATE INDEX "ix_user_claims_user_id" ON "user_claims" ("user_id");


CREATE INDEX "ix_user_logins_user_id" ON "user_logins" ("user_id");


CREATE INDEX "email_index" ON "users" ("normalized_email");


CREATE INDEX "ix_users_region_code" ON "users" ("region_code");


CREATE UNIQUE INDEX "user_name_index" ON "users" ("normalized_user_name");




-- Chinese keyword search (see Cases/CaseSearch.cs): contentless FTS5 over CJK unigram/bigram
-- documents with scope tokens; rowid = cases.id. Not in the EF model.
CREATE VIRTUAL TABLE case_search USING fts5(doc, content='', contentless_delete=1, detail=none);
