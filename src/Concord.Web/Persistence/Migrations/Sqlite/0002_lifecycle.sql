-- 0002: the dispute lifecycle's first tables: triage results on cases, red flags, stage deadlines,
-- supervision tasks, notifications, the SMS outbox and routing assignments.

ALTER TABLE "cases" ADD COLUMN "suggested_category_code" TEXT NULL;
ALTER TABLE "cases" ADD COLUMN "risk_reasons" TEXT NULL;
ALTER TABLE "cases" ADD COLUMN "duty_listed_at" TEXT NULL;
ALTER TABLE "cases" ADD COLUMN "lead_org_unit_id" INTEGER NULL;
ALTER TABLE "cases" ADD COLUMN "return_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "cases" ADD COLUMN "address_cipher" BLOB NULL;
ALTER TABLE "cases" ADD COLUMN "address_digest" TEXT NULL;
ALTER TABLE "cases" ADD COLUMN "address_masked" TEXT NULL;

CREATE TABLE "case_assignments" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_assignments" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "org_unit_id" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "assigned_at" TEXT NOT NULL,
    "assigned_by_user_id" INTEGER NULL,
    "override_reason" TEXT NULL,
    "accepted_at" TEXT NULL,
    "returned_at" TEXT NULL,
    "return_reason" TEXT NULL
);

CREATE TABLE "case_deadlines" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_deadlines" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
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
    CONSTRAINT "fk_case_deadlines_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);

CREATE TABLE "case_red_flags" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_red_flags" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "linked_case_codes" TEXT NULL,
    "raised_at" TEXT NOT NULL,
    CONSTRAINT "fk_case_red_flags_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);

CREATE TABLE "notifications" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_notifications" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "org_unit_id" INTEGER NULL,
    "user_id" INTEGER NULL,
    "at" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "case_code" TEXT NULL,
    "read_at" TEXT NULL
);

CREATE TABLE "sms_messages" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_sms_messages" PRIMARY KEY AUTOINCREMENT,
    "at" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phone_cipher" BLOB NULL,
    "phone_digest" TEXT NULL,
    "phone_masked" TEXT NULL
);

CREATE TABLE "supervision_tasks" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_supervision_tasks" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "case_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "resolved_at" TEXT NULL,
    "resolution" TEXT NULL
);

CREATE INDEX "ix_case_assignments_case_id" ON "case_assignments" ("case_id");
CREATE INDEX "ix_case_assignments_org_unit_id_accepted_at" ON "case_assignments" ("org_unit_id", "accepted_at");
CREATE INDEX "ix_case_deadlines_case_id" ON "case_deadlines" ("case_id");
CREATE INDEX "ix_case_deadlines_next_action_at" ON "case_deadlines" ("next_action_at");
CREATE INDEX "ix_case_red_flags_case_id" ON "case_red_flags" ("case_id");
CREATE INDEX "ix_cases_duty_listed_at" ON "cases" ("duty_listed_at");
CREATE INDEX "ix_notifications_org_unit_id_id" ON "notifications" ("org_unit_id", "id");
CREATE INDEX "ix_notifications_user_id_id" ON "notifications" ("user_id", "id");
CREATE INDEX "ix_supervision_tasks_case_id" ON "supervision_tasks" ("case_id");
CREATE INDEX "ix_supervision_tasks_region_code_resolved_at" ON "supervision_tasks" ("region_code", "resolved_at");

CREATE INDEX "ix_case_parties_name" ON "case_parties" ("name");

-- Digest lookups for repeat-dispute detection. EF cannot index columns of complex types, so these
-- live in the scripts only (the schema test lists them).
CREATE INDEX "ix_case_parties_id_number_digest" ON "case_parties" ("id_number_digest");
CREATE INDEX "ix_case_parties_phone_digest" ON "case_parties" ("phone_digest");
CREATE INDEX "ix_cases_address_digest" ON "cases" ("address_digest");
