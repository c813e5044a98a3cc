-- 0015: typical cases (典型案例) — anonymised retellings of closed cases, drafted, reviewed and
-- published on the public page; one per source case.

CREATE TABLE "typical_cases" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_typical_cases" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "source_case_id" INTEGER NOT NULL,
    "category_code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "place_name" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "narrative" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "commentary" TEXT NULL,
    "status" TEXT NOT NULL,
    "replacements" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "created_by_user_id" INTEGER NULL,
    "created_by_name" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "published_at" TEXT NULL,
    "published_by_name" TEXT NULL,
    "unpublished_at" TEXT NULL,
    "unpublish_reason" TEXT NULL
);

CREATE INDEX "ix_typical_cases_region_code_updated_at" ON "typical_cases" ("region_code", "updated_at");

CREATE UNIQUE INDEX "ix_typical_cases_source_case_id" ON "typical_cases" ("source_case_id");

CREATE INDEX "ix_typical_cases_status_category_code_published_at" ON "typical_cases" ("status", "category_code", "published_at");

CREATE INDEX "ix_typical_cases_status_published_at" ON "typical_cases" ("status", "published_at");
