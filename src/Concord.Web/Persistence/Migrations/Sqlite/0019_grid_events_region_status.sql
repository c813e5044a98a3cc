-- "My tasks" lists the events of a grid in the statuses waiting for its worker
-- (docs/decisions/0008-my-tasks-raw-reads.md).
CREATE INDEX "ix_grid_events_region_code_status" ON "grid_events" ("region_code", "status");
