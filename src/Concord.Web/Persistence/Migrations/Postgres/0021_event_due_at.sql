-- 0021: each event's running deadline on its own row (grid_events.due_at, kept by every write that
-- starts or meets an event deadline), and task-list indexes that hold the filter and sort columns
-- and the id, so that "my tasks" counts and sorts a grid's events from the index alone and reads
-- the rows of its first page only (docs/decisions/0008-my-tasks-raw-reads.md). They replace the
-- narrower (region_code, status) and (reporter_user_id) indexes, whose leading columns they keep.
ALTER TABLE grid_events ADD COLUMN due_at timestamp with time zone;
UPDATE grid_events g SET due_at = d.due_at
FROM (SELECT event_id, min(due_at) AS due_at FROM event_deadlines WHERE met_at IS NULL GROUP BY event_id) d
WHERE g.id = d.event_id;
DROP INDEX ix_grid_events_region_code_status;
DROP INDEX ix_grid_events_reporter_user_id;
CREATE INDEX ix_grid_events_tasks ON grid_events (region_code, status, due_at, reported_at, reporter_user_id, id);
CREATE INDEX ix_grid_events_reporter_tasks ON grid_events (reporter_user_id, status, due_at, reported_at, region_code, id);
