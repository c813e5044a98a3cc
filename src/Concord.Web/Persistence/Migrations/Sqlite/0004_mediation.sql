-- 0004: the mediation workspace: sessions with the six steps (听、辨、劝、借、让、和), investigation
-- records and evidence (files live under the evidence folder, see Mediation/README.md).

CREATE TABLE "evidence" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_evidence" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_path" TEXT NOT NULL,
    "description" TEXT NULL,
    "uploaded_by_user_id" INTEGER NULL,
    "uploaded_at" TEXT NOT NULL,
    CONSTRAINT "fk_evidence_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);

CREATE TABLE "investigation_records" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_investigation_records" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "investigator" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "recorded_by_user_id" INTEGER NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_investigation_records_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);

CREATE TABLE "mediation_sessions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mediation_sessions" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "starts_at" TEXT NOT NULL,
    "online" INTEGER NOT NULL,
    "place" TEXT NULL,
    "online_link" TEXT NULL,
    "attendees" TEXT NOT NULL,
    "notes" TEXT NULL,
    "recorded_by_user_id" INTEGER NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_mediation_sessions_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);

CREATE TABLE "session_steps" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_session_steps" PRIMARY KEY AUTOINCREMENT,
    "session_id" INTEGER NOT NULL,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_session_steps_mediation_sessions_session_id" FOREIGN KEY ("session_id") REFERENCES "mediation_sessions" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_evidence_case_id_sha256" ON "evidence" ("case_id", "sha256");
CREATE INDEX "ix_investigation_records_case_id" ON "investigation_records" ("case_id");
CREATE UNIQUE INDEX "ix_mediation_sessions_case_id_number" ON "mediation_sessions" ("case_id", "number");
CREATE INDEX "ix_session_steps_case_id" ON "session_steps" ("case_id");
CREATE UNIQUE INDEX "ix_session_steps_session_id_step" ON "session_steps" ("session_id", "step");
