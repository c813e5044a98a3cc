-- Dashboard roll-ups (issue 5): what the figures count of a case, and the incrementally
-- maintained sums per place (village up to province), month and breakdown.
-- Existing cases are backfilled below; the roll-up rows themselves are built from them by the
-- start-up step "dashboard roll-ups" (a full recount, once), since the sums are C# rules.

ALTER TABLE cases ADD COLUMN concluded_at timestamp with time zone;
ALTER TABLE cases ADD COLUMN outcome character varying(32);
ALTER TABLE cases ADD COLUMN concluded_on_time boolean NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN rating character varying(32);
ALTER TABLE cases ADD COLUMN repeat_dispute boolean NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN group_dispute boolean NOT NULL DEFAULT FALSE;

UPDATE cases SET
    concluded_at = CASE WHEN status IN ('Closed', 'NoAgreement', 'Withdrawn') THEN updated_at END,
    outcome = CASE status WHEN 'NoAgreement' THEN 'Failed' WHEN 'Withdrawn' THEN 'Withdrawn' WHEN 'Closed' THEN
        CASE WHEN EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.kind IN ('RecordNoAgreement', 'RecordRejectedLitigate', 'no_agreement')) THEN 'Failed'
             WHEN EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.kind IN ('Withdraw', 'withdrawn')) THEN 'Withdrawn'
             ELSE 'Resolved' END END,
    concluded_on_time = status IN ('Closed', 'NoAgreement', 'Withdrawn')
        AND NOT EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = cases.id AND d.step IN ('Warned', 'Escalated')),
    rating = (SELECT r.rating FROM rating_requests r WHERE r.case_id = cases.id AND r.rating IS NOT NULL
        ORDER BY CASE r.rating WHEN 'Dissatisfied' THEN 0 WHEN 'BasicallySatisfied' THEN 1 ELSE 2 END LIMIT 1),
    repeat_dispute = EXISTS (SELECT 1 FROM case_red_flags f WHERE f.case_id = cases.id AND f.kind = 'Repeat'),
    group_dispute = EXISTS (SELECT 1 FROM case_red_flags f WHERE f.case_id = cases.id AND f.kind = 'Group');

CREATE TABLE case_rollups (
    region_code character varying(12) COLLATE "C" NOT NULL,
    period integer NOT NULL,
    dim character varying(24) NOT NULL,
    parent_code character varying(12) COLLATE "C" NOT NULL,
    registered bigint NOT NULL,
    concluded bigint NOT NULL,
    concluded_on_time bigint NOT NULL,
    resolved bigint NOT NULL,
    failed bigint NOT NULL,
    withdrawn bigint NOT NULL,
    rated bigint NOT NULL,
    satisfied bigint NOT NULL,
    urgent bigint NOT NULL,
    repeat_dispute bigint NOT NULL,
    group_dispute bigint NOT NULL,
    concluded_in_month bigint NOT NULL,
    resolved_in_month bigint NOT NULL,
    failed_in_month bigint NOT NULL,
    overdue_deadlines bigint NOT NULL,
    escalated_deadlines bigint NOT NULL,
    CONSTRAINT pk_case_rollups PRIMARY KEY (region_code, period, dim)
);

CREATE INDEX ix_case_rollups_parent_code_dim_period ON case_rollups (parent_code, dim, period);
