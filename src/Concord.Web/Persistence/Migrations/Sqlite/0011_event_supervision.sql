-- Supervision tasks (督办) for events as well as cases: case_id and case_code become optional,
-- event_id and event_code are added. SQLite cannot drop NOT NULL in place, so the table is
-- rebuilt with its rows and indexes.

CREATE TABLE "supervision_tasks_new" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_supervision_tasks" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NULL,
    "region_code" TEXT NOT NULL,
    "case_code" TEXT NULL,
    "event_id" INTEGER NULL,
    "event_code" TEXT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "resolved_at" TEXT NULL,
    "resolution" TEXT NULL
);

INSERT INTO "supervision_tasks_new" ("id", "case_id", "region_code", "case_code", "reason", "created_at", "resolved_at", "resolution")
SELECT "id", "case_id", "region_code", "case_code", "reason", "created_at", "resolved_at", "resolution" FROM "supervision_tasks";

DROP TABLE "supervision_tasks";

ALTER TABLE "supervision_tasks_new" RENAME TO "supervision_tasks";

CREATE INDEX "ix_supervision_tasks_case_id" ON "supervision_tasks" ("case_id");

CREATE INDEX "ix_supervision_tasks_event_id" ON "supervision_tasks" ("event_id");

CREATE INDEX "ix_supervision_tasks_region_code_resolved_at" ON "supervision_tasks" ("region_code", "resolved_at");
