-- Supervision tasks (督办) for events as well as cases: case_id and case_code become optional,
-- event_id and event_code are added.

ALTER TABLE supervision_tasks ALTER COLUMN case_id DROP NOT NULL;

ALTER TABLE supervision_tasks ALTER COLUMN case_code DROP NOT NULL;

ALTER TABLE supervision_tasks ADD COLUMN event_id bigint;

ALTER TABLE supervision_tasks ADD COLUMN event_code character varying(24) COLLATE "C";

CREATE INDEX ix_supervision_tasks_event_id ON supervision_tasks (event_id);
