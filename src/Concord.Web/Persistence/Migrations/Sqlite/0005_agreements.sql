-- 0005: mediation agreements (人民调解协议书, People's Mediation Law art. 29) and the parties' signatures.

CREATE TABLE "agreements" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_agreements" PRIMARY KEY AUTOINCREMENT,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "parties" TEXT NOT NULL,
    "facts" TEXT NULL,
    "disputed_items" TEXT NULL,
    "responsibility" TEXT NULL,
    "terms" TEXT NULL,
    "performance_method" TEXT NULL,
    "performance_place" TEXT NULL,
    "performance_deadline" TEXT NULL,
    "verbal" INTEGER NOT NULL,
    "drafted_by_user_id" INTEGER NULL,
    "drafted_at" TEXT NOT NULL,
    "finalised_at" TEXT NULL,
    "effective_at" TEXT NULL,
    CONSTRAINT "fk_agreements_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE
);

CREATE TABLE "agreement_signatures" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_agreement_signatures" PRIMARY KEY AUTOINCREMENT,
    "agreement_id" INTEGER NOT NULL,
    "case_id" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "party_name" TEXT NOT NULL,
    "party_role" TEXT NOT NULL,
    "signed_at" TEXT NULL,
    "method" TEXT NULL,
    CONSTRAINT "fk_agreement_signatures_agreements_agreement_id" FOREIGN KEY ("agreement_id") REFERENCES "agreements" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_agreement_signatures_agreement_id" ON "agreement_signatures" ("agreement_id");
CREATE UNIQUE INDEX "ix_agreements_case_id" ON "agreements" ("case_id");
