-- 0006: closing a case: follow-up visits (回访), rating links that need no login, and the case file (卷宗).

CREATE TABLE "follow_up_visits" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_follow_up_visits" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "due_on" TEXT NOT NULL,
    "visited_at" TEXT NULL,
    "performed" INTEGER NULL,
    "notes" TEXT NULL,
    "visitor_name" TEXT NULL
);

CREATE TABLE "rating_requests" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_rating_requests" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "party_id" INTEGER NOT NULL,
    "party_name" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "rated_at" TEXT NULL,
    "rating" TEXT NULL,
    "comment" TEXT NULL
);

CREATE TABLE "case_file_entries" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_file_entries" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "note" TEXT NULL,
    "added_at" TEXT NOT NULL,
    "added_by_user_id" INTEGER NULL
);

CREATE UNIQUE INDEX "ix_case_file_entries_case_id_item" ON "case_file_entries" ("case_id", "item");
CREATE INDEX "ix_follow_up_visits_case_id" ON "follow_up_visits" ("case_id");
CREATE INDEX "ix_rating_requests_case_id" ON "rating_requests" ("case_id");
CREATE UNIQUE INDEX "ix_rating_requests_token" ON "rating_requests" ("token");
