-- 0016: 以案促改 (lessons learned) — reviews of failed, repeated and group disputes: the cases
-- under review with the reasons they qualified, the gaps found, and the actions (owner org unit
-- and/or person, due date, evidence when done) tracked until a supervisor closes the review.

CREATE TABLE "lesson_reviews" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_lesson_reviews" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "created_by_user_id" INTEGER NULL,
    "created_by_name" TEXT NOT NULL,
    "closed_at" TEXT NULL,
    "closed_by_name" TEXT NULL,
    "closing_note" TEXT NULL
);

CREATE TABLE "lesson_review_cases" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_lesson_review_cases" PRIMARY KEY AUTOINCREMENT,
    "review_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "case_id" INTEGER NOT NULL,
    "case_code" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    CONSTRAINT "fk_lesson_review_cases_lesson_reviews_review_id" FOREIGN KEY ("review_id") REFERENCES "lesson_reviews" ("id") ON DELETE CASCADE
);

CREATE TABLE "lesson_gaps" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_lesson_gaps" PRIMARY KEY AUTOINCREMENT,
    "review_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "fk_lesson_gaps_lesson_reviews_review_id" FOREIGN KEY ("review_id") REFERENCES "lesson_reviews" ("id") ON DELETE CASCADE
);

CREATE TABLE "lesson_actions" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_lesson_actions" PRIMARY KEY AUTOINCREMENT,
    "review_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "owner_org_unit_id" INTEGER NULL,
    "owner_org_name" TEXT NULL,
    "owner_user_id" INTEGER NULL,
    "owner_name" TEXT NULL,
    "due_on" TEXT NOT NULL,
    "done_at" TEXT NULL,
    "evidence" TEXT NULL,
    "done_by_name" TEXT NULL,
    CONSTRAINT "fk_lesson_actions_lesson_reviews_review_id" FOREIGN KEY ("review_id") REFERENCES "lesson_reviews" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_lesson_actions_owner_org_unit_id_due_on" ON "lesson_actions" ("owner_org_unit_id", "due_on");

CREATE INDEX "ix_lesson_actions_owner_user_id_due_on" ON "lesson_actions" ("owner_user_id", "due_on");

CREATE INDEX "ix_lesson_actions_review_id" ON "lesson_actions" ("review_id");

CREATE INDEX "ix_lesson_gaps_review_id" ON "lesson_gaps" ("review_id");

CREATE INDEX "ix_lesson_review_cases_case_id" ON "lesson_review_cases" ("case_id");

CREATE UNIQUE INDEX "ix_lesson_review_cases_review_id_case_id" ON "lesson_review_cases" ("review_id", "case_id");

CREATE INDEX "ix_lesson_reviews_region_code_created_at" ON "lesson_reviews" ("region_code", "created_at");
