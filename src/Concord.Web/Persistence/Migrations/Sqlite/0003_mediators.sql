-- 0003: mediators and the expert pool; mediators and experts assigned to cases; declared conflicts
-- of interest (回避).

CREATE TABLE "case_experts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_experts" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "expert_id" INTEGER NOT NULL,
    "invited_at" TEXT NOT NULL,
    "purpose" TEXT NOT NULL
);

CREATE TABLE "case_mediators" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_case_mediators" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "mediator_id" INTEGER NOT NULL,
    "primary" INTEGER NOT NULL,
    "assigned_at" TEXT NOT NULL,
    "assigned_by_user_id" INTEGER NULL
);

CREATE TABLE "conflict_declarations" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_conflict_declarations" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "mediator_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "declared_at" TEXT NOT NULL
);

CREATE TABLE "experts" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_experts" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "specialty" TEXT NULL,
    "organisation" TEXT NULL
);

CREATE TABLE "mediators" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_mediators" PRIMARY KEY AUTOINCREMENT,
    "region_code" TEXT NOT NULL,
    "org_unit_id" INTEGER NOT NULL,
    "user_id" INTEGER NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "category_codes" TEXT NOT NULL,
    "dialects" TEXT NULL,
    "gold" INTEGER NOT NULL,
    "active" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ix_case_experts_case_id_expert_id" ON "case_experts" ("case_id", "expert_id");

CREATE UNIQUE INDEX "ix_case_mediators_case_id_mediator_id" ON "case_mediators" ("case_id", "mediator_id");

CREATE INDEX "ix_case_mediators_mediator_id" ON "case_mediators" ("mediator_id");

CREATE UNIQUE INDEX "ix_conflict_declarations_case_id_mediator_id" ON "conflict_declarations" ("case_id", "mediator_id");

CREATE INDEX "ix_experts_region_code" ON "experts" ("region_code");

CREATE INDEX "ix_mediators_org_unit_id" ON "mediators" ("org_unit_id");

CREATE INDEX "ix_mediators_region_code" ON "mediators" ("region_code");

CREATE INDEX "ix_mediators_user_id" ON "mediators" ("user_id");
