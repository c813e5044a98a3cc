-- 0007: judicial confirmation (司法确认): application, court acceptance, outcome.

CREATE TABLE "judicial_confirmations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_judicial_confirmations" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "court" TEXT NOT NULL,
    "applied_at" TEXT NOT NULL,
    "accepted_at" TEXT NULL,
    "decided_at" TEXT NULL,
    "outcome" TEXT NULL,
    "note" TEXT NULL
);

CREATE INDEX "ix_judicial_confirmations_case_id" ON "judicial_confirmations" ("case_id");
