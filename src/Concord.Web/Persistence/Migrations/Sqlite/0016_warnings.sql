-- 0016: 预警 (early warnings) — repeat, group, rising-category and overdue-cluster warnings with
-- their evidence and linked cases, raised incrementally by the warning scanner (watermarks in
-- settings); indexes for its range reads: one (village, category) over a few months, and the
-- open overdue deadlines of a village.

CREATE TABLE "early_warnings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_early_warnings" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "case_list_link" TEXT NULL,
    "case_count" INTEGER NOT NULL,
    "first_seen_at" TEXT NOT NULL,
    "last_seen_at" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "acknowledged_at" TEXT NULL,
    "acknowledged_by_name" TEXT NULL,
    "closed_at" TEXT NULL,
    "closed_by_name" TEXT NULL,
    "note" TEXT NULL
);

CREATE TABLE "early_warning_cases" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_early_warning_cases" PRIMARY KEY AUTOINCREMENT,
    "warning_id" INTEGER NOT NULL,
    "case_id" INTEGER NOT NULL,
    "case_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "registered_at" TEXT NOT NULL,
    CONSTRAINT "fk_early_warning_cases_early_warnings_warning_id" FOREIGN KEY ("warning_id") REFERENCES "early_warnings" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_case_deadlines_met_at_step_region_code" ON "case_deadlines" ("met_at", "step", "region_code");
CREATE INDEX "ix_cases_village_code_category_code_registered_at" ON "cases" ("village_code", "category_code", "registered_at");
CREATE UNIQUE INDEX "ix_early_warning_cases_warning_id_case_id" ON "early_warning_cases" ("warning_id", "case_id");
CREATE UNIQUE INDEX "ix_early_warnings_kind_dedupe_key" ON "early_warnings" ("kind", "dedupe_key");
CREATE INDEX "ix_early_warnings_region_code_status_last_seen_at" ON "early_warnings" ("region_code", "status", "last_seen_at");
