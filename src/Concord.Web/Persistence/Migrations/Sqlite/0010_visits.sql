-- 0010: household visits (日基本走访, 周重点走访), each household's latest visit and 重点户 flag
-- (coverage is a range query on household_visit_states), and the weekly 研判 meeting with its items.

CREATE TABLE "visits" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_visits" PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "visited_at" TEXT NOT NULL,
    "latitude" REAL NULL,
    "longitude" REAL NULL,
    "accuracy_meters" REAL NULL,
    "findings" TEXT NOT NULL,
    "follow_up_needed" INTEGER NOT NULL,
    "follow_up_note" TEXT NULL,
    "visitor_user_id" INTEGER NULL,
    "visitor_name" TEXT NOT NULL,
    "visitor_role" TEXT NULL,
    "recorded_at" TEXT NOT NULL
);

CREATE TABLE "household_visit_states" (
    "household_id" INTEGER NOT NULL CONSTRAINT "pk_household_visit_states" PRIMARY KEY,
    "region_code" TEXT NOT NULL,
    "last_visited_at" TEXT NULL,
    "key" INTEGER NOT NULL,
    "key_reason" TEXT NULL,
    "key_marked_at" TEXT NULL,
    "key_marked_by" TEXT NULL
);

CREATE TABLE "review_meetings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_review_meetings" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "attendees" TEXT NULL,
    "topics" TEXT NOT NULL,
    "recorded_by_user_id" INTEGER NULL,
    "recorded_by_name" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL
);

CREATE TABLE "review_meeting_members" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_review_meeting_members" PRIMARY KEY AUTOINCREMENT,
    "meeting_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "fk_review_meeting_members_review_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "review_meetings" ("id") ON DELETE CASCADE
);

CREATE TABLE "review_items" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_review_items" PRIMARY KEY AUTOINCREMENT,
    "meeting_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "owner_user_id" INTEGER NULL,
    "due_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "done_at" TEXT NULL,
    "done_note" TEXT NULL,
    "done_by_name" TEXT NULL,
    CONSTRAINT "fk_review_items_review_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "review_meetings" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_household_visit_states_region_code_last_visited_at" ON "household_visit_states" ("region_code", "last_visited_at");

CREATE INDEX "ix_review_items_meeting_id" ON "review_items" ("meeting_id");

CREATE INDEX "ix_review_items_region_code_status_due_on" ON "review_items" ("region_code", "status", "due_on");

CREATE INDEX "ix_review_meeting_members_meeting_id" ON "review_meeting_members" ("meeting_id");

CREATE INDEX "ix_review_meetings_region_code_held_on" ON "review_meetings" ("region_code", "held_on");

CREATE INDEX "ix_visits_household_id_visited_at" ON "visits" ("household_id", "visited_at");

CREATE UNIQUE INDEX "ix_visits_reference" ON "visits" ("reference");

CREATE INDEX "ix_visits_region_code_visited_at" ON "visits" ("region_code", "visited_at");

CREATE INDEX "ix_visits_visitor_user_id_visited_at" ON "visits" ("visitor_user_id", "visited_at");
