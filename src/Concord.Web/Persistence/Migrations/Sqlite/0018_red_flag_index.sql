-- The dashboard's red flags (open cases on the duty list of a subtree, newest first) read a
-- partial index of only those cases instead of every case row of the subtree.
CREATE INDEX "ix_cases_open_duty_listed" ON "cases" ("region_code", "duty_listed_at") WHERE duty_listed_at IS NOT NULL AND status <> 'Closed' AND status <> 'NoAgreement' AND status <> 'Withdrawn';
